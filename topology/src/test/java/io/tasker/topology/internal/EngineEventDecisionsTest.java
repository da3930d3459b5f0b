package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tasker.schemas.LifecyclePayload;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateLoader;
import io.tasker.topology.StepState;
import io.tasker.topology.TaskState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.tasker.schemas.LifecycleEventType.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The typed system events the engine decides, and the facts each carries for its payload. No Kafka. */
class EngineEventDecisionsTest {
    private static final String TEMPLATE = """
            name: orders
            namespace: test
            version: 1.0.0
            steps:
              - name: charge
                handler: h.charge
                retry: { max_attempts: 2, backoff: none, backoff_base_ms: 200, jitter: 0 }
                timeout_seconds: 5
              - { name: ship, depends_on: [charge], handler: h.ship }
              - { name: mail, handler: h.mail }
              - name: instant
                depends_on: [mail]
                handler: h.instant
                retry: { max_attempts: 3, backoff: none, backoff_base_ms: 0, jitter: 0 }
            """;
    private static final long LATE = 1_000_000;
    private final TaskEngine engine = new TaskEngine(() -> 0.5);
    private final TaskTemplate template = new TemplateLoader(null).parse(TEMPLATE, "orders.yaml");
    private final JsonNode ctx = JsonNodeFactory.instance.objectNode();

    private static StepResultIn ok(String step, int attempt) {
        return new StepResultIn("t1", step, attempt, true, JsonNodeFactory.instance.objectNode(), null, null, true, null,
                List.of(), "r1", 40, 90, LATE);
    }

    private static StepResultIn fail(String step, int attempt, boolean retryable) {
        return new StepResultIn("t1", step, attempt, false, null, "boom", "java.lang.IllegalStateException", retryable,
                null, List.of("at x"), "r1", 40, 60, LATE);
    }

    private static Decision.Event only(Decision d, io.tasker.schemas.LifecycleEventType type) {
        List<Decision.Event> of = d.events().stream().filter(e -> e.type() == type).toList();
        assertThat(of).as(type + " in " + d.events()).hasSize(1);
        return of.get(0);
    }

    private TaskRecord started() {
        return engine.start("t1", template, ctx, "corr", null, 100).task();
    }

    @Test
    void creationIsInitializeRequestedThenStartedThenTheRootStepsFoundAndEnqueued() {
        Decision d = engine.start("t1", template, ctx, "corr", null, 100);

        assertThat(d.events()).extracting(Decision.Event::type).containsExactly(TASK_INITIALIZE_REQUESTED, TASK_STARTED,
                WORKFLOW_VIABLE_STEPS_DISCOVERED, STEP_ENQUEUED, STEP_ENQUEUED);
        assertThat(only(d, TASK_STARTED).task().stepCount()).isEqualTo(4);
        assertThat(only(d, WORKFLOW_VIABLE_STEPS_DISCOVERED).workflow().readySteps()).containsExactly("charge", "mail");
        Decision.StepFacts charge = d.events().get(3).step();
        assertThat(charge).isEqualTo(new Decision.StepFacts("charge", StepState.ENQUEUED, 1, 2));
    }

    @Test
    void resultWithoutAnInProgressReportCarriesTheStartAsStepStartedAtTheAttemptsStart() {
        Decision d = engine.onResult(started(), template, ok("charge", 1), 200);

        assertThat(d.events()).extracting(Decision.Event::type)
                .startsWith(STEP_STARTED, STEP_COMPLETED, WORKFLOW_VIABLE_STEPS_DISCOVERED, STEP_ENQUEUED);
        Decision.Event start = only(d, STEP_STARTED);
        assertThat(start.occurredAt()).isEqualTo(40);
        assertThat(start.step().state()).isEqualTo(StepState.IN_PROGRESS);
        Decision.Event done = only(d, STEP_COMPLETED);
        assertThat(done.times()).isEqualTo(new Decision.Times(40, 90L));
        assertThat(done.step()).isEqualTo(new Decision.StepFacts("charge", StepState.COMPLETE, 1, 2));
        assertThat(done.completedManually()).isFalse();
    }

    @Test
    void inProgressReportStartsTheStepOnceAndItsResultDoesNotStartItAgain() {
        TaskRecord t = started();
        Decision running = engine.onStarted(t, new StepStartIn("t1", "charge", 1, "r1", 45), 50);

        assertThat(running.task().step("charge").orElseThrow().state()).isEqualTo(StepState.IN_PROGRESS);
        assertThat(running.task().step("charge").orElseThrow().attempts().get(0).startedAt()).isEqualTo(45);
        assertThat(running.events()).extracting(Decision.Event::type).containsExactly(STEP_STARTED);
        assertThat(running.events().get(0).occurredAt()).isEqualTo(45);
        assertThat(running.dispatches()).isEmpty();

        Decision done = engine.onResult(running.task(), template, ok("charge", 1), 200);
        assertThat(done.events()).extracting(Decision.Event::type).doesNotContain(STEP_STARTED).contains(STEP_COMPLETED);
    }

    @Test
    void inProgressReportIsFencedLikeAResult() {
        TaskRecord t = started();
        TaskRecord running = engine.onStarted(t, new StepStartIn("t1", "charge", 1, "r1", 45), 50).task();

        assertThat(engine.onStarted(t, new StepStartIn("t1", "charge", 2, "r1", 45), 50).dropReason()).isEqualTo(TaskEngine.DROP_STALE_ATTEMPT);
        assertThat(engine.onStarted(t, new StepStartIn("t1", "nope", 1, "r1", 45), 50).dropReason()).isEqualTo(TaskEngine.DROP_UNKNOWN_STEP);
        assertThat(engine.onStarted(running, new StepStartIn("t1", "charge", 1, "r1", 45), 60).dropReason())
                .isEqualTo(TaskEngine.DROP_ALREADY_STARTED);
        TaskRecord done = engine.onResult(running, template, ok("charge", 1), 200).task();
        assertThat(engine.onStarted(done, new StepStartIn("t1", "charge", 1, "r1", 45), 210).dropReason())
                .isEqualTo(TaskEngine.DROP_NOT_AWAITING);
        TaskRecord cancelled = engine.decide(t, template, new OperatorCommand(OperatorCommand.Type.CANCEL, null, null, null), 300).task();
        assertThat(engine.onStarted(cancelled, new StepStartIn("t1", "charge", 1, "r1", 45), 310).dropReason())
                .isEqualTo(TaskEngine.DROP_TASK_NOT_RUNNING);
    }

    @Test
    void scheduledRetryIsOnTheFailureAndInStepRetryRequested() {
        Decision d = engine.onResult(started(), template, fail("charge", 1, true), 200);

        assertThat(d.events()).extracting(Decision.Event::type)
                .containsExactly(STEP_STARTED, STEP_FAILED, STEP_RETRY_REQUESTED, WORKFLOW_NO_VIABLE_STEPS);
        Decision.Event failed = only(d, STEP_FAILED);
        assertThat(failed.retry()).isEqualTo(new Decision.Retry(200, 400));
        assertThat(failed.failure()).isEqualTo(new Decision.Failure("boom", "java.lang.IllegalStateException", List.of("at x"), true));
        assertThat(failed.times()).isEqualTo(new Decision.Times(40, 60L));
        assertThat(failed.step()).isEqualTo(new Decision.StepFacts("charge", StepState.WAITING_FOR_RETRY, 1, 2));
        assertThat(only(d, STEP_RETRY_REQUESTED).retry()).isEqualTo(new Decision.Retry(200, 400));
    }

    @Test
    void retryWithoutDelayIsRequestedAndEnqueuedAtOnce() {
        TaskRecord t = engine.onResult(started(), template, ok("mail", 1), 150).task();
        Decision d = engine.onResult(t, template, fail("instant", 1, true), 200);

        assertThat(d.events()).extracting(Decision.Event::type).containsSubsequence(STEP_FAILED, STEP_RETRY_REQUESTED, STEP_ENQUEUED);
        assertThat(only(d, STEP_RETRY_REQUESTED).retry()).isEqualTo(new Decision.Retry(0, 200));
        assertThat(only(d, STEP_ENQUEUED).step().attempt()).isEqualTo(2);
    }

    @Test
    void lastAttemptFailureReachesMaxRetriesWithTheStepFailed() {
        Decision first = engine.onResult(started(), template, fail("charge", 1, true), 200);
        Decision.Timer retry = first.timers().stream().filter(x -> x.kind() == Decision.TimerKind.RETRY).findFirst().orElseThrow();
        TaskRecord t = engine.onTimer(first.task(), template, retry, 400).task();

        Decision d = engine.onResult(t, template, fail("charge", 2, true), 500);

        assertThat(d.events()).extracting(Decision.Event::type).containsSubsequence(STEP_FAILED, STEP_MAX_RETRIES_REACHED);
        assertThat(only(d, STEP_FAILED).retry()).as("no retry scheduled").isNull();
        Decision.Event max = only(d, STEP_MAX_RETRIES_REACHED);
        assertThat(max.step()).isEqualTo(new Decision.StepFacts("charge", StepState.ERROR, 2, 2));
        assertThat(max.failure().retryable()).as("the failure kind may be retried; the attempts are used up").isTrue();
    }

    @Test
    void failureThatCannotBeRetriedSaysSoAndBlocksTheRestBeforeTaskFailed() {
        TaskRecord t = engine.onResult(started(), template, ok("mail", 1), 150).task();
        t = engine.onResult(t, template, ok("instant", 1), 160).task();

        Decision d = engine.onResult(t, template, fail("charge", 1, false), 200);

        assertThat(d.events()).extracting(Decision.Event::type).containsExactly(STEP_STARTED, STEP_FAILED,
                STEP_MAX_RETRIES_REACHED, WORKFLOW_BLOCKED_BY_FAILURES, TASK_FAILED);
        assertThat(only(d, STEP_FAILED).failure().retryable()).isFalse();
        Decision.Event blocked = only(d, WORKFLOW_BLOCKED_BY_FAILURES);
        assertThat(blocked.workflow().blockedSteps()).containsExactly("ship");
        Decision.Event failed = only(d, TASK_FAILED);
        assertThat(failed.task().failedSteps()).containsExactly(
                new LifecyclePayload.FailedStep("charge", 1, "boom", "java.lang.IllegalStateException"));
        assertThat(failed.task().errorMessage()).isEqualTo("steps failed: charge (boom)");
        assertThat(failed.times()).isEqualTo(new Decision.Times(100, 200L));
    }

    @Test
    void timedOutAttemptFailsFromItsDispatchWithoutAStepStarted() {
        Decision d0 = engine.start("t1", template, ctx, null, null, 100);
        Decision.Timer timeout = d0.timers().stream().filter(x -> x.kind() == Decision.TimerKind.STEP_TIMEOUT).findFirst().orElseThrow();

        Decision d = engine.onTimer(d0.task(), template, timeout, 5100);

        assertThat(d.events()).extracting(Decision.Event::type).doesNotContain(STEP_STARTED).contains(STEP_FAILED);
        assertThat(only(d, STEP_FAILED).times()).isEqualTo(new Decision.Times(100, 5100L));
        assertThat(only(d, STEP_FAILED).failure().exceptionClass()).isEqualTo(TaskEngine.TIMEOUT_EXCEPTION);
    }

    @Test
    void resolvingTheFailedStepEndsTheTaskResolvedManuallyWithoutAResumedEvent() {
        TaskRecord t = engine.onResult(started(), template, ok("mail", 1), 150).task();
        t = engine.onResult(t, template, ok("instant", 1), 160).task();
        t = engine.onResult(t, template, fail("charge", 1, false), 200).task();
        assertThat(t.state()).isEqualTo(TaskState.ERROR);

        Decision resolved = engine.decide(t, template, new OperatorCommand(OperatorCommand.Type.RESOLVE_STEP, "charge", "by phone", null), 300);
        assertThat(resolved.events()).extracting(Decision.Event::type)
                .containsExactly(STEP_RESOLVED_MANUALLY, WORKFLOW_VIABLE_STEPS_DISCOVERED, STEP_ENQUEUED);
        assertThat(only(resolved, STEP_RESOLVED_MANUALLY).reason()).isEqualTo("by phone");
        assertThat(resolved.task().state()).isEqualTo(TaskState.IN_PROGRESS);

        Decision last = engine.onResult(resolved.task(), template, ok("ship", 1), 400);
        assertThat(last.task().state()).isEqualTo(TaskState.RESOLVED_MANUALLY);
        assertThat(last.events()).extracting(Decision.Event::type).contains(TASK_RESOLVED_MANUALLY).doesNotContain(TASK_COMPLETED);
        assertThat(only(last, TASK_RESOLVED_MANUALLY).times()).isEqualTo(new Decision.Times(100, 400L));
    }

    @Test
    void completingAStepByHandIsAStepCompletedMarkedManualAndTheTaskStillCompletes() {
        TaskRecord t = engine.onResult(started(), template, ok("mail", 1), 150).task();
        t = engine.onResult(t, template, ok("instant", 1), 160).task();
        t = engine.onResult(t, template, fail("charge", 1, false), 200).task();

        Decision d = engine.decide(t, template, new OperatorCommand(OperatorCommand.Type.COMPLETE_STEP, "charge", null,
                JsonNodeFactory.instance.objectNode()), 300);
        Decision.Event completed = only(d, STEP_COMPLETED);
        assertThat(completed.completedManually()).isTrue();
        assertThat(completed.times()).isEqualTo(new Decision.Times(300, 300L));
        assertThat(completed.step().attempt()).isEqualTo(1);

        Decision last = engine.onResult(d.task(), template, ok("ship", 1), 400);
        assertThat(last.task().state()).isEqualTo(TaskState.COMPLETE);
        assertThat(only(last, TASK_COMPLETED).task().stepCount()).isEqualTo(4);
    }

    @Test
    void cancelReportsEveryUnfinishedStepThenTheTaskWithTheOperatorsReason() {
        TaskRecord t = engine.onResult(started(), template, ok("mail", 1), 150).task();

        Decision d = engine.decide(t, template, new OperatorCommand(OperatorCommand.Type.CANCEL, null, "duplicate order", null), 200);

        assertThat(d.events()).extracting(Decision.Event::type).containsExactly(STEP_CANCELLED, STEP_CANCELLED, STEP_CANCELLED, TASK_CANCELLED);
        assertThat(d.events()).filteredOn(e -> e.type() == STEP_CANCELLED).extracting(e -> e.step().name())
                .containsExactly("charge", "ship", "instant");
        assertThat(d.events()).allSatisfy(e -> assertThat(e.reason()).isEqualTo("duplicate order"));
    }

    @Test
    void operatorRetryIsTaskRetryRequestedWithItsReason() {
        TaskRecord t = engine.onResult(started(), template, ok("mail", 1), 150).task();
        t = engine.onResult(t, template, ok("instant", 1), 160).task();
        t = engine.onResult(t, template, fail("charge", 1, false), 200).task();

        Decision d = engine.decide(t, template, new OperatorCommand(OperatorCommand.Type.RETRY, null, "card replaced", null), 300);

        assertThat(d.events()).extracting(Decision.Event::type).startsWith(TASK_RETRY_REQUESTED, WORKFLOW_VIABLE_STEPS_DISCOVERED, STEP_ENQUEUED);
        assertThat(only(d, TASK_RETRY_REQUESTED).reason()).isEqualTo("card replaced");
        assertThat(only(d, STEP_ENQUEUED).step()).as("a fresh set of attempts").isEqualTo(new Decision.StepFacts("charge", StepState.ENQUEUED, 2, 3));
    }
}
