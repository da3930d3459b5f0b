package io.tasker.topology.internal;

import io.tasker.avro.TaskCommand;
import io.tasker.avro.TaskRequest;
import io.tasker.schemas.TaskerTopics;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link TaskInputs} on a Kafka producer: requests and commands keyed by task id, acknowledged before the API answers. */
final class KafkaTaskInputs implements TaskInputs {
    private final Producer<String, byte[]> producer;
    private final Serializer<TaskRequest> requestSerializer;
    private final Serializer<TaskCommand> commandSerializer;
    private final TaskerTopics topics;

    KafkaTaskInputs(Producer<String, byte[]> producer, Serializer<TaskRequest> requestSerializer,
                    Serializer<TaskCommand> commandSerializer, TaskerTopics topics) {
        this.producer = producer;
        this.requestSerializer = requestSerializer;
        this.commandSerializer = commandSerializer;
        this.topics = topics;
    }

    @Override
    public void request(TaskRequest request, String traceparent) throws InterruptedException {
        String topic = topics.taskRequests();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, request.getTaskId(), requestSerializer.serialize(topic, request));
        io.tasker.telemetry.TraceHeaders.put(record.headers(), traceparent);
        send(record, "the task request");
    }

    @Override
    public void command(TaskCommand command) throws InterruptedException {
        String topic = topics.taskCommands();
        send(new ProducerRecord<>(topic, command.getTaskId(), commandSerializer.serialize(topic, command)), "the command");
    }

    private void send(ProducerRecord<String, byte[]> record, String what) throws InterruptedException {
        try {
            producer.send(record).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw ApiError.unavailable("could not write " + what + " to Kafka: " + e.getMessage());
        }
    }
}
