package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasker.avro.StepCommand;
import io.tasker.avro.StepOutcome;
import io.tasker.avro.StepResult;
import io.tasker.avro.TaskCommand;
import io.tasker.avro.TaskRequest;
import io.tasker.avro.TemplateRegistration;
import io.tasker.examples.Examples;
import io.tasker.schemas.RejectedHeaders;
import io.tasker.schemas.SchemaRegistryClient;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateJson;
import io.tasker.templates.TemplateLoader;
import io.tasker.topology.TaskerTopologyApp;
import io.tasker.topology.TopologyCounters;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Faults injected from outside: duplicate, reordered and late results; poison pills; the retry schedule. */
class FaultInjectionIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    static Platform platform;
    static TaskerTopologyApp topology;
    static TaskerClient client;
    static SchemaRegistryClient registry;
    static KafkaProducer<String, byte[]> producer;
    static KafkaConsumer<String, StepCommand> manualCommands;

    @BeforeAll
    static void start() throws Exception {
        List<TaskTemplate> templates = E2E.templates();
        TaskTemplate manual = new TemplateLoader(null).loadResource("templates/inject_manual.yaml");
        List<TaskTemplate> withManual = new ArrayList<>(templates);
        withManual.add(manual);
        platform = Platform.infrastructure(E2E.options("faults"), withManual);
        platform.startRunner(Examples.handlers(), templates);
        topology = platform.startTopology();
        client = new TaskerClient(topology.url());
        registry = SchemaRegistryClient.shared(platform.schemaRegistryUrl());
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        // No runner serves namespace "inject": register its template ourselves and play its runner.
        send(platform.topics().templates(), manual.key(), serialize(platform.topics().templates(), TemplateRegistration.newBuilder()
                .setNamespace(manual.namespace()).setName(manual.name()).setVersion(manual.version())
                .setDefinitionJson(TemplateJson.toJson(manual)).setRegisteredAt(Instant.now()).build()));
        manualCommands = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "manual-runner-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new TaskerAvroSerde<>(StepCommand.class, registry, false).deserializer());
        manualCommands.subscribe(List.of(platform.topics().stepCommands("inject")));
        await().atMost(Duration.ofSeconds(60)).until(topology::isRunning);
        E2E.awaitTemplates(client, "order_fulfillment", "manual", "backoff_schedule");
    }

    @AfterAll
    static void stop() {
        if (manualCommands != null) manualCommands.close();
        if (producer != null) producer.close();
        if (platform != null) platform.close();
    }

    // --- fault 3: duplicate, reordered and late results --------------------------------------------------

    @Test
    void duplicateReorderedAndLateResultsLeaveStateUnchangedAndAreCounted() throws Exception {
        TopologyCounters c = topology.counters();
        long notAwaiting = c.get("dropped.step_not_awaiting_result");
        long stale = c.get("dropped.stale_attempt");
        long notRunning = c.get("dropped.task_not_in_progress");
        String id = submit("manual");
        awaitCommand(id, "a", 1);

        sendResult(id, "b", 1);          // reordered: b's result before b was ever dispatched
        sendResult(id, "a", 2);          // an attempt that was never dispatched
        sendResult(id, "a", 1);          // the real one
        awaitCommand(id, "b", 1);
        sendResult(id, "a", 1);          // duplicate of a delivered result
        sendResult(id, "b", 1);
        JsonNode done = E2E.awaitFinished(client, id);
        sendResult(id, "b", 1);          // late: after completion

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(c.get("dropped.step_not_awaiting_result") - notAwaiting).isEqualTo(2);
            assertThat(c.get("dropped.stale_attempt") - stale).isEqualTo(1);
            assertThat(c.get("dropped.task_not_in_progress") - notRunning).isEqualTo(1);
        });
        JsonNode after = client.task(id).body();
        assertThat(after.path("state").asText()).isEqualTo("complete");
        assertThat(E2E.step(after, "a").path("attempts")).hasSize(1);
        assertThat(E2E.step(after, "b").path("attempts")).hasSize(1);
        assertThat(after.path("updated_at").asLong()).as("nothing changed after completion").isEqualTo(done.path("updated_at").asLong());
    }

    @Test
    void resultArrivingAfterCancelIsDroppedAndTheTaskStaysCancelled() throws Exception {
        long notRunning = topology.counters().get("dropped.task_not_in_progress");
        String id = submit("manual");
        awaitCommand(id, "a", 1);
        HttpResponse<String> cancel = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(topology.url() + "/v1/tasks/" + id + "/cancel"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"test\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(cancel.statusCode()).isEqualTo(202);
        JsonNode cancelled = E2E.awaitFinished(client, id);
        assertThat(cancelled.path("state").asText()).isEqualTo("cancelled");

        sendResult(id, "a", 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> topology.counters().get("dropped.task_not_in_progress") > notRunning);
        JsonNode after = client.task(id).body();
        assertThat(after.path("state").asText()).isEqualTo("cancelled");
        assertThat(E2E.step(after, "a").path("state").asText()).isEqualTo("cancelled");
        assertThat(E2E.step(after, "b").path("state").asText()).isEqualTo("cancelled");
    }

    // --- fault 4: poison pills on every input topic -----------------------------------------------------

    @Test
    void poisonPillsOnEveryInputTopicAreRejectedWithReasonAndSourceWhileValidRecordsAroundThemFlow() throws Exception {
        String requests = platform.topics().taskRequests();
        String results = platform.topics().stepResults();
        String commands = platform.topics().taskCommands();
        String before = submitDirect();
        Map<String, Long> offsets = new HashMap<>();
        for (String topic : List.of(requests, results, commands)) {
            offsets.put(topic + "/not-avro", send(topic, "poison-" + UUID.randomUUID(), "definitely not avro".getBytes(StandardCharsets.UTF_8)));
            byte[] unknownId = ByteBuffer.allocate(9).put((byte) 0).putInt(987_654).putInt(42).array();
            offsets.put(topic + "/unknown-id", send(topic, "poison-" + UUID.randomUUID(), unknownId));
            offsets.put(topic + "/missing-field", send(topic, "poison-" + UUID.randomUUID(), missingRequiredField(topic)));
        }
        String after = submitDirect();

        List<ConsumerRecord<byte[], byte[]>> rejected = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "poison-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(platform.topics().rejected()));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(rejected::add);
                for (var e : offsets.entrySet()) {
                    String topic = e.getKey().substring(0, e.getKey().indexOf('/'));
                    assertThat(rejected).as("rejected record for " + e.getKey()).anySatisfy(r -> {
                        assertThat(header(r, RejectedHeaders.SOURCE_TOPIC)).isEqualTo(topic);
                        assertThat(header(r, RejectedHeaders.SOURCE_OFFSET)).isEqualTo(Long.toString(e.getValue()));
                        assertThat(header(r, RejectedHeaders.REASON)).isEqualTo("deserialization_failed");
                        assertThat(header(r, RejectedHeaders.DETAIL)).isNotBlank();
                        assertThat(header(r, RejectedHeaders.SOURCE_PARTITION)).matches("\\d+");
                    });
                }
            });
        }
        assertThat(E2E.awaitFinished(client, before).path("state").asText()).isEqualTo("complete");
        assertThat(E2E.awaitFinished(client, after).path("state").asText()).isEqualTo("complete");
        assertThat(topology.isRunning()).isTrue();
        assertThat(topology.counters().get("rejected.deserialization_failed")).isGreaterThanOrEqualTo(9);
    }

    // --- fault 5: the retry schedule -------------------------------------------------------------------

    @Test
    void stepFailingTwiceIsRetriedAfterExponentialBackoffOf200And400MsWithinJitter() {
        String id = submit("backoff_schedule", "e2e");
        JsonNode task = E2E.awaitFinished(client, id);
        assertThat(task.path("state").asText()).isEqualTo("complete");
        JsonNode attempts = E2E.step(task, "flaky").path("attempts");
        assertThat(attempts).hasSize(3);
        long firstDelay = attempts.get(1).path("dispatched_at").asLong() - attempts.get(0).path("recorded_at").asLong();
        long secondDelay = attempts.get(2).path("dispatched_at").asLong() - attempts.get(1).path("recorded_at").asLong();
        // jitter 10% => 180..220 and 360..440 ms; the timer fires within one 50 ms punctuation, plus scheduling slack
        assertThat(firstDelay).isBetween(180L, 220L + 150L);
        assertThat(secondDelay).isBetween(360L, 440L + 150L);
        assertThat(attempts.get(0).path("outcome").asText()).isEqualTo("failure");
        assertThat(attempts.get(2).path("outcome").asText()).isEqualTo("success");
    }

    // --- helpers ---------------------------------------------------------------------------------------

    private static String submit(String template) {
        return submit(template, "inject");
    }

    private static String submit(String template, String namespace) {
        TaskerClient.Response r = client.submit(namespace, template, JSON.createObjectNode(), null);
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(202);
        return r.body().get("task_id").asText();
    }

    private static String submitDirect() {
        String id = UUID.randomUUID().toString();
        send(platform.topics().taskRequests(), id, serialize(platform.topics().taskRequests(), TaskRequest.newBuilder()
                .setTaskId(id).setNamespace("ecommerce").setTemplateName("order_fulfillment")
                .setContextJson(Examples.sampleContext(1)).setRequestedAt(Instant.now()).setTags(Map.of()).build()));
        return id;
    }

    private static void awaitCommand(String taskId, String step, int attempt) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (ConsumerRecord<String, StepCommand> r : manualCommands.poll(Duration.ofMillis(200))) {
                if (r.key().equals(taskId) && r.value().getStepName().equals(step) && r.value().getAttempt() == attempt) return true;
            }
            return false;
        });
    }

    private static void sendResult(String taskId, String step, int attempt) {
        StepResult r = StepResult.newBuilder().setTaskId(taskId).setStepName(step).setAttempt(attempt)
                .setStatus(StepOutcome.SUCCESS).setResultJson("{\"by\":\"test\"}").setRunnerId("test")
                .setStartedAt(Instant.now()).setFinishedAt(Instant.now()).build();
        send(platform.topics().stepResults(), taskId, serialize(platform.topics().stepResults(), r));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static byte[] serialize(String topic, org.apache.avro.specific.SpecificRecord record) {
        return new TaskerAvroSerde(record.getClass(), registry, false).serializer().serialize(topic, record);
    }

    private static long send(String topic, String key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value)).get().offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A well-formed Avro record in the Confluent wire format whose schema lacks a field the reader requires. */
    private static byte[] missingRequiredField(String topic) throws Exception {
        Schema current = topic.equals(platform.topics().taskRequests()) ? TaskRequest.getClassSchema()
                : topic.equals(platform.topics().stepResults()) ? StepResult.getClassSchema() : TaskCommand.getClassSchema();
        Schema broken = Schema.createRecord(current.getName(), "without task_id", current.getNamespace(), false,
                List.of(new Schema.Field("something_else", Schema.create(Schema.Type.STRING), null, (Object) null)));
        int id = registry.register("poison-" + UUID.randomUUID() + "-value", broken);
        GenericRecord record = new GenericData.Record(broken);
        record.put("something_else", "x");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(broken).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

}
