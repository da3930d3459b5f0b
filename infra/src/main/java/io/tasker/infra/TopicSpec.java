package io.tasker.infra;

import java.util.Map;

/**
 * A topic the platform needs.
 *
 * @param configs topic-level configs that must hold (e.g. {@code cleanup.policy=compact}); an existing
 *                topic whose value differs is reported as a conflict
 */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {
    public TopicSpec {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("topic name must not be blank");
        if (partitions < 1) throw new IllegalArgumentException("topic " + name + ": partitions must be >= 1, was " + partitions);
        if (replicationFactor < 1) throw new IllegalArgumentException("topic " + name + ": replication factor must be >= 1, was " + replicationFactor);
        configs = Map.copyOf(configs);
    }
}
