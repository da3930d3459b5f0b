package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * What the engine decided for one input record. Either {@link #dropReason()} is set and nothing else
 * happens, or {@link #task()} is the new state to write and the dispatches and events are to be emitted.
 */
public record Decision(TaskRecord task, List<Dispatch> dispatches, List<Event> events, List<Timer> timers, String dropReason,
                       List<Release> releases) {

    public Decision {
        releases = releases == null ? List.of() : List.copyOf(releases);
    }

    public Decision(TaskRecord task, List<Dispatch> dispatches, List<Event> events, List<Timer> timers, String dropReason) {
        this(task, dispatches, events, timers, dropReason, List.of());
    }

    /**
     * A durable domain event to release now: the attempt that published it is being recorded, in the same transaction.
     *
     * @param runnerId the runner that executed the attempt ({@code fired_by})
     */
    public record Release(String stepName, int attempt, String runnerId, StepResultIn.EventIn event) {
    }

    /** One step attempt to send to a runner. */
    /**
     * One step attempt to send to a runner.
     *
     * @param dependencies the dependencies whose results the command carries (those that have one), in template order;
     *                     the results themselves are read only when the command is built
     */
    public record Dispatch(String stepName, int attempt, String handler, JsonNode handlerConfig, Long timeoutMs,
                           List<String> dependencies) {
    }

    /** One lifecycle event (task.completed, step.failed, ...). */
    public record Event(String type, String stepName, String stepState, Integer attempt, String errorMessage) {
    }

    /**
     * Something to do later for this task: re-dispatch a step after its backoff, fail an attempt that did not
     * answer in time, or fail the task at its deadline. A timer that finds the task moved on does nothing.
     *
     * @param attempt the attempt the timer is about (the failed one for a retry, the running one for a timeout)
     */
    public record Timer(long dueAt, TimerKind kind, String stepName, int attempt) {
    }

    /** RETENTION: delete a finished task (and its index entries) once its retention has passed. */
    public enum TimerKind { RETRY, STEP_TIMEOUT, TASK_DEADLINE, RETENTION }

    /** An operator command the current state does not allow; the reason is shown to the operator. */
    public static Decision refuse(String reason) {
        return drop(reason);
    }

    public static Decision drop(String reason) {
        return new Decision(null, List.of(), List.of(), List.of(), reason);
    }

    /**
     * This decision with {@code withdrawn} not dispatched after all, followed by {@code next} (what the engine decided
     * about the withdrawn attempt): the task of {@code next}, and both decisions' dispatches, events and timers.
     */
    Decision followedBy(Dispatch withdrawn, Decision next) {
        List<Dispatch> ds = new java.util.ArrayList<>(dispatches);
        ds.remove(withdrawn);
        ds.addAll(next.dispatches());
        List<Event> es = new java.util.ArrayList<>(events);
        es.addAll(next.events());
        List<Timer> ts = new java.util.ArrayList<>(timers);
        ts.addAll(next.timers());
        List<Release> rs = new java.util.ArrayList<>(releases);
        rs.addAll(next.releases());
        return new Decision(next.task(), ds, es, ts, null, rs);
    }

    public boolean dropped() {
        return dropReason != null;
    }
}
