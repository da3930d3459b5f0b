package io.tasker.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.tasker.avro.LifecycleEvent;
import io.tasker.avro.StepCommand;
import io.tasker.avro.StepError;
import io.tasker.avro.StepOutcome;
import io.tasker.avro.StepResult;
import io.tasker.avro.TaskCommand;
import io.tasker.avro.TaskCommandType;
import io.tasker.avro.TaskRequest;
import io.tasker.schemas.LifecycleEventType;
import io.tasker.schemas.LifecyclePayload;
import io.tasker.schemas.TaskerTopics;
import io.tasker.topology.internal.TaskRecord;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.tasker.schemas.LifecycleEventType.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every system event the topology emits carries its standard payload: each lifecycle record's {@code payload_json},
 * and each telemetry event's payload, validates against {@link LifecyclePayload#schema} of its type, in a success run,
 * a retry then success, a permanent failure, a cancel, a manual resolve and a manual complete; and the values users
 * rely on are right. Only durable types are lifecycle records.
 */
class LifecycleEventsTopologyTest {
    private static final String TEMPLATE = """
            name: orders
            namespace: shop
            version: 1.0.0
            steps:
              - name: charge
                handler: h.charge
                retry: { max_attempts: 3, backoff: none, backoff_base_ms: 500, jitter: 0 }
              - { name: ship, depends_on: [charge], handler: h.ship }
            """;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<LifecycleEventType, JsonSchema> SCHEMAS = new EnumMap<>(LifecycleEventType.class);

    static {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        for (LifecycleEventType t : LifecycleEventType.values()) SCHEMAS.put(t, factory.getSchema(LifecyclePayload.schema(t)));
    }

    private final TaskerTopics topics = new TaskerTopics("t.");
    private final List<TelemetryEvents.Event> telemetry = Collections.synchronizedList(new ArrayList<>());
    private TopologyFixture fixture;
    private TopologyCounters counters;
    private TestInputTopic<String, TaskRequest> requests;
    private TestInputTopic<String, StepResult> results;
    private TestInputTopic<String, TaskCommand> commands;
    private TestOutputTopic<String, StepCommand> dispatched;
    private TestOutputTopic<String, LifecycleEvent> lifecycle;

    @BeforeEach
    void start() throws Exception {
        fixture = TopologyFixture.start("ttd-lifecycle", client -> {
            counters = new TopologyCounters();
            TelemetryEvents counting = TelemetryEvents.countingAndLogging(counters);
            TaskerTopology.Parts parts = TaskerTopology.Parts.of(topics, client, counters).withTelemetry(e -> {
                telemetry.add(e);
                counting.emit(e);
            });
            return parts;
        });
        fixture.register(TEMPLATE, "orders.yaml");
        requests = fixture.input(topics.taskRequests(), TaskRequest.class);
        results = fixture.input(topics.stepResults(), StepResult.class);
        commands = fixture.input(topics.taskCommands(), TaskCommand.class);
        dispatched = fixture.output(topics.stepCommands("shop"), StepCommand.class);
        lifecycle = fixture.output(topics.lifecycle(), LifecycleEvent.class);
    }

    @AfterEach
    void stop() {
        if (fixture != null) fixture.close();
    }

    // ---- inputs

    private void submit(String id) {
        requests.pipeInput(id, TaskRequest.newBuilder().setTaskId(id).setNamespace("shop").setTemplateName("orders")
                .setContextJson("{}").setRequestedAt(Instant.now()).setCorrelationId("corr-" + id).setTags(Map.of()).build());
    }

    private static final Instant STARTED = Instant.parse("2026-11-28T10:00:00Z");

    private static StepResult ok(String id, String step, int attempt) {
        return StepResult.newBuilder().setTaskId(id).setStepName(step).setAttempt(attempt).setStatus(StepOutcome.SUCCESS)
                .setResultJson("{}").setRunnerId("runner-1").setStartedAt(STARTED).setFinishedAt(STARTED.plusMillis(250)).build();
    }

    private static StepResult failed(String id, String step, int attempt, boolean retryable) {
        return StepResult.newBuilder().setTaskId(id).setStepName(step).setAttempt(attempt).setStatus(StepOutcome.FAILURE)
                .setError(StepError.newBuilder().setMessage("card declined").setExceptionClass("com.shop.Declined")
                        .setBacktrace(List.of("at com.shop.Charge.run(Charge.java:12)")).setRetryable(retryable).build())
                .setRunnerId("runner-1").setStartedAt(STARTED).setFinishedAt(STARTED.plusMillis(40)).build();
    }

    private static StepResult running(String id, String step, int attempt, Instant startedAt) {
        return StepResult.newBuilder().setTaskId(id).setStepName(step).setAttempt(attempt).setStatus(StepOutcome.IN_PROGRESS)
                .setRunnerId("runner-1").setStartedAt(startedAt).setFinishedAt(startedAt.plusMillis(1000)).build();
    }

    private void command(String id, TaskCommandType type, String step, String result, String reason) {
        commands.pipeInput(id, TaskCommand.newBuilder().setTaskId(id).setCommandId(UUID.randomUUID().toString()).setType(type)
                .setStepName(step).setResultJson(result).setReason(reason).setRequestedAt(Instant.now()).build());
    }

    private TaskRecord task(String id) {
        KeyValueStore<String, TaskRecord> store = fixture.store(TopologyNames.TASKS_STORE);
        return store.get(id);
    }

    // ---- checks

    /** The lifecycle records so far, each checked against its type's schema and its record fields. */
    private List<JsonNode> records() {
        List<JsonNode> out = new ArrayList<>();
        for (LifecycleEvent e : lifecycle.readValuesToList()) {
            LifecycleEventType type = LifecycleEventType.fromWire(e.getEventType());
            assertThat(type).as(e.getEventType()).isNotNull();
            assertThat(type.isPublished()).as("%s is telemetry only, yet on the lifecycle topic", type).isTrue();
            JsonNode p = parse(e.getPayloadJson());
            assertThat(SCHEMAS.get(type).validate(p)).as("%s payload %s", type, p).isEmpty();
            assertThat(p.path("event_id").asText()).isEqualTo(e.getEventId());
            assertThat(p.path("task_id").asText()).isEqualTo(e.getTaskId());
            if (p.has("task_state")) assertThat(p.path("task_state").asText()).isEqualTo(e.getTaskState());
            assertThat(p.path("correlation_id").asText()).isEqualTo(e.getCorrelationId());
            assertThat(p.path("occurred_at").asText()).isEqualTo(e.getOccurredAt().toString());
            if (e.getStepName() != null) {
                assertThat(p.path("step_name").asText()).isEqualTo(e.getStepName());
                assertThat(p.path("attempt").asInt()).isEqualTo(e.getAttempt());
            }
            out.add(p);
        }
        return out;
    }

    /** The telemetry events so far (and forgets them), each payload checked against its type's schema. */
    private List<JsonNode> telemetry() {
        List<JsonNode> out = new ArrayList<>();
        synchronized (telemetry) {
            for (TelemetryEvents.Event e : telemetry) {
                assertThat(e.type().isPublished()).as("%s is durable, yet sent as telemetry", e.type()).isFalse();
                JsonNode p = e.payload().get();
                assertThat(SCHEMAS.get(e.type()).validate(p)).as("%s payload %s", e.type(), p).isEmpty();
                assertThat(p.path("occurred_at").asText()).isEqualTo(e.occurredAt().toString());
                out.add(p);
            }
            telemetry.clear();
        }
        return out;
    }

    private static List<String> types(List<JsonNode> payloads) {
        return payloads.stream().map(p -> p.path("event_type").asText()).toList();
    }

    private static JsonNode only(List<JsonNode> payloads, LifecycleEventType type) {
        List<JsonNode> of = payloads.stream().filter(p -> p.path("event_type").asText().equals(type.wireName())).toList();
        assertThat(of).as(type.wireName()).hasSize(1);
        return of.get(0);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    // ---- runs

    @Test
    void successRunPublishesStartCompletionsAndTaskCompletedWithTimesAndAttempts() {
        submit("t1");
        results.pipeInput("t1", ok("t1", "charge", 1));
        results.pipeInput("t1", ok("t1", "ship", 1));

        List<JsonNode> records = records();
        assertThat(types(records)).containsExactly("task.started", "step.completed", "step.completed", "task.completed");
        JsonNode charge = records.get(1);
        assertThat(charge.path("step_name").asText()).isEqualTo("charge");
        assertThat(charge.path("attempt").asInt()).isEqualTo(1);
        assertThat(charge.path("max_attempts").asInt()).as("from the template's retry policy").isEqualTo(3);
        assertThat(charge.path("started_at").asText()).isEqualTo(STARTED.toString());
        assertThat(charge.path("completed_at").asText()).isEqualTo(STARTED.plusMillis(250).toString());
        assertThat(charge.path("execution_duration_ms").asLong()).isEqualTo(250);
        assertThat(charge.has("completed_manually")).isFalse();
        JsonNode done = only(records, TASK_COMPLETED);
        assertThat(done.path("step_count").asInt()).isEqualTo(2);
        assertThat(done.path("task_state").asText()).isEqualTo("complete");
        assertThat(done.path("execution_duration_ms").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(only(records, TASK_STARTED).path("step_count").asInt()).isEqualTo(2);

        List<JsonNode> telemetry = telemetry();
        assertThat(types(telemetry)).containsExactly("task.initialize_requested", "workflow.viable_steps_discovered",
                "step.enqueued", "step.started", "workflow.viable_steps_discovered", "step.enqueued", "step.started");
        JsonNode started = telemetry.get(3);
        assertThat(started.path("occurred_at").asText()).as("the attempt's start, from its result").isEqualTo(STARTED.toString());
        assertThat(started.path("step_state").asText()).isEqualTo("in_progress");
        assertThat(telemetry.get(1).path("ready_steps")).extracting(JsonNode::asText).containsExactly("charge");
        assertThat(counters.telemetry()).containsEntry("step.enqueued", 2L).containsEntry("step.started", 2L);
    }

    @Test
    void retryThenSuccessSaysWhenTheNextAttemptRunsAndCompletesOnTheSecond() {
        submit("t1");
        results.pipeInput("t1", failed("t1", "charge", 1, true));
        assertThat(dispatched.readValuesToList()).extracting(StepCommand::getAttempt).containsExactly(1);

        List<JsonNode> records = records();
        assertThat(types(records)).containsExactly("task.started", "step.failed");
        JsonNode failed = records.get(1);
        assertThat(failed.path("attempt").asInt()).isEqualTo(1);
        assertThat(failed.path("max_attempts").asInt()).isEqualTo(3);
        assertThat(failed.path("step_state").asText()).isEqualTo("waiting_for_retry");
        assertThat(failed.path("error_message").asText()).isEqualTo("card declined");
        assertThat(failed.path("exception_class").asText()).isEqualTo("com.shop.Declined");
        assertThat(failed.path("backtrace")).extracting(JsonNode::asText).containsExactly("at com.shop.Charge.run(Charge.java:12)");
        assertThat(failed.path("retryable").asBoolean()).isTrue();
        assertThat(failed.path("execution_duration_ms").asLong()).isEqualTo(40);
        assertThat(failed.path("retry_delay_ms").asLong()).isEqualTo(500);
        Instant occurred = Instant.parse(failed.path("occurred_at").asText());
        assertThat(Instant.parse(failed.path("next_attempt_at").asText())).isEqualTo(occurred.plusMillis(500));
        JsonNode retry = only(telemetry(), STEP_RETRY_REQUESTED);
        assertThat(retry.path("next_attempt_at").asText()).isEqualTo(failed.path("next_attempt_at").asText());

        fixture.advance(Duration.ofMillis(600));
        assertThat(dispatched.readValuesToList()).extracting(StepCommand::getAttempt).containsExactly(2);
        results.pipeInput("t1", ok("t1", "charge", 2));
        results.pipeInput("t1", ok("t1", "ship", 1));

        records = records();
        assertThat(types(records)).containsExactly("step.completed", "step.completed", "task.completed");
        assertThat(records.get(0).path("attempt").asInt()).isEqualTo(2);
        assertThat(records.get(0).path("max_attempts").asInt()).isEqualTo(3);
        assertThat(types(telemetry())).contains("step.enqueued", "step.started");
    }

    @Test
    void permanentFailureReachesMaxRetriesAndFailsTheTaskListingTheFailedStep() {
        submit("t1");
        results.pipeInput("t1", failed("t1", "charge", 1, false));

        List<JsonNode> records = records();
        assertThat(types(records)).containsExactly("task.started", "step.failed", "step.max_retries_reached", "task.failed");
        JsonNode failed = records.get(1);
        assertThat(failed.path("retryable").asBoolean()).isFalse();
        assertThat(failed.has("next_attempt_at")).as("no retry is scheduled").isFalse();
        assertThat(failed.path("step_state").asText()).isEqualTo("error");
        JsonNode max = records.get(2);
        assertThat(max.path("attempt").asInt()).isEqualTo(1);
        assertThat(max.path("error_message").asText()).isEqualTo("card declined");
        JsonNode task = records.get(3);
        assertThat(task.path("task_state").asText()).isEqualTo("error");
        assertThat(task.path("error_message").asText()).contains("charge (card declined)");
        assertThat(task.path("failed_steps")).singleElement().satisfies(f -> {
            assertThat(f.path("step_name").asText()).isEqualTo("charge");
            assertThat(f.path("attempt").asInt()).isEqualTo(1);
            assertThat(f.path("error_message").asText()).isEqualTo("card declined");
            assertThat(f.path("exception_class").asText()).isEqualTo("com.shop.Declined");
        });
        JsonNode blocked = only(telemetry(), WORKFLOW_BLOCKED_BY_FAILURES);
        assertThat(blocked.path("blocked_steps")).extracting(JsonNode::asText).containsExactly("ship");
    }

    @Test
    void cancelPublishesTaskCancelledWithTheReasonAndCancelsUnfinishedStepsAsTelemetry() {
        submit("t1");
        telemetry();
        command("t1", TaskCommandType.CANCEL, null, null, "customer changed their mind");

        List<JsonNode> records = records();
        assertThat(types(records)).containsExactly("task.started", "task.cancelled");
        assertThat(records.get(1).path("reason").asText()).isEqualTo("customer changed their mind");
        assertThat(records.get(1).path("task_state").asText()).isEqualTo("cancelled");
        List<JsonNode> telemetry = telemetry();
        assertThat(types(telemetry)).containsExactly("step.cancelled", "step.cancelled");
        assertThat(telemetry).extracting(p -> p.path("step_name").asText()).containsExactly("charge", "ship");
        assertThat(telemetry.get(0).path("attempt").asInt()).isEqualTo(1);
        assertThat(telemetry.get(1).path("attempt").asInt()).as("ship never ran").isEqualTo(0);
    }

    @Test
    void manualResolveLetsTheRestRunAndTheTaskEndsResolvedManually() {
        submit("t1");
        results.pipeInput("t1", failed("t1", "charge", 1, false));
        records();
        command("t1", TaskCommandType.RESOLVE_STEP, "charge", null, "charged by phone");
        results.pipeInput("t1", ok("t1", "ship", 1));

        List<JsonNode> records = records();
        assertThat(types(records)).as("no task.resumed any more: step.resolved_manually says why the task goes on")
                .containsExactly("step.resolved_manually", "step.completed", "task.resolved_manually");
        assertThat(records.get(0).path("reason").asText()).isEqualTo("charged by phone");
        assertThat(records.get(0).path("step_state").asText()).isEqualTo("resolved_manually");
        assertThat(records.get(2).path("task_state").asText()).isEqualTo("resolved_manually");
        assertThat(records.get(2).path("step_count").asInt()).isEqualTo(2);
        assertThat(task("t1").state()).isEqualTo(TaskState.RESOLVED_MANUALLY);
    }

    @Test
    void manualCompleteIsAStepCompletedMarkedCompletedManuallyAndTheTaskCompletes() {
        submit("t1");
        results.pipeInput("t1", failed("t1", "charge", 1, false));
        records();
        command("t1", TaskCommandType.COMPLETE_STEP, "charge", "{\"charge_id\":\"c-9\"}", null);
        results.pipeInput("t1", ok("t1", "ship", 1));

        List<JsonNode> records = records();
        assertThat(types(records)).containsExactly("step.completed", "step.completed", "task.completed");
        assertThat(records.get(0).path("completed_manually").asBoolean()).isTrue();
        assertThat(records.get(0).path("step_name").asText()).isEqualTo("charge");
        assertThat(records.get(0).path("execution_duration_ms").asLong()).isZero();
        assertThat(records.get(1).has("completed_manually")).isFalse();
        assertThat(task("t1").state()).isEqualTo(TaskState.COMPLETE);
    }

    // ---- step.started

    @Test
    void inProgressReportMovesTheStepToInProgressAndStepStartedIsNotEmittedAgainWithTheResult() {
        submit("t1");
        telemetry();
        Instant startedAt = STARTED.plusSeconds(5);
        results.pipeInput("t1", running("t1", "charge", 1, startedAt));

        assertThat(task("t1").step("charge").orElseThrow().state()).isEqualTo(StepState.IN_PROGRESS);
        JsonNode started = only(telemetry(), STEP_STARTED);
        assertThat(started.path("occurred_at").asText()).isEqualTo(startedAt.toString());
        assertThat(started.path("started_at").asText()).isEqualTo(startedAt.toString());
        assertThat(records()).as("step.started is telemetry only").extracting(p -> p.path("event_type").asText())
                .containsExactly("task.started");

        results.pipeInput("t1", ok("t1", "charge", 1));
        assertThat(types(telemetry())).doesNotContain("step.started").contains("step.enqueued");
        assertThat(types(records())).containsExactly("step.completed");
        assertThat(counters.get("results.progress_applied")).isEqualTo(1);
    }

    @Test
    void inProgressReportsOfAnotherAttemptOrAFinishedStepAreDroppedAndCounted() {
        submit("t1");
        telemetry();
        results.pipeInput("t1", running("t1", "charge", 7, STARTED));
        results.pipeInput("t1", running("t1", "charge", 1, STARTED));
        results.pipeInput("t1", running("t1", "charge", 1, STARTED));
        results.pipeInput("t1", ok("t1", "charge", 1));
        results.pipeInput("t1", running("t1", "charge", 1, STARTED));
        results.pipeInput("t9", running("t9", "charge", 1, STARTED));

        assertThat(counters.get("dropped.progress.stale_attempt")).isEqualTo(1);
        assertThat(counters.get("dropped.progress.step_already_started")).isEqualTo(1);
        assertThat(counters.get("dropped.progress.step_not_awaiting_result")).isEqualTo(1);
        assertThat(counters.get("dropped.progress.unknown_task")).isEqualTo(1);
        assertThat(types(telemetry()).stream().filter("step.started"::equals)).hasSize(1);
        assertThat(task("t1").step("charge").orElseThrow().state()).isEqualTo(StepState.COMPLETE);
    }
}
