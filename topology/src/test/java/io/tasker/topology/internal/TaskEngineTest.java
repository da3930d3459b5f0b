package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tasker.schemas.LifecycleEventType;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateLoader;
import io.tasker.topology.StepState;
import io.tasker.topology.TaskState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.tasker.schemas.LifecycleEventType.*;
import static org.assertj.core.api.Assertions.assertThat;

class TaskEngineTest {
    private static final String DIAMOND = """
            name: diamond
            namespace: test
            version: 1.0.0
            steps:
              - name: a
                handler: h.a
              - name: b
                depends_on: [a]
                handler: h.b
              - name: c
                depends_on: [a]
                handler: h.c
                retry: { max_attempts: 3, backoff: exponential, backoff_base_ms: 200, max_backoff_ms: 1000, jitter: 0.1 }
                timeout_seconds: 5
              - name: d
                depends_on: [b, c]
                handler: h.d
              - name: e
                handler: h.e
            """;

    /** random = 0.5 means "no jitter" for RetryPolicy.delayBeforeAttempt. */
    /** Arrival time of results in these tests unless a test says otherwise: after every deadline. */
    private static final long LATE = 1_000_000;
    private final TaskEngine engine = new TaskEngine(() -> 0.5);
    private final TaskTemplate template = new TemplateLoader(null).parse(DIAMOND, "diamond.yaml");
    private final JsonNode ctx = JsonNodeFactory.instance.objectNode().put("x", 1);

    private static StepResultIn ok(String step, int attempt) {
        return new StepResultIn("t1", step, attempt, true, JsonNodeFactory.instance.objectNode().put("from", step),
                null, null, true, null, List.of(), "r1", 1, 2, LATE);
    }

    private static StepResultIn fail(String step, int attempt, boolean retryable) {
        return new StepResultIn("t1", step, attempt, false, null, "boom " + step, "java.lang.IllegalStateException",
                retryable, null, List.of("at x"), "r1", 1, 2, LATE);
    }

    private static List<String> dispatched(Decision d) {
        return d.dispatches().stream().map(Decision.Dispatch::stepName).toList();
    }

    @Test
    void startDispatchesEveryRootStepInParallel() {
        Decision d = engine.start("t1", template, ctx, "corr", null, 100);
        assertThat(d.task().state()).isEqualTo(TaskState.IN_PROGRESS);
        assertThat(dispatched(d)).containsExactly("a", "e");
        assertThat(d.task().step("a").orElseThrow().state()).isEqualTo(StepState.ENQUEUED);
        assertThat(d.task().step("a").orElseThrow().attempt()).isEqualTo(1);
        assertThat(d.events()).extracting(Decision.Event::type).containsExactly(TASK_INITIALIZE_REQUESTED, TASK_STARTED,
                WORKFLOW_VIABLE_STEPS_DISCOVERED, STEP_ENQUEUED, STEP_ENQUEUED);
    }

    @Test
    void joinStepRunsOnlyWhenAllItsDependenciesCompleteAndReceivesTheirResults() {
        TaskRecord t = engine.start("t1", template, ctx, null, null, 100).task();
        Decision d = engine.onResult(t, template, ok("a", 1), 110);
        assertThat(dispatched(d)).containsExactly("b", "c");
        assertThat(d.dispatches().get(0).dependencies()).containsExactly("a");
        t = d.task();
        d = engine.onResult(t, template, ok("b", 1), 120);
        assertThat(dispatched(d)).as("d waits for c").isEmpty();
        t = d.task();
        d = engine.onResult(t, template, ok("c", 1), 130);
        assertThat(dispatched(d)).containsExactly("d");
        assertThat(d.dispatches().get(0).dependencies()).containsExactly("b", "c");
        assertThat(d.task().step("c").orElseThrow().result().get("from").asText()).as("the result the command will carry").isEqualTo("c");
    }

    @Test
    void taskCompletesWhenEveryStepCompletes() {
        TaskRecord t = engine.start("t1", template, ctx, null, null, 100).task();
        for (String s : List.of("a", "e", "b", "c", "d")) {
            t = engine.onResult(t, template, ok(s, 1), 200).task();
        }
        assertThat(t.state()).isEqualTo(TaskState.COMPLETE);
        assertThat(t.completedAt()).isEqualTo(200);
        assertThat(t.steps()).allMatch(s -> s.state() == StepState.COMPLETE);
    }

    private static Decision.Timer timer(Decision d, Decision.TimerKind kind) {
        return d.timers().stream().filter(t -> t.kind() == kind).findFirst().orElseThrow(() -> new AssertionError("no " + kind + " timer in " + d.timers()));
    }

    private TaskRecord withCFailed(int attempts) {
        TaskRecord t = engine.start("t1", template, ctx, null, null, 100).task();
        t = engine.onResult(t, template, ok("a", 1), 110).task();
        long now = 120;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            Decision d = engine.onResult(t, template, fail("c", attempt, true), now);
            t = d.task();
            if (t.step("c").orElseThrow().state() == StepState.WAITING_FOR_RETRY) {
                Decision.Timer retry = timer(d, Decision.TimerKind.RETRY);
                t = engine.onTimer(t, template, retry, retry.dueAt()).task();
                now = retry.dueAt() + 10;
            }
        }
        return t;
    }

    @Test
    void retryableFailureWaitsForExponentialBackoffThenDispatchesTheNextAttempt() {
        TaskRecord t = engine.start("t1", template, ctx, null, null, 100).task();
        t = engine.onResult(t, template, ok("a", 1), 110).task();
        Decision failed = engine.onResult(t, template, fail("c", 1, true), 120);
        assertThat(failed.dispatches()).isEmpty();
        StepRecord c = failed.task().step("c").orElseThrow();
        assertThat(c.state()).isEqualTo(StepState.WAITING_FOR_RETRY);
        assertThat(c.nextAttemptAt()).isEqualTo(320);
        assertThat(c.attempts().get(0).outcome()).isEqualTo("failure");
        assertThat(c.lastError()).isEqualTo("boom c");
        Decision.Timer retry = timer(failed, Decision.TimerKind.RETRY);
        assertThat(retry.dueAt()).as("base 200 ms before attempt 2").isEqualTo(320);

        Decision fired = engine.onTimer(failed.task(), template, retry, 320);
        assertThat(fired.dispatches()).singleElement().satisfies(x -> {
            assertThat(x.stepName()).isEqualTo("c");
            assertThat(x.attempt()).isEqualTo(2);
        });
        assertThat(fired.task().step("c").orElseThrow().state()).isEqualTo(StepState.ENQUEUED);
        assertThat(timer(fired, Decision.TimerKind.STEP_TIMEOUT).dueAt()).isEqualTo(320 + 5000);

        Decision secondFailure = engine.onResult(fired.task(), template, fail("c", 2, true), 400);
        assertThat(timer(secondFailure, Decision.TimerKind.RETRY).dueAt()).as("doubles to 400 ms").isEqualTo(800);
    }

    @Test
    void jitterSpreadsTheDelayWithinTheConfiguredFraction() {
        TaskRecord t = engine.start("t1", template, ctx, null, null, 100).task();
        t = engine.onResult(t, template, ok("a", 1), 110).task();
        long low = timer(new TaskEngine(() -> 0.0).onResult(t, template, fail("c", 1, true), 1000), Decision.TimerKind.RETRY).dueAt() - 1000;
        long high = timer(new TaskEngine(() -> 0.999999).onResult(t, template, fail("c", 1, true), 1000), Decision.TimerKind.RETRY).dueAt() - 1000;
        assertThat(low).isEqualTo(180);
        assertThat(high).isEqualTo(220);
    }

    @Test
    void handlerRequestedDelayWinsButIsCappedByMaxBackoff() {
        TaskRecord t = engine.start("t1", template, ctx, null, null, 100).task();
        t = engine.onResult(t, template, ok("a", 1), 110).task();
        StepResultIn asksFor700 = new StepResultIn("t1", "c", 1, false, null, "slow down", null, true, 700L, List.of(), "r1", 1, 2, LATE);
        assertThat(timer(engine.onResult(t, template, asksFor700, 1000), Decision.TimerKind.RETRY).dueAt()).isEqualTo(1700);
        StepResultIn asksFor9000 = new StepResultIn("t1", "c", 1, false, null, "slow down", null, true, 9000L, List.of(), "r1", 1, 2, LATE);
        assertThat(timer(engine.onResult(t, template, asksFor9000, 1000), Decision.TimerKind.RETRY).dueAt()).isEqualTo(2000);
    }

    @Test
    void attemptWithoutResultInTimeFailsAsARetryableTimeoutAndItsLateResultIsDropped() {
        TaskRecord t = engine.start("t1", template, ctx, null, null, 100).task();
        Decision afterA = engine.onResult(t, template, ok("a", 1), 110);
        Decision.Timer timeout = timer(afterA, Decision.TimerKind.STEP_TIMEOUT);
        assertThat(timeout.stepName()).isEqualTo("c");
        assertThat(timeout.dueAt()).isEqualTo(5110);

        Decision timedOut = engine.onTimer(afterA.task(), template, timeout, 5110);
        StepRecord c = timedOut.task().step("c").orElseThrow();
        assertThat(c.state()).isEqualTo(StepState.WAITING_FOR_RETRY);
        assertThat(c.attempts().get(0).exceptionClass()).isEqualTo(TaskEngine.TIMEOUT_EXCEPTION);
        assertThat(c.lastError()).contains("timed out after 5 s");

        assertThat(engine.onResult(timedOut.task(), template, ok("c", 1), 5200).dropReason())
                .as("the late result of the timed-out attempt").isEqualTo(TaskEngine.DROP_NOT_AWAITING);
    }

    @Test
    void resultThatArrivedBeforeTheDeadlineCountsEvenIfTheTimeoutFiredFirst() {
        TaskRecord t = engine.start("t1", template, ctx, null, null, 100).task();
        Decision afterA = engine.onResult(t, template, ok("a", 1), 110);
        Decision.Timer timeout = timer(afterA, Decision.TimerKind.STEP_TIMEOUT);
        // the topology was down: the timer fires on restart before the waiting result is read
        TaskRecord timedOut = engine.onTimer(afterA.task(), template, timeout, 60_000).task();
        assertThat(timedOut.step("c").orElseThrow().state()).isEqualTo(StepState.WAITING_FOR_RETRY);

        StepResultIn arrivedInTime = new StepResultIn("t1", "c", 1, true, JsonNodeFactory.instance.objectNode().put("from", "c"),
                null, null, true, null, List.of(), "r1", 120, 130, 140);
        Decision d = engine.onResult(timedOut, template, arrivedInTime, 60_010);
        StepRecord c = d.task().step("c").orElseThrow();
        assertThat(c.state()).isEqualTo(StepState.COMPLETE);
        assertThat(c.attempts()).hasSize(1);
        assertThat(c.attempts().get(0).outcome()).isEqualTo("success");
        assertThat(dispatched(d)).as("d waits for b only").isEmpty();
        assertThat(d.events()).extracting(Decision.Event::type).contains(STEP_COMPLETED);
    }

    @Test
    void timerThatFindsTheStepMovedOnIsDropped() {
        TaskRecord t = engine.start("t1", template, ctx, null, null, 100).task();
        Decision afterA = engine.onResult(t, template, ok("a", 1), 110);
        Decision.Timer timeout = timer(afterA, Decision.TimerKind.STEP_TIMEOUT);
        TaskRecord cDone = engine.onResult(afterA.task(), template, ok("c", 1), 200).task();
        assertThat(engine.onTimer(cDone, template, timeout, 5110).dropReason()).isEqualTo(TaskEngine.DROP_STALE_TIMER);
    }

    @Test
    void taskDeadlineFailsTheTaskWithAClearReason() {
        TaskTemplate withDeadline = new TemplateLoader(null).parse(DIAMOND.replace("steps:", "lifecycle: { max_duration_seconds: 60 }\nsteps:"), "d.yaml");
        Decision started = engine.start("t1", withDeadline, ctx, null, null, 100);
        Decision.Timer deadline = timer(started, Decision.TimerKind.TASK_DEADLINE);
        assertThat(deadline.dueAt()).isEqualTo(60_100);
        Decision fired = engine.onTimer(started.task(), withDeadline, deadline, 60_100);
        assertThat(fired.task().state()).isEqualTo(TaskState.ERROR);
        assertThat(fired.task().error()).isEqualTo("task exceeded its deadline of 60 s");
        assertThat(engine.onResult(fired.task(), withDeadline, ok("a", 1), 60_200).dropReason()).isEqualTo(TaskEngine.DROP_TASK_NOT_RUNNING);
    }

    @Test
    void exhaustedStepGoesToErrorIndependentBranchesFinishThenTaskFailsNamingTheStep() {
        TaskRecord t = withCFailed(3);
        assertThat(t.step("c").orElseThrow().state()).isEqualTo(StepState.ERROR);
        assertThat(t.step("c").orElseThrow().attempts()).hasSize(3);
        assertThat(t.state()).as("b and e still running").isEqualTo(TaskState.IN_PROGRESS);
        t = engine.onResult(t, template, ok("b", 1), 2000).task();
        assertThat(t.state()).isEqualTo(TaskState.IN_PROGRESS);
        Decision d = engine.onResult(t, template, ok("e", 1), 2100);
        assertThat(d.task().state()).isEqualTo(TaskState.ERROR);
        assertThat(d.task().error()).contains("c (boom c)");
        assertThat(d.task().step("d").orElseThrow().state()).as("blocked, never dispatched").isEqualTo(StepState.PENDING);
        assertThat(d.events()).extracting(Decision.Event::type).contains(TASK_FAILED);
    }

    @Test
    void permanentFailureIsNotRetriedEvenWithAttemptsLeft() {
        TaskRecord t = engine.start("t1", template, ctx, null, null, 100).task();
        t = engine.onResult(t, template, ok("a", 1), 110).task();
        Decision d = engine.onResult(t, template, fail("c", 1, false), 120);
        assertThat(d.dispatches()).isEmpty();
        assertThat(d.task().step("c").orElseThrow().state()).isEqualTo(StepState.ERROR);
    }

    @Test
    void duplicateStaleAndLateResultsAreDroppedWithAReason() {
        TaskRecord t = engine.start("t1", template, ctx, null, null, 100).task();
        TaskRecord afterA = engine.onResult(t, template, ok("a", 1), 110).task();
        assertThat(engine.onResult(afterA, template, ok("a", 1), 111).dropReason()).isEqualTo(TaskEngine.DROP_NOT_AWAITING);
        assertThat(engine.onResult(afterA, template, ok("b", 2), 111).dropReason()).isEqualTo(TaskEngine.DROP_STALE_ATTEMPT);
        assertThat(engine.onResult(afterA, template, ok("zzz", 1), 111).dropReason()).isEqualTo(TaskEngine.DROP_UNKNOWN_STEP);
        assertThat(engine.onResult(afterA, template, ok("d", 1), 111).dropReason()).as("d was never dispatched").isEqualTo(TaskEngine.DROP_NOT_AWAITING);
        TaskRecord done = afterA;
        for (String s : List.of("e", "b", "c", "d")) done = engine.onResult(done, template, ok(s, 1), 200).task();
        assertThat(engine.onResult(done, template, ok("d", 1), 300).dropReason()).isEqualTo(TaskEngine.DROP_TASK_NOT_RUNNING);
    }

    @Test
    void taskRecordSurvivesTheStoreSerdeUnchanged() {
        TaskRecord t = engine.start("t1", template, ctx, "corr", "key-1", 100).task();
        t = engine.onResult(t, template, fail("a", 1, true), 110).task();
        TaskRecordSerde serde = new TaskRecordSerde();
        TaskRecord back = serde.deserializer().deserialize("x", serde.serializer().serialize("x", t));
        assertThat(back).isEqualTo(t);
    }

    @Test
    void failTaskAbandonsInFlightAttemptsAndFailsTheTaskOnce() {
        TaskRecord t = engine.start("t1", template, ctx, null, null, 100).task();
        Decision d = engine.failTask(t, TaskErrorCode.PROCESSING_FAILED, "processing_failed: boom", 200);
        assertThat(d.task().state()).isEqualTo(io.tasker.topology.TaskState.ERROR);
        assertThat(d.task().error()).isEqualTo("processing_failed: boom");
        assertThat(d.task().steps()).filteredOn(s -> s.state().isAwaitingResult()).isEmpty();
        assertThat(d.events()).extracting(Decision.Event::type).containsExactly(TASK_FAILED);
        assertThat(engine.failTask(d.task(), TaskErrorCode.PROCESSING_FAILED, "again", 300).dropped()).as("a task in error is not failed twice").isTrue();
    }

    @Test
    void theEventsOfAnAttemptAreReleasedWhenItIsRecordedAndNeverWhenItIsDropped() {
        TaskRecord t = engine.start("t1", template, ctx, null, null, 100).task();
        StepResultIn.EventIn e = new StepResultIn.EventIn("e-1", "x.done", 0, "{}", 50);
        StepResultIn withEvent = new StepResultIn("t1", "a", 1, true, JsonNodeFactory.instance.objectNode(), null, null, true, null,
                List.of(), "r1", 1, 2, LATE, List.of(e));

        Decision recorded = engine.onResult(t, template, withEvent, 200);
        assertThat(recorded.releases()).containsExactly(new Decision.Release("a", 1, "r1", e));

        Decision duplicate = engine.onResult(recorded.task(), template, withEvent, 300);
        assertThat(duplicate.dropped()).isTrue();
        assertThat(duplicate.releases()).isEmpty();
    }
}
