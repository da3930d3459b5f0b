package io.tasker.topology.internal;

import io.tasker.topology.TaskState;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Secondary indexes of the tasks of one partition, so listing is a range scan and never a scan of every
 * task. One entry per task and filter combination (all, state, namespace, namespace+template,
 * state+namespace, state+namespace+template); inside a prefix keys sort by creation time then task id.
 * Values are empty.
 * A second store keeps the number of tasks per state, a third ({@link TemplateCounts}) per template version and state.
 */
final class TaskIndex {
    private final KeyValueStore<String, String> index;
    private final KeyValueStore<String, Long> counts;
    private final TemplateCounts templateCounts;

    TaskIndex(KeyValueStore<String, String> index, KeyValueStore<String, Long> counts, TemplateCounts templateCounts) {
        this.index = index;
        this.counts = counts;
        this.templateCounts = templateCounts;
    }

    TemplateCounts templateCounts() {
        return templateCounts;
    }

    static String sortKey(long createdAt, String taskId) {
        return String.format("%013d", createdAt) + "|" + taskId;
    }

    // '\0' cannot occur in names, so one name can never be a prefix of another's entries.
    static String allPrefix() {
        return "a\0";
    }

    static String statePrefix(String state) {
        return "s\0" + state + "\0";
    }

    static String namespacePrefix(String namespace) {
        return "n\0" + namespace + "\0";
    }

    static String templatePrefix(String namespace, String template) {
        return "t\0" + namespace + "\0" + template + "\0";
    }

    static String stateNamespacePrefix(String state, String namespace) {
        return "sn\0" + state + "\0" + namespace + "\0";
    }

    static String stateTemplatePrefix(String state, String namespace, String template) {
        return "st\0" + state + "\0" + namespace + "\0" + template + "\0";
    }

    /** One entry per filter combination the API allows, so every listing is an exact prefix scan. */
    static List<String> keys(TaskRecord t) {
        String sk = sortKey(t.createdAt(), t.taskId());
        String state = t.state().wireName();
        return List.of(allPrefix() + sk, statePrefix(state) + sk, namespacePrefix(t.namespace()) + sk,
                templatePrefix(t.namespace(), t.templateName()) + sk, stateNamespacePrefix(state, t.namespace()) + sk,
                stateTemplatePrefix(state, t.namespace(), t.templateName()) + sk);
    }

    /**
     * Counts kept beside the per-state ones, for the gauges of {@link TopologyMetrics}: steps dispatched and not yet
     * started by a runner, and running tasks with no attempt at a runner (every unfinished step waits for a retry's
     * backoff). The prefix keeps them apart from the state names listings show.
     */
    static final String STEPS_READY = "~steps.ready";
    static final String TASKS_WAITING = "~tasks.waiting";

    /** Whether a key of the counts store is one of the gauge counts above, not a task state. */
    static boolean isGaugeCount(String key) {
        return key.startsWith("~");
    }

    /** Moves the task's index entries and state count from {@code before} (null for a new task) to {@code after}. */
    void update(TaskRecord before, TaskRecord after) {
        long[] was = gaugeCounts(before);
        long[] is = gaugeCounts(after);
        addCount(STEPS_READY, is[0] - was[0]);
        addCount(TASKS_WAITING, is[1] - was[1]);
        if (before != null && before.state() == after.state()) return; // only the state part of the keys can change
        Set<String> next = new HashSet<>(keys(after));
        if (before != null) {
            for (String k : keys(before)) {
                if (!next.remove(k)) index.delete(k);
            }
            add(before, -1);
        }
        for (String k : next) index.put(k, "");
        add(after, 1);
    }

    /** Removes a deleted task's entries and count. */
    void remove(TaskRecord task) {
        long[] was = gaugeCounts(task);
        addCount(STEPS_READY, -was[0]);
        addCount(TASKS_WAITING, -was[1]);
        for (String k : keys(task)) index.delete(k);
        add(task, -1);
    }

    /** What {@code task} adds to {@link #STEPS_READY} and {@link #TASKS_WAITING}; only a running task adds. */
    private static long[] gaugeCounts(TaskRecord task) {
        if (task == null || task.state() != io.tasker.topology.TaskState.IN_PROGRESS) return new long[2];
        long ready = 0;
        boolean atRunner = false;
        for (StepRecord s : task.steps()) {
            if (s.state() == io.tasker.topology.StepState.ENQUEUED) ready++;
            if (s.state().isAwaitingResult()) atRunner = true;
        }
        return new long[] {ready, atRunner ? 0 : 1};
    }

    private void addCount(String key, long delta) {
        if (delta == 0) return;
        Long current = counts.get(key);
        counts.put(key, (current == null ? 0 : current) + delta);
    }

    private void add(TaskRecord task, long delta) {
        TaskState state = task.state();
        Long current = counts.get(state.wireName());
        counts.put(state.wireName(), (current == null ? 0 : current) + delta);
        templateCounts.add(task, state, delta);
    }
}
