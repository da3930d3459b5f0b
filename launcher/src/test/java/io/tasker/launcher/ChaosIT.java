package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasker.avro.TaskRequest;
import io.tasker.avro.TemplateRegistration;
import io.tasker.infra.testkit.SharedTestCluster;
import io.tasker.runner.HandlerRegistry;
import io.tasker.runner.RunnerConfig;
import io.tasker.runner.StepOutcome;
import io.tasker.runner.StepRunner;
import io.tasker.runner.TemplateConflictException;
import io.tasker.schemas.RejectedHeaders;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateJson;
import io.tasker.templates.TemplateLoader;
import io.tasker.topology.TaskerTopologyApp;
import io.tasker.topology.TopologyCounters;
import io.tasker.topology.internal.Decision;
import io.tasker.topology.internal.StepResultIn;
import io.tasker.topology.internal.TaskEngine;
import io.tasker.topology.internal.TaskRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * One platform, tasks flowing, and one bad input after another: a namespace without a topic, a template redefined
 * under a running task, an exception inside the engine, an oversized step result, a handler that hangs, a 10 s schema
 * registry outage with a topology restart in it. After each: the topology is RUNNING, the valid tasks submitted
 * around it complete, the bad one is visible with a reason, and at the end every rejected record is accounted for
 * by a counter. Prints the table that is in the README.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicBoolean releaseHung = new AtomicBoolean();
    private static final List<String> table = new CopyOnWriteArrayList<>();
    private static final List<TopologyCounters> topologyCounters = new CopyOnWriteArrayList<>();
    private static final List<StepRunner> runners = new CopyOnWriteArrayList<>();

    static RegistryProxy proxy;
    static Platform platform;
    static TaskerTopologyApp topology;
    static TaskerClient client;
    static KafkaProducer<byte[], byte[]> producer;
    static TaskerAvroSerde<TaskRequest> requestSerde;
    static TaskerAvroSerde<TemplateRegistration> registrationSerde;

    /** An engine that fails on purpose for tasks submitted with an idempotency key starting with {@code explode}. */
    static final class ExplodingEngine extends TaskEngine {
        @Override
        public Decision onResult(TaskRecord task, io.tasker.templates.TaskTemplate template, StepResultIn r, long now) {
            if (task.idempotencyKey() != null && task.idempotencyKey().startsWith("explode")) {
                throw new IllegalStateException("injected engine failure");
            }
            return super.onResult(task, template, r, now);
        }
    }

    static HandlerRegistry handlers() {
        return new HandlerRegistry()
                .register("chaos.ok", ctx -> StepOutcome.success(Map.of("ok", true)))
                .register("chaos.slow", ctx -> {
                    Thread.sleep(2_000);
                    return StepOutcome.success(Map.of("slept_ms", 2_000));
                })
                .register("chaos.big_result", ctx -> StepOutcome.success(Map.of("blob", "x".repeat(300 * 1024))))
                .register("chaos.hang", ctx -> {
                    // ignores interrupts on purpose, like a handler stuck in a non-interruptible call
                    while (!releaseHung.get()) {
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException ignored) {
                            // keep hanging
                        }
                    }
                    return StepOutcome.success(Map.of());
                });
    }

    static List<TaskTemplate> chaosTemplates() {
        TemplateLoader loader = new TemplateLoader(null);
        return List.of(loader.loadResource("templates/chaos_steady.yaml"), loader.loadResource("templates/chaos_big_result.yaml"),
                loader.loadResource("templates/chaos_hang.yaml"), loader.loadResource("templates/chaos_redefine.yaml"));
    }

    @BeforeAll
    static void start() throws Exception {
        proxy = RegistryProxy.start(SharedTestCluster.schemaRegistryUrl());
        List<TaskTemplate> templates = chaosTemplates();
        platform = Platform.infrastructure(E2E.options("chaos").withRegistry(proxy.url()), templates);
        runners.add(platform.startRunner(handlers(), templates));
        topology = platform.startTopology(p -> p.withEngine(new ExplodingEngine()));
        topologyCounters.add(topology.counters());
        client = new TaskerClient(topology.url());
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        // the test's own clients talk to the registry directly: the outage is the platform's, not the test's
        requestSerde = TaskerAvroSerde.forValues(TaskRequest.class, SharedTestCluster.schemaRegistryUrl());
        registrationSerde = TaskerAvroSerde.forValues(TemplateRegistration.class, SharedTestCluster.schemaRegistryUrl());
        await().atMost(Duration.ofSeconds(90)).until(topology::isRunning);
        E2E.awaitTemplates(client, "steady", "big_result", "hang", "redefine");
        table.add("| injected | what happened | valid tasks around it | topology after |");
        table.add("|---|---|---|---|");
    }

    @AfterAll
    static void stop() {
        releaseHung.set(true);
        if (producer != null) producer.close();
        runners.forEach(r -> {
            try {
                r.close();
            } catch (RuntimeException ignored) {
                // best effort
            }
        });
        if (platform != null) platform.close();
        if (proxy != null) proxy.close();
        System.out.println("\nChaosIT results\n" + String.join("\n", table) + "\n");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static List<String> submitSteady(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TaskerClient.Response r = client.submit("chaos", "steady", JSON.createObjectNode().put("n", i), null);
            assertThat(r.status()).as("submit: " + r.body()).isEqualTo(202);
            ids.add(r.body().path("task_id").asText());
        }
        return ids;
    }

    static void awaitComplete(List<String> ids) {
        for (String id : ids) {
            assertThat(E2E.awaitFinished(client, id).path("state").asText()).as("valid task " + id).isEqualTo("complete");
        }
    }

    static void assertRunning() {
        await().atMost(Duration.ofSeconds(60)).until(topology::isRunning);
        assertThat(topology.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
    }

    static String submitDirect(String namespace, String template, JsonNode context) {
        String id = UUID.randomUUID().toString();
        String topic = platform.topics().taskRequests();
        TaskRequest request = TaskRequest.newBuilder().setTaskId(id).setNamespace(namespace).setTemplateName(template)
                .setContextJson(context.toString()).setRequestedAt(Instant.now()).setTags(Map.of()).build();
        producer.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8), requestSerde.serializer().serialize(topic, request)));
        producer.flush();
        return id;
    }

    static void registerDirect(TaskTemplate t) {
        String topic = platform.topics().templates();
        TemplateRegistration reg = TemplateRegistration.newBuilder().setNamespace(t.namespace()).setName(t.name())
                .setVersion(t.version()).setDefinitionJson(TemplateJson.toJson(t)).setRegisteredBy("chaos-test")
                .setRegisteredAt(Instant.now()).build();
        producer.send(new ProducerRecord<>(topic, t.key().getBytes(StandardCharsets.UTF_8), registrationSerde.serializer().serialize(topic, reg)));
        producer.flush();
    }

    /** Every record on the rejected topic so far. */
    static List<ConsumerRecord<byte[], byte[]>> rejected() {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "chaos-reader-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(platform.topics().rejected()));
            long quietSince = System.currentTimeMillis();
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline && System.currentTimeMillis() - quietSince < 2_000) {
                var batch = consumer.poll(Duration.ofMillis(200));
                if (!batch.isEmpty()) quietSince = System.currentTimeMillis();
                batch.forEach(out::add);
            }
        }
        return out;
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static ConsumerRecord<byte[], byte[]> awaitRejected(String key, String reason) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            found.clear();
            rejected().stream().filter(r -> r.key() != null && new String(r.key(), StandardCharsets.UTF_8).equals(key)
                    && reason.equals(header(r, RejectedHeaders.REASON))).forEach(found::add);
            return !found.isEmpty();
        });
        return found.get(0);
    }

    static void row(String injected, String happened, List<String> valid) {
        table.add("| " + injected + " | " + happened + " | " + valid.size() + " submitted, " + valid.size() + " complete | "
                + topology.streams().state() + " |");
    }

    // ------------------------------------------------------------------------------------------------ injections

    @Test
    @Order(1)
    void aNamespaceWithoutATopicIsRefusedWithAReasonInsteadOfStoppingTheTopology() {
        TaskTemplate fresh = new TemplateLoader(null).loadResource("templates/chaos_fresh.yaml");
        List<String> valid = new ArrayList<>(submitSteady(3));
        registerDirect(fresh); // registered without a runner, e.g. by hand: no step-command topic exists
        E2E.awaitTemplates(client, "fresh");

        TaskerClient.Response viaApi = client.submit("chaosnew", "fresh", JSON.createObjectNode(), null);
        assertThat(viaApi.status()).isEqualTo(422);
        assertThat(viaApi.body().path("reason").asText()).isEqualTo("unknown_namespace");
        String direct = submitDirect("chaosnew", "fresh", JSON.createObjectNode());
        ConsumerRecord<byte[], byte[]> r = awaitRejected(direct, "unknown_namespace");
        assertThat(header(r, RejectedHeaders.DETAIL)).contains(platform.topics().stepCommands("chaosnew"));

        valid.addAll(submitSteady(3));
        awaitComplete(valid);
        assertRunning();

        // the cure a user is told about: start a runner serving the namespace; it creates the topic at start-up
        StepRunner freshRunner = new StepRunner(RunnerConfig.fromProperties(Map.of(
                "bootstrap.servers", platform.bootstrapServers(), "schema.registry.url", proxy.url(),
                "tasker.topic.prefix", platform.options().topicPrefix(), "runner.group-id", platform.options().applicationId() + "-fresh",
                "runner.worker-threads", "2")), handlers(), List.of(fresh));
        runners.add(freshRunner.start());
        String[] freshId = new String[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            TaskerClient.Response again = client.submit("chaosnew", "fresh", JSON.createObjectNode(), null);
            freshId[0] = again.body().path("task_id").asText(null);
            return again.status() == 202;
        });
        assertThat(E2E.awaitFinished(client, freshId[0]).path("state").asText()).isEqualTo("complete");
        row("task for namespace `chaosnew` whose step-command topic does not exist (via API and produced to Kafka)",
                "API: 422 `unknown_namespace`; Kafka: on `rejected` with reason `unknown_namespace` naming the topic; after a runner"
                        + " for `chaosnew` started (it created the topic) the same submit completes", valid);
    }

    @Test
    @Order(2)
    void aTemplateRedefinedUnderARunningTaskFailsThatTaskWithAReason() {
        List<String> valid = new ArrayList<>(submitSteady(3));
        TaskerClient.Response r = client.submit("chaos", "redefine", JSON.createObjectNode(), null);
        assertThat(r.status()).isEqualTo(202);
        String victim = r.body().path("task_id").asText();
        // the task must have started on the original definition before it changes under it
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            TaskerClient.Response t = client.task(victim);
            return t.status() == 200 && t.body().path("state").asText().equals("in_progress");
        });
        TaskTemplate changed = new TemplateLoader(null).parse("""
                name: redefine
                namespace: chaos
                version: 1.0.0
                steps:
                  - { name: slow_renamed, handler: chaos.slow, timeout_seconds: 30 }
                  - { name: after, depends_on: [slow_renamed], handler: chaos.ok, timeout_seconds: 30 }
                """, "redefine.yaml");
        registerDirect(changed);

        JsonNode task = E2E.awaitFinished(client, victim);
        assertThat(task.path("state").asText()).isEqualTo("error");
        assertThat(task.path("error").asText()).contains("registered again with a different definition");
        valid.addAll(submitSteady(3));
        awaitComplete(valid);
        assertRunning();
        // a runner shipping the changed body under the same version is refused at start-up, naming what changed
        StepRunner refused = new StepRunner(RunnerConfig.fromProperties(Map.of(
                "bootstrap.servers", platform.bootstrapServers(), "schema.registry.url", proxy.url(),
                "tasker.topic.prefix", platform.options().topicPrefix(), "runner.group-id", platform.options().applicationId() + "-v2",
                "runner.worker-threads", "1")), handlers(), List.of(chaosTemplates().get(3)));
        assertThatThrownBy(refused::start).isInstanceOf(TemplateConflictException.class)
                .hasMessageContaining("chaos/redefine/1.0.0").hasMessageContaining("step 'slow_renamed' removed; step 'slow' added");
        row("`chaos/redefine/1.0.0` registered again with a step renamed while a task of it runs; then a runner shipping the"
                        + " original body for that version",
                "that task → `error`: \"template … was registered again with a different definition …\"; the runner refuses to"
                        + " start: \"… already registered with a different definition (changed: … step 'slow_renamed' removed; step 'slow' added; …)\"", valid);
    }

    @Test
    @Order(3)
    void anExceptionInsideTheEngineFailsOnlyItsTaskAndProcessingGoesOn() {
        List<String> valid = new ArrayList<>(submitSteady(3));
        TaskerClient.Response r = client.submit("chaos", "steady", JSON.createObjectNode(), "explode-" + UUID.randomUUID());
        String victim = r.body().path("task_id").asText();
        valid.addAll(submitSteady(3));

        JsonNode task = E2E.awaitFinished(client, victim);
        assertThat(task.path("state").asText()).isEqualTo("error");
        assertThat(task.path("error").asText()).contains("processing_failed").contains("injected engine failure");
        ConsumerRecord<byte[], byte[]> rec = awaitRejected(victim, "processing_failed");
        assertThat(header(rec, RejectedHeaders.EXCEPTION_CLASS)).isEqualTo(IllegalStateException.class.getName());
        assertThat(header(rec, RejectedHeaders.SOURCE_TOPIC)).isEqualTo(platform.topics().stepResults());
        awaitComplete(valid);
        assertRunning();
        row("`IllegalStateException` thrown by the engine while applying a step result",
                "the result on `rejected` (`processing_failed`, exception class, source offset); its task → `error`", valid);
    }

    @Test
    @Order(4)
    void anOversizedResultFailsItsStepAndTheRunnerStaysHealthy() {
        List<String> valid = new ArrayList<>(submitSteady(3));
        String victim = client.submit("chaos", "big_result", JSON.createObjectNode(), null).body().path("task_id").asText();
        valid.addAll(submitSteady(3));

        JsonNode task = E2E.awaitFinished(client, victim);
        assertThat(task.path("state").asText()).isEqualTo("error");
        assertThat(E2E.step(task, "produce").path("last_error").asText()).contains("result too large");
        awaitComplete(valid);
        assertRunning();
        StepRunner runner = runners.get(0);
        assertThat(runner.isHealthy()).isTrue();
        assertThat(runner.resultsTooLarge()).isEqualTo(1);
        row("handler returning a 300 KiB result (limit 256 KiB)",
                "step → `error` \"result too large: … bytes, limit 262144 bytes (256 KiB)\"; task → `error`; runner healthy", valid);
    }

    @Test
    @Order(5)
    void aHandlerThatHangsIsTimedOutAndTheRunnerReportsIt() {
        List<String> valid = new ArrayList<>(submitSteady(3));
        String victim = client.submit("chaos", "hang", JSON.createObjectNode(), null).body().path("task_id").asText();
        valid.addAll(submitSteady(3));

        JsonNode task = E2E.awaitFinished(client, victim);
        assertThat(task.path("state").asText()).isEqualTo("error");
        assertThat(task.path("error").asText()).contains("timed out");
        awaitComplete(valid);
        StepRunner runner = runners.get(0);
        await().atMost(Duration.ofSeconds(40)).until(() -> runner.stuckHandlers() == 1 && !runner.isHealthy());
        assertThat(runner.healthProblems()).anySatisfy(p -> assertThat(p).contains("stuck"));
        List<String> whileStuck = submitSteady(3);
        awaitComplete(whileStuck);
        valid.addAll(whileStuck);

        releaseHung.set(true);
        await().atMost(Duration.ofSeconds(30)).until(() -> runner.stuckHandlers() == 0 && runner.isHealthy());
        assertRunning();
        row("handler that ignores interrupts and never returns (`timeout_seconds: 2`, 1 attempt)",
                "attempt reported as `io.tasker.StepTimeout`, task → `error`; runner counts 1 stuck handler and reports unhealthy"
                        + " while other steps keep running on a replacement thread; healthy again once the handler returns", valid);
    }

    @Test
    @Order(6)
    void aTenSecondRegistryOutageWithATopologyRestartInsideItLosesNothing() {
        List<String> before = submitSteady(3);
        awaitComplete(before);
        long rejectedBefore = rejected().size();

        proxy.down(true);
        platform.stopTopology(topology);
        topology = platform.startTopology(p -> p.withEngine(new ExplodingEngine())); // cold caches: needs the registry
        topologyCounters.add(topology.counters());
        client = new TaskerClient(topology.url());
        List<String> during = new ArrayList<>();
        for (int i = 0; i < 5; i++) during.add(submitDirect("chaos", "steady", JSON.createObjectNode().put("n", i)));
        await().pollDelay(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(11)).until(() -> true); // the outage
        assertThat(proxy.refused()).as("the platform did try the registry during the outage").isPositive();
        proxy.down(false);

        awaitComplete(during);
        assertRunning();
        List<String> after = submitSteady(3);
        awaitComplete(after);
        assertThat(rejected().size()).as("nothing was rejected because of the outage").isEqualTo(rejectedBefore);
        long missing = topologyCounters.stream().mapToLong(c -> c.get("timers.template_missing") + c.get("dropped.template_missing")).sum();
        // exactly one: the result of the task whose template was redefined (injection 2); none from the outage
        assertThat(missing).as("an outage is never taken for a missing template").isEqualTo(1);
        List<String> valid = new ArrayList<>(before);
        valid.addAll(during);
        valid.addAll(after);
        row("schema registry answering 503 for 10 s, topology instance restarted (cold caches) inside the outage, 5 tasks produced during it",
                "registry asked " + proxy.refused() + "× and refused; processing waits; all 5 complete after; nothing rejected, no timer lost", valid);
    }

    @Test
    @Order(9)
    void everyRejectedRecordIsCountedByReason() {
        Map<String, Long> onTopic = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : rejected()) onTopic.merge(header(r, RejectedHeaders.REASON), 1L, Long::sum);
        Map<String, Long> counted = new TreeMap<>();
        for (TopologyCounters c : topologyCounters) {
            c.snapshot().forEach((k, v) -> {
                if (k.startsWith("rejected.")) counted.merge(k.substring("rejected.".length()), v, Long::sum);
            });
        }
        long runnerRejected = runners.stream().mapToLong(StepRunner::rejectedCommands).sum();
        assertThat(runnerRejected).isZero();
        assertThat(onTopic).as("records on the rejected topic by reason = the topology's counters").isEqualTo(counted);
        assertThat(onTopic.keySet()).containsExactlyInAnyOrder("unknown_namespace", "processing_failed");
        table.add("| (end of run) | rejected topic by reason " + onTopic + " = counters " + counted + " | | |");
    }
}
