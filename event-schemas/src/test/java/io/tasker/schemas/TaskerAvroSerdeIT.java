package io.tasker.schemas;

import io.tasker.avro.StepResult;
import io.tasker.avro.TaskRequest;
import io.tasker.infra.testkit.SharedTestCluster;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The serde against a real Apicurio registry and a real embedded Kafka broker. */
class TaskerAvroSerdeIT {
    private final String url = SharedTestCluster.schemaRegistryUrl();

    @Test
    void taskRequestAndStepResultRoundTripThroughTheRealRegistry() {
        String requests = SharedTestCluster.unique("requests");
        String results = SharedTestCluster.unique("results");
        TaskerAvroSerde<TaskRequest> requestSerde = TaskerAvroSerde.forValues(TaskRequest.class, url);
        TaskerAvroSerde<StepResult> resultSerde = TaskerAvroSerde.forValues(StepResult.class, url);
        // Readers with their own client and empty caches, like consumers in another process.
        SchemaRegistryClient other = new SchemaRegistryClient(url);
        TaskRequest request = Records.taskRequest("t-1");
        StepResult result = Records.failedStepResult("t-1");

        byte[] requestBytes = requestSerde.serializer().serialize(requests, request);
        byte[] resultBytes = resultSerde.serializer().serialize(results, result);

        assertThat(new TaskerAvroSerde<>(TaskRequest.class, other, false).deserializer().deserialize(requests, requestBytes))
                .isEqualTo(request);
        assertThat(new TaskerAvroSerde<>(StepResult.class, other, false).deserializer().deserialize(results, resultBytes))
                .isEqualTo(result);
        assertThat(other.lookup(requests + "-value", TaskRequest.getClassSchema())).isEqualTo(schemaIdOf(requestBytes));
    }

    @Test
    void recordWrittenWithThePreviousSchemaVersionIsReadWithDefaults() throws Exception {
        String topic = SharedTestCluster.unique("evolution");
        Schema v1 = SchemaEvolutionTest.previous("TaskRequest-v1.avsc");
        SchemaRegistryClient client = new SchemaRegistryClient(url);
        client.setCompatibility(topic + "-value", "FULL");
        int v1Id = client.register(topic + "-value", v1);
        byte[] bytes = SchemaEvolutionTest.confluentBytes(v1Id, v1, SchemaEvolutionTest.v1TaskRequest(v1));
        TaskerAvroSerde<TaskRequest> serde = new TaskerAvroSerde<>(TaskRequest.class, new SchemaRegistryClient(url), false);

        TaskRequest read = serde.deserializer().deserialize(topic, bytes);
        byte[] current = serde.serializer().serialize(topic, read);

        assertThat(read.getTags()).isEmpty();
        assertThat(read.getIdempotencyKey()).isNull();
        assertThat(schemaIdOf(current)).as("the current schema registers as a FULL-compatible second version").isNotEqualTo(v1Id);
    }

    @Test
    void taskRequestsRoundTripThroughTheEmbeddedBroker() throws Exception {
        String bootstrap = SharedTestCluster.bootstrapServers();
        String topic = SharedTestCluster.unique("broker-requests");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        // Configured the way applications configure it: by properties.
        TaskerAvroSerde<TaskRequest> serde = new TaskerAvroSerde<>(TaskRequest.class);
        serde.configure(Map.of(TaskerAvroSerde.SCHEMA_REGISTRY_URL_CONFIG, url), false);
        List<TaskRequest> sent = List.of(Records.taskRequest("a"), Records.taskRequest("b"), Records.taskRequest("c"));

        try (KafkaProducer<String, TaskRequest> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), serde.serializer())) {
            for (TaskRequest r : sent) {
                producer.send(new ProducerRecord<>(topic, r.getTaskId(), r)).get();
            }
            producer.send(new ProducerRecord<>(topic, "tombstone", null)).get();
        }

        List<ConsumerRecord<String, TaskRequest>> received = new ArrayList<>();
        try (KafkaConsumer<String, TaskRequest> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, SharedTestCluster.unique("group"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), serde.deserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                assertThat(received).hasSize(4);
            });
        }

        assertThat(received.subList(0, 3)).extracting(ConsumerRecord::value).containsExactlyElementsOf(sent);
        assertThat(received.get(3).value()).isNull();
    }

    private static int schemaIdOf(byte[] bytes) {
        return ((bytes[1] & 0xff) << 24) | ((bytes[2] & 0xff) << 16) | ((bytes[3] & 0xff) << 8) | (bytes[4] & 0xff);
    }
}
