package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateLoader;
import io.tasker.topology.StepState;
import io.tasker.topology.TaskState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dispatch-id fence: a result (or start report) is recorded only if it echoes the dispatch id of the attempt the
 * task state dispatched. The case it closes: a runner reading step commands early executes a command from a transaction
 * that then aborts; the recovered topology dispatches the same attempt number again, possibly with other inputs.
 */
class DispatchFenceTest {
    private static final String CHAIN = """
            name: chain
            namespace: test
            version: 1.0.0
            steps:
              - name: a
                handler: h.a
              - name: b
                depends_on: [a]
                handler: h.b
                retry: { max_attempts: 2, backoff: none }
                timeout_seconds: 5
            """;

    private final TaskTemplate template = new TemplateLoader(null).parse(CHAIN, "chain.yaml");
    private final JsonNode ctx = JsonNodeFactory.instance.objectNode().put("x", 1);
    /** The topology before the crash, whose transaction aborts, and the recovered one: other dispatch ids. */
    private final TaskEngine aborted = new TaskEngine(() -> 0.5, TaskEngine.seededDispatchIds(1));
    private final TaskEngine recovered = new TaskEngine(() -> 0.5, TaskEngine.seededDispatchIds(2));

    private static StepResultIn ok(String step, int attempt, Long dispatchId, long arrivedAt) {
        return new StepResultIn("t1", step, attempt, true, JsonNodeFactory.instance.objectNode().put("from", step),
                null, null, true, null, List.of(), "r1", 1, 2, arrivedAt).withDispatchId(dispatchId);
    }

    private static Long idOf(Decision d, String step) {
        return d.dispatches().stream().filter(x -> x.stepName().equals(step)).findFirst().orElseThrow().dispatchId();
    }

    /** The committed state: task started, a dispatched (by the recovered engine's predecessor, committed). */
    private TaskRecord started() {
        return recovered.start("t1", template, ctx, null, null, 100).task();
    }

    @Test
    void everyDispatchCarriesAFreshIdThatTheAttemptKeeps() {
        Decision start = recovered.start("t1", template, ctx, null, null, 100);
        Long a1 = idOf(start, "a");
        assertThat(a1).isNotNull();
        assertThat(start.task().step("a").orElseThrow().attemptRecord(1).dispatchId()).isEqualTo(a1);

        TaskRecord t = recovered.onResult(start.task(), template, ok("a", 1, a1, 110), 110).task();
        Decision failed = recovered.onResult(t, template, new StepResultIn("t1", "b", 1, false, null, "boom", "X", true, null,
                List.of(), "r1", 1, 2, 120).withDispatchId(t.step("b").orElseThrow().attemptRecord(1).dispatchId()), 120);
        Long b1 = t.step("b").orElseThrow().attemptRecord(1).dispatchId();
        Decision.Timer retry = failed.timers().stream().filter(x -> x.kind() == Decision.TimerKind.RETRY).findFirst().orElseThrow();
        Decision retried = recovered.onTimer(failed.task(), template, retry, retry.dueAt());
        Long b2 = idOf(retried, "b");
        assertThat(retried.dispatches()).extracting(Decision.Dispatch::attempt).containsExactly(2);
        assertThat(b2).as("a retry is a new dispatch").isNotNull().isNotEqualTo(b1).isNotEqualTo(a1);
    }

    @Test
    void aResultOfAnAbortedDispatchOfTheSameAttemptNumberIsDroppedAndTheReplayedOneIsRecorded() {
        TaskRecord committed = started();
        Long a1 = committed.step("a").orElseThrow().attemptRecord(1).dispatchId();
        // the aborted transaction recorded a and dispatched b attempt 1; a runner reading early executed that command
        Long abortedB = idOf(aborted.onResult(committed, template, ok("a", 1, a1, 110), 110), "b");
        // the recovered topology processes a's result again and dispatches b attempt 1 anew
        Decision replay = recovered.onResult(committed, template, ok("a", 1, a1, 110), 115);
        Long replayedB = idOf(replay, "b");
        assertThat(replayedB).isNotEqualTo(abortedB);

        Decision stale = recovered.onResult(replay.task(), template, ok("b", 1, abortedB, 120), 120);
        assertThat(stale.dropReason()).isEqualTo(TaskEngine.DROP_STALE_DISPATCH);

        Decision recorded = recovered.onResult(replay.task(), template, ok("b", 1, replayedB, 130), 130);
        assertThat(recorded.dropped()).isFalse();
        assertThat(recorded.task().state()).isEqualTo(TaskState.COMPLETE);
        assertThat(recorded.task().step("b").orElseThrow().attempts()).singleElement()
                .satisfies(at -> assertThat(at.dispatchId()).isEqualTo(replayedB))
                .satisfies(at -> assertThat(at.outcome()).isEqualTo(AttemptRecord.SUCCESS));
        assertThat(recovered.onResult(recorded.task(), template, ok("b", 1, abortedB, 140), 140).dropReason())
                .as("once recorded, any other result of the attempt is dropped as before")
                .isEqualTo(TaskEngine.DROP_TASK_NOT_RUNNING);
    }

    @Test
    void aResultWithoutADispatchIdFromARunnerThatPredatesItIsFencedByAttemptAsBefore() {
        TaskRecord t = started();
        Decision recorded = recovered.onResult(t, template, ok("a", 1, null, 110), 110);
        assertThat(recorded.dropped()).isFalse();
        assertThat(recorded.task().step("a").orElseThrow().state()).isEqualTo(StepState.COMPLETE);
        assertThat(recovered.onResult(recorded.task(), template, ok("b", 2, null, 120), 120).dropReason())
                .isEqualTo(TaskEngine.DROP_STALE_ATTEMPT);
    }

    @Test
    void anAttemptDispatchedBeforeDispatchIdsAcceptsAResultThatCarriesOne() {
        TaskRecord t = started();
        StepRecord a = t.step("a").orElseThrow();
        AttemptRecord noId = new AttemptRecord(1, 100, 0, 0, 0, null, null, null, null, null);
        TaskRecord old = t.withStep(new StepRecord(a.name(), a.state(), a.attempt(), a.maxAttempts(), null, null, 0, 0,
                List.of(noId), false), 100);
        assertThat(recovered.onResult(old, template, ok("a", 1, 42L, 110), 110).dropped()).isFalse();
    }

    @Test
    void anInProgressReportOfAnAbortedDispatchIsDropped() {
        TaskRecord t = started();
        Long a1 = t.step("a").orElseThrow().attemptRecord(1).dispatchId();
        Decision stale = recovered.onStarted(t, new StepStartIn("t1", "a", 1, "r1", 105, a1 + 1), 106);
        assertThat(stale.dropReason()).isEqualTo(TaskEngine.DROP_STALE_DISPATCH);
        Decision started = recovered.onStarted(t, new StepStartIn("t1", "a", 1, "r1", 105, a1), 106);
        assertThat(started.task().step("a").orElseThrow().state()).isEqualTo(StepState.IN_PROGRESS);
        assertThat(recovered.onStarted(t, new StepStartIn("t1", "a", 1, "r1", 105), 106).dropped())
                .as("a runner that predates dispatch ids").isFalse();
    }

    @Test
    void aSuccessInTimeForATimedOutAttemptCountsOnlyFromItsOwnDispatch() {
        TaskRecord t = started();
        Long a1 = t.step("a").orElseThrow().attemptRecord(1).dispatchId();
        Decision afterA = recovered.onResult(t, template, ok("a", 1, a1, 110), 110);
        Long b1 = idOf(afterA, "b");
        Decision.Timer timeout = afterA.timers().stream().filter(x -> x.kind() == Decision.TimerKind.STEP_TIMEOUT)
                .findFirst().orElseThrow();
        // the topology was down: the timeout fires on restart before the result that arrived in time is read
        TaskRecord timedOut = recovered.onTimer(afterA.task(), template, timeout, 60_000).task();
        assertThat(timedOut.step("b").orElseThrow().state()).isEqualTo(StepState.WAITING_FOR_RETRY);

        assertThat(recovered.onResult(timedOut, template, ok("b", 1, b1 + 1, 200), 60_010).dropReason())
                .isEqualTo(TaskEngine.DROP_STALE_DISPATCH);
        Decision late = recovered.onResult(timedOut, template, ok("b", 1, b1, 200), 60_010);
        assertThat(late.dropped()).isFalse();
        assertThat(late.task().state()).isEqualTo(TaskState.COMPLETE);
    }

    @Test
    void seededDispatchIdsAreDeterministicAndDoNotRepeat() {
        var first = TaskEngine.seededDispatchIds(7);
        var again = TaskEngine.seededDispatchIds(7);
        List<Long> ids = java.util.stream.Stream.generate(first::getAsLong).limit(1000).toList();
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(java.util.stream.Stream.generate(again::getAsLong).limit(1000).toList()).isEqualTo(ids);
    }
}
