package io.tasker.topology;

import io.tasker.avro.LifecycleEvent;
import io.tasker.avro.StepCommand;
import io.tasker.avro.StepError;
import io.tasker.avro.StepOutcome;
import io.tasker.avro.StepResult;
import io.tasker.avro.TaskRequest;
import io.tasker.schemas.LifecycleEventNames;
import io.tasker.schemas.RejectedHeaders;
import io.tasker.schemas.TaskerTopics;
import io.tasker.topology.internal.TaskRecord;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The topology's processors on TopologyTestDriver: routing, fencing and rejection, without a broker. */
class TaskerTopologyTest {
    private static final String TEMPLATE = """
            name: pipeline
            namespace: shop
            version: 1.0.0
            input_schema: { type: object, required: [order_id], properties: { order_id: { type: string } } }
            steps:
              - { name: left, handler: h.left }
              - { name: right, handler: h.right }
              - { name: join, depends_on: [left, right], handler: h.join, retry: { max_attempts: 2 } }
            """;

    private final TaskerTopics topics = new TaskerTopics("t.");
    private TopologyFixture fixture;
    private TopologyCounters counters;
    private TestInputTopic<String, TaskRequest> requests;
    private TestInputTopic<String, StepResult> results;
    private TestInputTopic<byte[], byte[]> rawRequests;
    private TestOutputTopic<String, StepCommand> commands;
    private TestOutputTopic<String, LifecycleEvent> lifecycle;
    private TestOutputTopic<byte[], byte[]> rejected;

    @BeforeEach
    void start() throws Exception {
        counters = new TopologyCounters();
        fixture = TopologyFixture.start("ttd", client -> TaskerTopology.Parts.of(topics, client, counters));
        fixture.register(TEMPLATE, "pipeline.yaml");
        requests = fixture.input(topics.taskRequests(), TaskRequest.class);
        rawRequests = fixture.rawInput(topics.taskRequests());
        results = fixture.input(topics.stepResults(), StepResult.class);
        commands = fixture.output(topics.stepCommands("shop"), StepCommand.class);
        lifecycle = fixture.output(topics.lifecycle(), LifecycleEvent.class);
        rejected = fixture.rawOutput(topics.rejected());
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private void submit(String id, String context) {
        requests.pipeInput(id, TaskRequest.newBuilder().setTaskId(id).setNamespace("shop").setTemplateName("pipeline")
                .setContextJson(context).setRequestedAt(Instant.now()).setCorrelationId("c-" + id).setTags(Map.of()).build());
    }

    private StepResult ok(String id, String step, int attempt) {
        return StepResult.newBuilder().setTaskId(id).setStepName(step).setAttempt(attempt).setStatus(StepOutcome.SUCCESS)
                .setResultJson("{\"step\":\"" + step + "\"}").setStartedAt(Instant.now()).setFinishedAt(Instant.now()).build();
    }

    private StepResult failed(String id, String step, int attempt) {
        return StepResult.newBuilder().setTaskId(id).setStepName(step).setAttempt(attempt).setStatus(StepOutcome.FAILURE)
                .setError(StepError.newBuilder().setMessage("nope").setRetryable(true).build())
                .setStartedAt(Instant.now()).setFinishedAt(Instant.now()).build();
    }

    private TaskRecord task(String id) {
        KeyValueStore<String, TaskRecord> store = fixture.store(TopologyNames.TASKS_STORE);
        return store.get(id);
    }

    @Test
    void requestDispatchesRootStepsToTheNamespaceTopicKeyedByTaskId() {
        submit("t1", "{\"order_id\":\"o-1\"}");

        List<TestRecord<String, StepCommand>> out = commands.readRecordsToList();
        assertThat(out).extracting(r -> r.key()).containsOnly("t1");
        assertThat(out).extracting(r -> r.value().getStepName()).containsExactly("left", "right");
        assertThat(out.get(0).value().getAttempt()).isEqualTo(1);
        assertThat(out.get(0).value().getContextJson()).contains("o-1");
        assertThat(out.get(0).value().getCorrelationId()).isEqualTo("c-t1");
        assertThat(lifecycle.readValuesToList()).extracting(LifecycleEvent::getEventType)
                .as("step.enqueued is telemetry only").containsExactly(LifecycleEventNames.TASK_STARTED);
        assertThat(counters.telemetry()).containsEntry(LifecycleEventNames.STEP_ENQUEUED, 2L)
                .containsEntry(LifecycleEventNames.TASK_INITIALIZE_REQUESTED, 1L);
        assertThat(task("t1").state()).isEqualTo(TaskState.IN_PROGRESS);
    }

    @Test
    void joinIsDispatchedWithBothResultsAndTheTaskCompletes() {
        submit("t1", "{\"order_id\":\"o-1\"}");
        commands.readRecordsToList();
        results.pipeInput("t1", ok("t1", "left", 1));
        assertThat(commands.isEmpty()).isTrue();
        results.pipeInput("t1", ok("t1", "right", 1));
        StepCommand join = commands.readValue();
        assertThat(join.getStepName()).isEqualTo("join");
        assertThat(join.getDependencyResultsJson()).containsOnlyKeys("left", "right");
        results.pipeInput("t1", ok("t1", "join", 1));
        assertThat(task("t1").state()).isEqualTo(TaskState.COMPLETE);
        assertThat(lifecycle.readValuesToList()).extracting(LifecycleEvent::getEventType).endsWith(LifecycleEventNames.TASK_COMPLETED);
    }

    @Test
    void duplicateAndStaleResultsChangeNothingAndAreCounted() {
        submit("t1", "{\"order_id\":\"o-1\"}");
        results.pipeInput("t1", ok("t1", "left", 1));
        TaskRecord before = task("t1");
        commands.readRecordsToList();
        results.pipeInput("t1", ok("t1", "left", 1));      // duplicate
        results.pipeInput("t1", ok("t1", "right", 7));     // attempt never dispatched
        results.pipeInput("t9", ok("t9", "left", 1));      // no such task
        assertThat(task("t1")).isEqualTo(before);
        assertThat(commands.isEmpty()).isTrue();
        assertThat(counters.get("dropped.step_not_awaiting_result")).isEqualTo(1);
        assertThat(counters.get("dropped.stale_attempt")).isEqualTo(1);
        assertThat(counters.get("dropped.unknown_task")).isEqualTo(1);
    }

    @Test
    void failedAttemptIsRedispatchedUntilMaxAttemptsThenTheTaskFails() {
        submit("t1", "{\"order_id\":\"o-1\"}");
        results.pipeInput("t1", ok("t1", "left", 1));
        results.pipeInput("t1", ok("t1", "right", 1));
        commands.readRecordsToList();
        results.pipeInput("t1", failed("t1", "join", 1));
        assertThat(commands.isEmpty()).as("waits for its backoff (default 1 s, jitter 10%)").isTrue();
        assertThat(task("t1").step("join").orElseThrow().state()).isEqualTo(StepState.WAITING_FOR_RETRY);
        fixture.advance(java.time.Duration.ofMillis(800));
        assertThat(commands.isEmpty()).isTrue();
        fixture.advance(java.time.Duration.ofMillis(400));
        assertThat(commands.readValue().getAttempt()).isEqualTo(2);
        results.pipeInput("t1", failed("t1", "join", 2));
        assertThat(commands.isEmpty()).isTrue();
        assertThat(task("t1").state()).isEqualTo(TaskState.ERROR);
        assertThat(lifecycle.readValuesToList()).extracting(LifecycleEvent::getEventType).endsWith(LifecycleEventNames.TASK_FAILED);
    }

    @Test
    void corruptRequestGoesToRejectedWithItsSourceAndTheNextRequestIsProcessed() {
        rawRequests.pipeInput("bad".getBytes(StandardCharsets.UTF_8), new byte[]{1, 2, 3});
        submit("t2", "{\"order_id\":\"o-2\"}");

        TestRecord<byte[], byte[]> r = rejected.readRecord();
        assertThat(r.value()).containsExactly(1, 2, 3);
        assertThat(header(r, RejectedHeaders.REASON)).isEqualTo("deserialization_failed");
        assertThat(header(r, RejectedHeaders.SOURCE_TOPIC)).isEqualTo(topics.taskRequests());
        assertThat(header(r, RejectedHeaders.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(task("t2")).isNotNull();
    }

    @Test
    void requestWhoseContextBreaksTheInputSchemaIsRejectedAndCreatesNoTask() {
        submit("t3", "{\"order_id\": 5}");
        TestRecord<byte[], byte[]> r = rejected.readRecord();
        assertThat(header(r, RejectedHeaders.REASON)).isEqualTo("invalid_context");
        assertThat(header(r, RejectedHeaders.DETAIL)).contains("order_id");
        assertThat(task("t3")).isNull();
        assertThat(commands.isEmpty()).isTrue();
    }

    @Test
    void requestWhoseKeyIsNotItsTaskIdIsRejected() {
        requests.pipeInput("other-key", TaskRequest.newBuilder().setTaskId("t4").setNamespace("shop").setTemplateName("pipeline")
                .setContextJson("{\"order_id\":\"o\"}").setRequestedAt(Instant.now()).setTags(Map.of()).build());
        assertThat(header(rejected.readRecord(), RejectedHeaders.REASON)).isEqualTo("key_mismatch");
        assertThat(task("t4")).isNull();
    }

    @Test
    void registryOutageIsNotMistakenForAPoisonPill() {
        // a schema id this serde has never seen forces a registry lookup, which now fails with 503
        byte[] unseenId = java.nio.ByteBuffer.allocate(9).put((byte) 0).putInt(4242).putInt(0).array();
        fixture.registry().failWith(503, "{\"error_code\":50301,\"message\":\"down\"}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> rawRequests.pipeInput("t5".getBytes(StandardCharsets.UTF_8), unseenId))
                .hasRootCauseInstanceOf(io.tasker.schemas.SchemaRegistryException.class)
                .satisfies(e -> assertThat(hasCause(e, RegistryUnavailableException.class)).isTrue());
        assertThat(rejected.isEmpty()).as("a valid record must not be rejected because the registry is down").isTrue();
    }

    private static boolean hasCause(Throwable e, Class<?> type) {
        for (Throwable t = e; t != null; t = t.getCause()) if (type.isInstance(t)) return true;
        return false;
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void contextAndResultsLiveInTheDataStoreSoTheTaskRecordStaysSmall() {
        submit("t1", "{\"order_id\":\"o-1\"}");
        results.pipeInput("t1", ok("t1", "left", 1));

        TaskRecord stored = task("t1");
        assertThat(stored.context()).as("context is not in the record every change rewrites").isNull();
        assertThat(stored.step("left").orElseThrow().result()).isNull();
        assertThat(stored.step("left").orElseThrow().hasResult()).isTrue();
        KeyValueStore<String, byte[]> data = fixture.store(TopologyNames.TASK_DATA_STORE);
        assertThat(new String(data.get("t1\0c"), StandardCharsets.UTF_8)).contains("o-1");
        assertThat(new String(data.get("t1\0r\0left"), StandardCharsets.UTF_8)).contains("left");

        results.pipeInput("t1", ok("t1", "right", 1));
        StepCommand join = commands.readValuesToList().stream().filter(c -> c.getStepName().equals("join")).findFirst().orElseThrow();
        assertThat(join.getContextJson()).contains("o-1");
        assertThat(join.getDependencyResultsJson()).containsOnlyKeys("left", "right");
        assertThat(join.getDependencyResultsJson().get("left")).contains("left");
    }
}
