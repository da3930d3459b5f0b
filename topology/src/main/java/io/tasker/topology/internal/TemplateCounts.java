package io.tasker.topology.internal;

import io.tasker.topology.TaskState;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * The number of tasks per template version and state, for the tasks of one partition: {@code GET /v1/templates/stats}
 * sums them over every partition without scanning tasks. Kept with the per-state counts in {@link TaskIndex}: every
 * state change of a task moves one unit from the old state's key to the new one's (one read and one write each, plus
 * their changelog records); a new task adds one, a deleted task removes one.
 *
 * <p>A store created after tasks already existed (an upgrade) is filled once from the partition's tasks when its
 * stream task starts, and marked as filled, so the counts are exact from the first answer on.
 */
final class TemplateCounts {
    private static final Logger log = LoggerFactory.getLogger(TemplateCounts.class);
    /** Present once the store holds the counts of every task of the partition. '\0' cannot start a namespace. */
    static final String FILLED = "\0filled";

    /** One count: tasks of {@code namespace/name@version} in {@code state}. */
    record Count(String namespace, String name, String version, String state, long tasks) {
    }

    private final KeyValueStore<String, Long> store;

    TemplateCounts(KeyValueStore<String, Long> store) {
        this.store = store;
    }

    // '\0' cannot occur in names, so the parts of a key never run into each other.
    static String key(String namespace, String name, String version, String state) {
        return namespace + "\0" + name + "\0" + version + "\0" + state;
    }

    static String key(TaskRecord t, TaskState state) {
        return key(t.namespace(), t.templateName(), t.templateVersion(), state.wireName());
    }

    /** The count a store entry stands for; null for the marker and for keys of another shape. */
    static Count parse(String key, Long value) {
        if (key.startsWith("\0") || value == null) return null;
        String[] parts = key.split("\0", -1);
        if (parts.length != 4) return null;
        return new Count(parts[0], parts[1], parts[2], parts[3], value);
    }

    void add(TaskRecord task, TaskState state, long delta) {
        String k = key(task, state);
        Long current = store.get(k);
        store.put(k, (current == null ? 0 : current) + delta);
    }

    /** Fills the store from the partition's tasks unless it was filled before (see the class). */
    void fillIfNew(KeyValueStore<String, TaskRecord> tasks) {
        if (store.get(FILLED) != null) return;
        Map<String, Long> counts = new HashMap<>();
        try (KeyValueIterator<String, TaskRecord> it = tasks.all()) {
            while (it.hasNext()) {
                TaskRecord t = it.next().value;
                if (t != null) counts.merge(key(t, t.state()), 1L, Long::sum);
            }
        }
        counts.forEach(store::put);
        store.put(FILLED, 1L);
        if (!counts.isEmpty()) log.info("per-template task counts filled from {} existing template/state combinations", counts.size());
    }

    /** Adds every count of {@code store} (one partition) to {@code into}. */
    static void sum(ReadOnlyKeyValueStore<String, Long> store, Map<String, Long> into) {
        try (KeyValueIterator<String, Long> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, Long> kv = it.next();
                if (!kv.key.startsWith("\0")) into.merge(kv.key, kv.value, Long::sum);
            }
        }
    }
}
