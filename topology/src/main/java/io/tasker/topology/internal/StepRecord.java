package io.tasker.topology.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.topology.StepState;

import java.util.ArrayList;
import java.util.List;

/**
 * A step of a task as the topology knows it.
 *
 * @param attempt the number of the last dispatched attempt (1-based; 0 = never dispatched). Results
 *                for any other attempt are stale and dropped.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StepRecord(String name, StepState state, int attempt, int maxAttempts, JsonNode result,
                         String lastError, long completedAt, long nextAttemptAt, List<AttemptRecord> attempts,
                         boolean hasResult) {
    /** Attempts kept in the history per step (the most recent). */
    static final int MAX_HISTORY = 50;

    public StepRecord {
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
        hasResult = hasResult || result != null;
    }

    /** Without its result, which is kept in the task-data store ({@link #hasResult()} stays true). */
    StepRecord withoutResult() {
        return new StepRecord(name, state, attempt, maxAttempts, null, lastError, completedAt, nextAttemptAt, attempts, true);
    }

    StepRecord withResult(JsonNode value) {
        return new StepRecord(name, state, attempt, maxAttempts, value, lastError, completedAt, nextAttemptAt, attempts, value != null);
    }

    static StepRecord pending(String name, int maxAttempts) {
        return new StepRecord(name, StepState.PENDING, 0, maxAttempts, null, null, 0, 0, List.of(), false);
    }

    /** @param dispatchId the new attempt's dispatch id, carried by its command and echoed by its result */
    StepRecord enqueueNextAttempt(long now, Long dispatchId) {
        List<AttemptRecord> history = new ArrayList<>(attempts);
        history.add(AttemptRecord.dispatched(attempt + 1, now, dispatchId));
        // operator retries can add attempts without end: the record keeps the most recent ones
        if (history.size() > MAX_HISTORY) history = new ArrayList<>(history.subList(history.size() - MAX_HISTORY, history.size()));
        return new StepRecord(name, state.transitionTo(StepState.ENQUEUED), attempt + 1, maxAttempts, result, lastError, completedAt, 0, history, hasResult);
    }

    /** The history entry of attempt {@code n} (the most recent one with that number), null if none is kept. */
    AttemptRecord attemptRecord(int n) {
        for (int i = attempts.size() - 1; i >= 0; i--) {
            if (attempts.get(i).attempt() == n) return attempts.get(i);
        }
        return null;
    }

    /** The runner reported that the current attempt started at {@code startedAt} (its clock) and still runs. */
    StepRecord start(String runnerId, long startedAt) {
        List<AttemptRecord> history = new ArrayList<>(attempts);
        int last = history.size() - 1;
        if (last >= 0 && history.get(last).attempt() == attempt) {
            history.set(last, history.get(last).started(runnerId, startedAt));
        }
        return new StepRecord(name, state.transitionTo(StepState.IN_PROGRESS), attempt, maxAttempts, result, lastError,
                completedAt, nextAttemptAt, history, hasResult);
    }

    StepRecord retryAt(long at) {
        return new StepRecord(name, state, attempt, maxAttempts, result, lastError, completedAt, at, attempts, hasResult);
    }

    StepRecord finishAttempt(StepState next, StepResultIn r, long now) {
        List<AttemptRecord> history = new ArrayList<>(attempts);
        int last = history.size() - 1;
        if (last >= 0 && history.get(last).attempt() == r.attempt()) {
            history.set(last, history.get(last).finished(r, now));
        }
        StepState to = state.transitionTo(next);
        return new StepRecord(name, to, attempt, maxAttempts,
                r.success() ? r.result() : result,
                r.success() ? lastError : r.errorMessage(),
                to == StepState.COMPLETE || to == StepState.ERROR ? now : completedAt,
                0, history, hasResult);
    }

    /** Operator retry: back to pending with {@code extraAttempts} more attempts; the history is kept. */
    StepRecord reopen(int extraAttempts) {
        return new StepRecord(name, state.transitionTo(StepState.PENDING), attempt, attempt + extraAttempts, result, lastError,
                0, 0, attempts, hasResult);
    }

    /** Operator completion with a given result. */
    StepRecord completeManually(JsonNode value, long now) {
        return new StepRecord(name, state.transitionTo(StepState.COMPLETE), attempt, maxAttempts, value, lastError, now, 0, attempts, hasResult);
    }

    StepRecord abandon(String why, long now) {
        return new StepRecord(name, state.transitionTo(StepState.ERROR), attempt, maxAttempts, result, why, now, 0, attempts, hasResult);
    }

    /** A timed-out attempt whose success turned out to have arrived in time: the step completes with it. */
    StepRecord completeLate(StepResultIn r, long now) {
        List<AttemptRecord> history = new ArrayList<>(attempts);
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).attempt() == r.attempt()) history.set(i, history.get(i).finished(r, now));
        }
        return new StepRecord(name, state.transitionTo(StepState.COMPLETE), attempt, maxAttempts, r.result(), lastError, now, 0, history, hasResult);
    }

    StepRecord withState(StepState next) {
        return new StepRecord(name, state.transitionTo(next), attempt, maxAttempts, result, lastError, completedAt, nextAttemptAt, attempts, hasResult);
    }
}
