package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasker.avro.TaskRequest;
import io.tasker.avro.TemplateRegistration;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateJson;
import io.tasker.templates.TemplateLoader;
import io.tasker.examples.Examples;
import io.tasker.schemas.RejectedHeaders;
import io.tasker.schemas.SchemaRegistryClient;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.topology.TaskerTopologyApp;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    static Platform platform;
    static TaskerTopologyApp topology;
    static TaskerClient client;

    @BeforeAll
    static void startPlatform() {
        var templates = E2E.templates();
        platform = Platform.infrastructure(E2E.options("e2e"), templates);
        platform.startRunner(Examples.handlers(), templates);
        topology = platform.startTopology();
        client = new TaskerClient(topology.url());
        await().atMost(Duration.ofSeconds(60)).until(topology::isRunning);
        E2E.awaitTemplates(client, "order_fulfillment", "flaky_once", "always_fails");
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) platform.close();
    }

    @Test
    void demoOrderCompletesEndToEndWithTotalsComputedFromTheCart() throws Exception {
        JsonNode context = JSON.readTree(Examples.sampleContext(3));
        TaskerClient.Response submitted = client.submit("ecommerce", "order_fulfillment", context, null);
        assertThat(submitted.status()).isEqualTo(202);
        String taskId = submitted.body().get("task_id").asText();

        JsonNode task = E2E.awaitFinished(client, taskId);

        assertThat(task.path("state").asText()).isEqualTo("complete");
        assertThat(task.path("steps")).hasSize(5).allSatisfy(s -> assertThat(s.path("state").asText()).isEqualTo("complete"));
        JsonNode validated = E2E.step(task, "validate_products").path("result");
        JsonNode order = E2E.step(task, "create_order").path("result");
        long lineSum = 0;
        for (JsonNode line : validated.path("lines")) lineSum += line.path("line_total_cents").asLong();
        assertThat(lineSum).isPositive();
        assertThat(order.path("subtotal_cents").asLong()).isEqualTo(lineSum);
        assertThat(order.path("total_cents").asLong()).isEqualTo(order.path("subtotal_cents").asLong() + order.path("tax_cents").asLong());
        assertThat(task.path("created_at").asLong()).isLessThanOrEqualTo(task.path("completed_at").asLong());
    }

    @Test
    void stepThatFailsOnceIsRetriedAndTheTaskCompletes() {
        String taskId = submitOk("e2e", "flaky_once");
        JsonNode task = E2E.awaitFinished(client, taskId);

        assertThat(task.path("state").asText()).isEqualTo("complete");
        JsonNode flaky = E2E.step(task, "flaky");
        assertThat(flaky.path("attempt").asInt()).isEqualTo(2);
        assertThat(flaky.path("attempts")).hasSize(2);
        assertThat(flaky.path("attempts").get(0).path("outcome").asText()).isEqualTo("failure");
        assertThat(flaky.path("attempts").get(1).path("outcome").asText()).isEqualTo("success");
        assertThat(E2E.step(task, "finish").path("state").asText()).isEqualTo("complete");
    }

    @Test
    void stepThatAlwaysFailsPutsTheTaskInErrorAfterTheIndependentBranchFinishes() {
        String taskId = submitOk("e2e", "always_fails");
        JsonNode task = E2E.awaitFinished(client, taskId);

        assertThat(task.path("state").asText()).isEqualTo("error");
        JsonNode doomed = E2E.step(task, "doomed");
        assertThat(doomed.path("state").asText()).isEqualTo("error");
        assertThat(doomed.path("attempts")).hasSize(2);
        assertThat(doomed.path("last_error").asText()).contains("configured to fail");
        assertThat(E2E.step(task, "independent").path("state").asText()).isEqualTo("complete");
        assertThat(E2E.step(task, "after_doomed").path("state").asText()).isEqualTo("pending");
        assertThat(task.path("error").asText()).contains("doomed");
    }

    @Test
    void invalidContextAndUnknownTemplateAreRejectedWithAReasonWhileValidTasksKeepFlowing() throws Exception {
        String invalid = UUID.randomUUID().toString();
        String unknown = UUID.randomUUID().toString();
        String valid = UUID.randomUUID().toString();
        try (var producer = requestProducer()) {
            producer.send(new ProducerRecord<>(platform.topics().taskRequests(), invalid, request(invalid, "order_fulfillment", "{\"customer_id\": 42}")));
            producer.send(new ProducerRecord<>(platform.topics().taskRequests(), unknown, request(unknown, "no_such_template", Examples.sampleContext(1))));
            producer.send(new ProducerRecord<>(platform.topics().taskRequests(), valid, request(valid, "order_fulfillment", Examples.sampleContext(2))));
        }
        Map<String, ConsumerRecord<byte[], byte[]>> rejected = awaitRejected(List.of(invalid, unknown));
        assertThat(header(rejected.get(invalid), RejectedHeaders.REASON)).isEqualTo("invalid_context");
        assertThat(header(rejected.get(invalid), RejectedHeaders.DETAIL)).contains("customer_id");
        assertThat(header(rejected.get(unknown), RejectedHeaders.REASON)).isEqualTo("unknown_template");
        assertThat(header(rejected.get(unknown), RejectedHeaders.DETAIL)).contains("no_such_template");
        assertThat(header(rejected.get(unknown), RejectedHeaders.SOURCE_TOPIC)).isEqualTo(platform.topics().taskRequests());

        assertThat(E2E.awaitFinished(client, valid).path("state").asText()).isEqualTo("complete");
        assertThat(client.task(invalid).status()).isEqualTo(404);
        assertThat(topology.counters().get("rejected.invalid_context")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void corruptRecordOnTheRequestTopicGoesToRejectedAndTheAppKeepsRunning() throws Exception {
        String corruptKey = "corrupt-" + UUID.randomUUID();
        String valid = UUID.randomUUID().toString();
        long offset;
        try (var raw = new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
            offset = raw.send(new ProducerRecord<>(platform.topics().taskRequests(), corruptKey.getBytes(StandardCharsets.UTF_8),
                    "this is not avro".getBytes(StandardCharsets.UTF_8))).get().offset();
        }
        try (var producer = requestProducer()) {
            producer.send(new ProducerRecord<>(platform.topics().taskRequests(), valid, request(valid, "order_fulfillment", Examples.sampleContext(5))));
        }
        ConsumerRecord<byte[], byte[]> rejected = awaitRejected(List.of(corruptKey)).get(corruptKey);
        assertThat(header(rejected, RejectedHeaders.REASON)).isEqualTo("deserialization_failed");
        assertThat(header(rejected, RejectedHeaders.SOURCE_OFFSET)).isEqualTo(Long.toString(offset));
        assertThat(new String(rejected.value(), StandardCharsets.UTF_8)).isEqualTo("this is not avro");
        assertThat(E2E.awaitFinished(client, valid).path("state").asText()).isEqualTo("complete");
        assertThat(topology.isRunning()).isTrue();
    }

    @Test
    void httpSubmitAnswers422ForAContextThatDoesNotMatchTheInputSchema() throws Exception {
        TaskerClient.Response r = client.submit("ecommerce", "order_fulfillment", JSON.readTree("{\"customer_id\":\"c1\"}"), null);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().path("details").toString()).contains("cart_id");
        TaskerClient.Response unknown = client.submit("ecommerce", "nope", JSON.readTree("{}"), null);
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.body().path("error").asText()).contains("ecommerce/nope");
    }

    @Test
    void sameIdempotencyKeyMapsToTheSameTask() throws Exception {
        JsonNode context = JSON.readTree(Examples.sampleContext(7));
        String key = "order-" + UUID.randomUUID();
        String first = client.submit("ecommerce", "order_fulfillment", context, key).body().get("task_id").asText();
        String second = client.submit("ecommerce", "order_fulfillment", context, key).body().get("task_id").asText();
        assertThat(second).isEqualTo(first);
        assertThat(E2E.awaitFinished(client, first).path("state").asText()).isEqualTo("complete");
        await().atMost(Duration.ofSeconds(30)).until(() -> topology.counters().get("dropped.duplicate_request") >= 1);
    }

    @Test
    void newTemplateVersionIsServedWithoutRestartingTheTopology() throws Exception {
        TaskTemplate v1 = new TemplateLoader(null).loadResource("templates/e2e_flaky.yaml");
        TaskTemplate v2 = new TaskTemplate(v1.namespace(), v1.name(), "1.10.0", "second version", v1.inputSchema(),
                v1.steps(), v1.lifecycle());
        try (var producer = new KafkaProducer<>(producerConfig(), new StringSerializer(),
                new TaskerAvroSerde<>(TemplateRegistration.class, SchemaRegistryClient.shared(platform.schemaRegistryUrl()), false).serializer())) {
            producer.send(new ProducerRecord<>(platform.topics().templates(), v2.key(), TemplateRegistration.newBuilder()
                    .setNamespace(v2.namespace()).setName(v2.name()).setVersion(v2.version())
                    .setDefinitionJson(TemplateJson.toJson(v2)).setRegisteredAt(Instant.now()).build())).get();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            TaskerClient.Response r = client.submit("e2e", "flaky_once", JSON.createObjectNode(), null);
            assertThat(r.status()).isEqualTo(202);
            assertThat(r.body().path("template_version").asText()).as("1.10.0 sorts after 1.0.0").isEqualTo("1.10.0");
        });
    }

    @Test
    void unknownTaskIsA404NotA503() {
        TaskerClient.Response r = client.task(UUID.randomUUID().toString());
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body().path("error").asText()).contains("not found");
    }

    private String submitOk(String namespace, String template) {
        TaskerClient.Response r = client.submit(namespace, template, JSON.createObjectNode().put("n", 1), null);
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(202);
        return r.body().get("task_id").asText();
    }

    private static TaskRequest request(String id, String template, String contextJson) {
        return TaskRequest.newBuilder().setTaskId(id).setNamespace("ecommerce").setTemplateName(template)
                .setContextJson(contextJson).setRequestedAt(Instant.now()).setTags(Map.of()).build();
    }

    private static Map<String, Object> producerConfig() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all");
    }

    private static KafkaProducer<String, TaskRequest> requestProducer() {
        return new KafkaProducer<>(producerConfig(), new StringSerializer(),
                new TaskerAvroSerde<>(TaskRequest.class, SchemaRegistryClient.shared(platform.schemaRegistryUrl()), false).serializer());
    }

    private static Map<String, ConsumerRecord<byte[], byte[]>> awaitRejected(List<String> keys) {
        Map<String, ConsumerRecord<byte[], byte[]>> found = new java.util.HashMap<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "rejected-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(platform.topics().rejected()));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null) found.put(new String(r.key(), StandardCharsets.UTF_8), r);
                }
                return found.keySet().containsAll(keys);
            });
        }
        return found;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        List<String> values = new ArrayList<>();
        for (Header h : r.headers().headers(name)) values.add(new String(h.value(), StandardCharsets.UTF_8));
        assertThat(values).as("header " + name).hasSize(1);
        return values.get(0);
    }
}
