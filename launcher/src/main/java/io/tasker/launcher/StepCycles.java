package io.tasker.launcher;

import io.tasker.templates.StepDefinition;
import io.tasker.templates.TaskTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-hop latency the lifecycle topic shows: for each completed step, the time from the completion of the last of
 * its dependencies being recorded (for a root step: the task's start) to its own completion being recorded. With no-op
 * handlers that is one hop of the engine: dispatch, commit, runner poll, no-op, result, commit, record. Times are the
 * topology's {@code occurred_at} of {@code task.started} and {@code step.completed}. One task's times are kept only
 * until it ends. Not thread-safe: fed by one consumer thread.
 */
final class StepCycles {
    private final TaskTemplate template;
    private final Map<String, Map<String, Long>> open = new HashMap<>();
    private final Map<String, Long> startedAt = new HashMap<>();
    private final List<Long> cycles = new ArrayList<>();

    StepCycles(TaskTemplate template) {
        this.template = template;
    }

    void taskStarted(String taskId, long at) {
        startedAt.put(taskId, at);
    }

    void stepCompleted(String taskId, String step, long at) {
        open.computeIfAbsent(taskId, k -> new HashMap<>()).put(step, at);
    }

    /** The task ended: its steps' cycles are measured and its times dropped. A step missing a time is skipped. */
    void taskEnded(String taskId) {
        Map<String, Long> done = open.remove(taskId);
        Long start = startedAt.remove(taskId);
        if (done == null) return;
        for (StepDefinition s : template.steps()) {
            Long at = done.get(s.name());
            if (at == null) continue;
            Long from = s.dependsOn().isEmpty() ? start : latest(done, s.dependsOn());
            if (from != null) cycles.add(at - from);
        }
    }

    /** The task ended but is not measured (a warm-up task): its times are dropped. */
    void taskDropped(String taskId) {
        open.remove(taskId);
        startedAt.remove(taskId);
    }

    private static Long latest(Map<String, Long> done, List<String> names) {
        long max = Long.MIN_VALUE;
        for (String n : names) {
            Long at = done.get(n);
            if (at == null) return null;
            max = Math.max(max, at);
        }
        return max;
    }

    List<Long> cycles() {
        return cycles;
    }
}
