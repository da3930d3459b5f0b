package io.tasker.runner.internal;

import io.tasker.avro.DomainEvent;
import io.tasker.avro.StepCommand;
import io.tasker.schemas.CloudEventHeaders;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.schemas.TaskerTopics;
import java.util.List;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces fire-and-forget events straight to {@code tasker.domain-events.<namespace>} (key task id, value
 * {@code DomainEvent}, CloudEvents headers), outside any transaction and with no retry beyond the producer's. Best
 * effort by contract: a failed send is logged and counted, and never fails the step or stops the runner. Thread-safe.
 */
final class FireAndForgetEvents {
    private static final Logger log = LoggerFactory.getLogger(FireAndForgetEvents.class);

    private final String runnerId;
    private final Producer<byte[], byte[]> producer;
    private final TaskerAvroSerde<DomainEvent> serde;
    private final TaskerTopics topics;
    private final RunnerMetrics metrics;

    FireAndForgetEvents(String runnerId, Producer<byte[], byte[]> producer, TaskerAvroSerde<DomainEvent> serde,
            TaskerTopics topics, RunnerMetrics metrics) {
        this.runnerId = runnerId;
        this.producer = producer;
        this.serde = serde;
        this.topics = topics;
        this.metrics = metrics;
    }

    /** Sends {@code events} (all fire-and-forget events of attempt {@code cmd}) in order; returns without waiting. */
    void send(StepCommand cmd, List<AttemptEvents.Event> events) {
        send(cmd, events, null);
    }

    /** Like {@link #send(StepCommand, List)}, each record carrying {@code traceparent} (the handler's span) when not null. */
    void send(StepCommand cmd, List<AttemptEvents.Event> events, String traceparent) {
        String topic = topics.domainEvents(cmd.getNamespace());
        for (AttemptEvents.Event e : events) {
            DomainEvent record = EventRecords.fireAndForget(cmd, e, runnerId);
            try {
                byte[] value = serde.serializer().serialize(topic, record);
                producer.send(new ProducerRecord<>(topic, null, Utf8.bytes(cmd.getTaskId()), value,
                        io.tasker.telemetry.TraceHeaders.put(CloudEventHeaders.of(record), traceparent)), (md, error) -> {
                            if (error == null) {
                                metrics.fireAndForgetPublished();
                            } else {
                                failed(topic, record, error);
                            }
                        });
            } catch (RuntimeException error) {
                // best effort by contract, even for a KafkaException: the step's result decides the runner's fate
                failed(topic, record, error);
            }
        }
    }

    private void failed(String topic, DomainEvent e, Exception error) {
        metrics.fireAndForgetSendFailed();
        log.warn("Fire-and-forget event {} ({}) of step {} of task {} attempt {} was not produced to {}: {}",
                e.getName(), e.getEventId(), e.getStepName(), e.getTaskId(), e.getAttempt(), topic, error.toString());
    }
}
