package io.tasker.topology;

import io.tasker.avro.LifecycleEvent;
import io.tasker.avro.StepCommand;
import io.tasker.avro.StepError;
import io.tasker.avro.StepOutcome;
import io.tasker.avro.StepResult;
import io.tasker.avro.TaskRequest;
import io.tasker.avro.TemplateRegistration;
import io.tasker.schemas.RejectedHeaders;
import io.tasker.schemas.SchemaRegistryException;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.schemas.TaskerLimits;
import io.tasker.schemas.TaskerTopics;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateJson;
import io.tasker.templates.TemplateLoader;
import io.tasker.topology.internal.TaskEngine;
import io.tasker.topology.internal.TaskRecord;
import io.tasker.topology.internal.TemplateCatalog;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the topology does with inputs that used to stop it: unexpected exceptions, a registry outage during a timer
 * pass, a redefined template, a namespace without a topic, oversized results and commands; and retention.
 */
class ContainmentTopologyTest {
    private static final String TEMPLATE = """
            name: pipeline
            namespace: shop
            version: 1.0.0
            steps:
              - { name: a, handler: h.a, timeout_seconds: 1 }
              - { name: b, handler: h.b, retry: { max_attempts: 3, backoff: exponential, backoff_base_ms: 100 } }
              - { name: c, handler: h.c }
              - { name: d, depends_on: [a, b, c], handler: h.d }
            """;

    private final TaskerTopics topics = new TaskerTopics("t.");
    private final AtomicBoolean registryDown = new AtomicBoolean();
    /** The next n template decodings fail as if the registry blipped. */
    private final java.util.concurrent.atomic.AtomicInteger blips = new java.util.concurrent.atomic.AtomicInteger();
    private TopologyFixture fixture;
    private TopologyCounters counters;
    private TestInputTopic<String, TaskRequest> requests;
    private TestInputTopic<String, StepResult> results;
    private TestInputTopic<String, TemplateRegistration> templates;
    private TestOutputTopic<String, StepCommand> commands;
    private TestOutputTopic<String, LifecycleEvent> lifecycle;
    private TestOutputTopic<byte[], byte[]> rejected;

    private void start(UnaryOperator<TaskerTopology.Parts> customize) throws Exception {
        fixture = TopologyFixture.start("ttd-containment", client -> {
            counters = new TopologyCounters();
            Deserializer<TemplateRegistration> real = new TaskerAvroSerde<>(TemplateRegistration.class, client, false).deserializer();
            Deserializer<TemplateRegistration> flaky = (topic, bytes) -> {
                if (registryDown.get() || blips.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new SchemaRegistryException("registry answered 503", 503, -1);
                }
                return real.deserialize(topic, bytes);
            };
            TaskerTopology.Parts parts = customize.apply(TaskerTopology.Parts.of(topics, client, counters)
                    .withCatalog(new TemplateCatalog(flaky, topics.templates())));
            return parts;
        });
        templates = fixture.input(topics.templates(), TemplateRegistration.class);
        register(TEMPLATE);
        requests = fixture.input(topics.taskRequests(), TaskRequest.class);
        results = fixture.input(topics.stepResults(), StepResult.class);
        commands = fixture.output(topics.stepCommands("shop"), StepCommand.class);
        lifecycle = fixture.output(topics.lifecycle(), LifecycleEvent.class);
        rejected = fixture.rawOutput(topics.rejected());
    }

    @AfterEach
    void stop() {
        if (fixture != null) fixture.close();
    }

    private void register(String yaml) throws Exception {
        TaskTemplate template = new TemplateLoader(null).parse(yaml, "pipeline.yaml");
        templates.pipeInput(template.key(), TemplateRegistration.newBuilder().setNamespace("shop").setName("pipeline")
                .setVersion("1.0.0").setDefinitionJson(TemplateJson.toJson(template)).setRegisteredAt(Instant.now()).build());
    }

    private void submit(String id, String context) {
        requests.pipeInput(id, TaskRequest.newBuilder().setTaskId(id).setNamespace("shop").setTemplateName("pipeline")
                .setContextJson(context).setRequestedAt(Instant.now()).setTags(Map.of()).build());
    }

    private static StepResult ok(String id, String step, int attempt, String resultJson) {
        return StepResult.newBuilder().setTaskId(id).setStepName(step).setAttempt(attempt).setStatus(StepOutcome.SUCCESS)
                .setResultJson(resultJson).setStartedAt(Instant.now()).setFinishedAt(Instant.now()).build();
    }

    private static StepResult ok(String id, String step, int attempt) {
        return ok(id, step, attempt, "{\"step\":\"" + step + "\"}");
    }

    private static StepResult failed(String id, String step, int attempt) {
        return StepResult.newBuilder().setTaskId(id).setStepName(step).setAttempt(attempt).setStatus(StepOutcome.FAILURE)
                .setError(StepError.newBuilder().setMessage("nope").setRetryable(true).build())
                .setStartedAt(Instant.now()).setFinishedAt(Instant.now()).build();
    }

    private TaskRecord task(String id) {
        KeyValueStore<String, TaskRecord> store = fixture.store(TopologyNames.TASKS_STORE);
        return store.get(id);
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private void completeAll(String id) {
        results.pipeInput(id, ok(id, "a", 1));
        results.pipeInput(id, ok(id, "b", 1));
        results.pipeInput(id, ok(id, "c", 1));
        results.pipeInput(id, ok(id, "d", 1));
    }

    @Test
    void anEngineExceptionRejectsTheRecordFailsItsTaskAndTheNextRecordIsProcessed() throws Exception {
        // the engine asks its random source for backoff jitter when b fails: make that throw
        start(p -> p.withEngine(new TaskEngine(() -> {
            throw new IllegalStateException("boom in the engine");
        })));
        submit("bad", "{}");
        submit("good", "{}");
        commands.readRecordsToList();

        results.pipeInput("bad", failed("bad", "b", 1));
        completeAll("good");

        List<TestRecord<byte[], byte[]>> out = rejected.readRecordsToList();
        assertThat(out).hasSize(1);
        assertThat(header(out.get(0), RejectedHeaders.REASON)).isEqualTo("processing_failed");
        assertThat(header(out.get(0), RejectedHeaders.EXCEPTION_CLASS)).isEqualTo(IllegalStateException.class.getName());
        assertThat(header(out.get(0), RejectedHeaders.SOURCE_TOPIC)).isEqualTo(topics.stepResults());
        assertThat(task("bad").state()).isEqualTo(TaskState.ERROR);
        assertThat(task("bad").error()).contains("processing_failed").contains("boom in the engine");
        assertThat(task("good").state()).isEqualTo(TaskState.COMPLETE);
        assertThat(lifecycle.readValuesToList()).filteredOn(e -> e.getTaskId().equals("bad"))
                .extracting(LifecycleEvent::getEventType).contains(io.tasker.schemas.LifecycleEventNames.TASK_FAILED);
        assertThat(counters.get("processing.failed")).isEqualTo(1);
    }

    @Test
    void aTimerThatThrowsIsDeletedAndFailsOnlyItsTask() throws Exception {
        start(p -> p.withEngine(new TaskEngine(() -> {
            throw new IllegalStateException("boom in a timer");
        })));
        submit("t1", "{}");
        submit("t2", "{}");
        commands.readRecordsToList();
        // a's 1 s timeout fires for both; failing a retryable attempt needs jitter -> throws
        results.pipeInput("t2", ok("t2", "a", 1));
        fixture.advance(Duration.ofMillis(1500));

        assertThat(task("t1").state()).isEqualTo(TaskState.ERROR);
        assertThat(task("t1").error()).contains("boom in a timer");
        assertThat(task("t2").state()).isEqualTo(TaskState.IN_PROGRESS);
        assertThat(counters.get("timers.failed")).isEqualTo(1);
        fixture.advance(Duration.ofMillis(1500));
        assertThat(counters.get("timers.failed")).as("the failed timer was deleted, not retried forever").isEqualTo(1);
    }

    @Test
    void aRegistryOutageDuringATimerPassKeepsTheTimerUntilTheRegistryAnswers() throws Exception {
        start(UnaryOperator.identity());
        submit("t1", "{}");
        commands.readRecordsToList();
        // the same definition registered again: new bytes, so the catalog has to decode it (and ask the registry)
        registryDown.set(true);
        register(TEMPLATE);
        fixture.advance(Duration.ofMillis(1500));

        assertThat(task("t1").state()).isEqualTo(TaskState.IN_PROGRESS);
        assertThat(task("t1").step("a").orElseThrow().state()).isEqualTo(StepState.ENQUEUED);
        assertThat(counters.get("timers.deferred.registry_unavailable")).isPositive();
        assertThat(counters.get("timers.template_missing")).isZero();

        registryDown.set(false);
        fixture.advance(Duration.ofMillis(100));
        assertThat(task("t1").step("a").orElseThrow().lastError()).as("the timeout fired once the registry answered").contains("timed out");
        assertThat(counters.get("timers.fired.step_timeout")).isEqualTo(1);
    }

    @Test
    void aShortRegistryBlipWhileLookingUpATemplateIsRetriedInPlace() throws Exception {
        start(UnaryOperator.identity());
        blips.set(2);
        submit("t1", "{}");

        assertThat(task("t1").state()).isEqualTo(TaskState.IN_PROGRESS);
        assertThat(counters.get("registry.retried")).isEqualTo(2);
        assertThat(rejected.isEmpty()).isTrue();
    }

    @Test
    void aTemplateRedefinedUnderTheSameVersionFailsItsRunningTasksWithAReason() throws Exception {
        start(UnaryOperator.identity());
        submit("t1", "{}");
        register(TEMPLATE.replace("name: c, handler: h.c", "name: c2, handler: h.c").replace("[a, b, c]", "[a, b, c2]"));
        results.pipeInput("t1", ok("t1", "a", 1));

        assertThat(task("t1").state()).isEqualTo(TaskState.ERROR);
        assertThat(task("t1").error()).contains("registered again with a different definition");
        assertThat(counters.get("dropped.template_missing")).isEqualTo(1);
    }

    @Test
    void aRequestForANamespaceWithoutATopicIsRejectedAsUnknownNamespace() throws Exception {
        start(p -> p.withNamespaceTopics(topic -> false));
        submit("t1", "{}");

        TestRecord<byte[], byte[]> r = rejected.readRecord();
        assertThat(header(r, RejectedHeaders.REASON)).isEqualTo("unknown_namespace");
        assertThat(header(r, RejectedHeaders.DETAIL)).contains(topics.stepCommands("shop"));
        assertThat(task("t1")).isNull();
        assertThat(commands.isEmpty()).isTrue();
    }

    @Test
    void aNamespaceTopicDeletedUnderARunningTaskFailsTheTaskInsteadOfProducingToIt() throws Exception {
        AtomicBoolean topicExists = new AtomicBoolean(true);
        start(p -> p.withNamespaceTopics(topic -> topicExists.get()));
        submit("t1", "{}");
        commands.readRecordsToList();
        topicExists.set(false);
        results.pipeInput("t1", ok("t1", "a", 1));
        results.pipeInput("t1", ok("t1", "b", 1));
        results.pipeInput("t1", ok("t1", "c", 1));

        assertThat(commands.isEmpty()).as("nothing produced to the missing topic").isTrue();
        assertThat(task("t1").state()).isEqualTo(TaskState.ERROR);
        assertThat(task("t1").error()).contains("does not exist any more");
        assertThat(task("t1").step("c").orElseThrow().state()).as("the result that arrived is recorded").isEqualTo(StepState.COMPLETE);
        assertThat(counters.get("commands.topic_missing")).isEqualTo(1);
    }

    @Test
    void aResultOverTheLimitFailsItsStepPermanently() throws Exception {
        start(UnaryOperator.identity());
        submit("t1", "{}");
        String big = "{\"blob\":\"" + "x".repeat(TaskerLimits.STEP_RESULT_MAX_BYTES) + "\"}";
        results.pipeInput("t1", ok("t1", "c", 1, big));

        var c = task("t1").step("c").orElseThrow();
        assertThat(c.state()).isEqualTo(StepState.ERROR);
        assertThat(c.lastError()).contains("result too large").contains(Integer.toString(TaskerLimits.STEP_RESULT_MAX_BYTES));
        assertThat(counters.get("results.too_large")).isEqualTo(1);
    }

    @Test
    void aStepCommandOverTheLimitIsNeverProducedAndItsStepFails() throws Exception {
        start(UnaryOperator.identity());
        submit("t1", "{\"notes\":\"" + "n".repeat(200 * 1024) + "\"}");
        commands.readRecordsToList();
        // each under its own limit; context plus the three results d depends on are over the command limit
        String result = "{\"blob\":\"" + "x".repeat(250 * 1024) + "\"}";
        results.pipeInput("t1", ok("t1", "a", 1, result));
        results.pipeInput("t1", ok("t1", "b", 1, result));
        results.pipeInput("t1", ok("t1", "c", 1, result));

        assertThat(commands.readValuesToList()).as("d's command was not produced").extracting(StepCommand::getStepName).doesNotContain("d");
        var d = task("t1").step("d").orElseThrow();
        assertThat(d.state()).isEqualTo(StepState.ERROR);
        assertThat(d.lastError()).contains("step command too large");
        assertThat(task("t1").state()).isEqualTo(TaskState.ERROR);
        assertThat(counters.get("commands.too_large")).isEqualTo(1);
    }

    @Test
    void finishedTasksAreDeletedWithTheirIndexEntriesAfterTheirRetention() throws Exception {
        start(p -> p.withRetentionMs(10_000));
        submit("done", "{}");
        submit("running", "{}");
        completeAll("done");
        assertThat(task("done").state()).isEqualTo(TaskState.COMPLETE);
        assertThat(indexKeysMentioning("done")).isNotEmpty();
        KeyValueStore<String, byte[]> data = fixture.store(TopologyNames.TASK_DATA_STORE);
        try (KeyValueIterator<String, byte[]> it = data.prefixScan("done\0", new StringSerializer())) {
            assertThat(it.hasNext()).as("context and results are kept while the task is").isTrue();
        }

        fixture.advance(Duration.ofMillis(5_000));
        assertThat(task("done")).as("kept during its retention").isNotNull();
        fixture.advance(Duration.ofMillis(6_000));

        assertThat(task("done")).isNull();
        assertThat(indexKeysMentioning("done")).isEmpty();
        try (KeyValueIterator<String, byte[]> it = data.prefixScan("done\0", new StringSerializer())) {
            assertThat(it.hasNext()).as("context and results deleted with the task").isFalse();
        }
        assertThat(task("running")).isNotNull();
        KeyValueStore<String, Long> counts = fixture.store(TopologyNames.TASK_COUNTS_STORE);
        assertThat(counts.get("complete")).isZero();
        assertThat(counts.get("in_progress")).isEqualTo(1);
        assertThat(counters.get("tasks.expired")).isEqualTo(1);
    }

    @Test
    void retentionZeroKeepsFinishedTasksForever() throws Exception {
        start(p -> p.withRetentionMs(0));
        submit("done", "{}");
        completeAll("done");
        fixture.advance(Duration.ofDays(30));
        assertThat(task("done").state()).isEqualTo(TaskState.COMPLETE);
    }

    private List<String> indexKeysMentioning(String taskId) {
        KeyValueStore<String, String> index = fixture.store(TopologyNames.TASK_INDEX_STORE);
        List<String> out = new ArrayList<>();
        try (KeyValueIterator<String, String> it = index.all()) {
            while (it.hasNext()) {
                KeyValue<String, String> kv = it.next();
                if (kv.key.endsWith("|" + taskId)) out.add(kv.key);
            }
        }
        return out;
    }
}
