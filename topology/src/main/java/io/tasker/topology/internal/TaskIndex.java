package io.tasker.topology.internal;

import io.tasker.topology.TaskState;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Secondary indexes of the tasks of one partition, so listing is a range scan and never a scan of every
 * task. Keys sort by creation time inside a prefix: {@code a|<created>|<id>} (all tasks),
 * {@code s|<state>|...}, {@code n|<namespace>|...}, {@code t|<namespace>/<template>|...}; values are empty.
 * A second store keeps the number of tasks per state.
 */
final class TaskIndex {
    private final KeyValueStore<String, String> index;
    private final KeyValueStore<String, Long> counts;

    TaskIndex(KeyValueStore<String, String> index, KeyValueStore<String, Long> counts) {
        this.index = index;
        this.counts = counts;
    }

    static String sortKey(long createdAt, String taskId) {
        return String.format("%013d", createdAt) + "|" + taskId;
    }

    static String allPrefix() {
        return "a|";
    }

    static String statePrefix(String state) {
        return "s|" + state + "|";
    }

    static String namespacePrefix(String namespace) {
        return "n|" + namespace + "|";
    }

    static String templatePrefix(String namespace, String template) {
        return "t|" + namespace + "/" + template + "|";
    }

    static List<String> keys(TaskRecord t) {
        String sk = sortKey(t.createdAt(), t.taskId());
        return List.of(allPrefix() + sk, statePrefix(t.state().wireName()) + sk, namespacePrefix(t.namespace()) + sk,
                templatePrefix(t.namespace(), t.templateName()) + sk);
    }

    /** Moves the task's index entries and state count from {@code before} (null for a new task) to {@code after}. */
    void update(TaskRecord before, TaskRecord after) {
        if (before != null && before.state() == after.state()) return; // only the state part of the keys can change
        Set<String> next = new HashSet<>(keys(after));
        if (before != null) {
            for (String k : keys(before)) {
                if (!next.remove(k)) index.delete(k);
            }
            add(before.state(), -1);
        }
        for (String k : next) index.put(k, "");
        add(after.state(), 1);
    }

    private void add(TaskState state, long delta) {
        Long current = counts.get(state.wireName());
        counts.put(state.wireName(), (current == null ? 0 : current) + delta);
    }
}
