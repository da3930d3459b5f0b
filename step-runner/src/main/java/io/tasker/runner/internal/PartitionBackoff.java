package io.tasker.runner.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Partitions paused until a point in time because the schema registry was unavailable while decoding one of their
 * records. Confined to the poll thread.
 */
final class PartitionBackoff {
    private final Map<TopicPartition, Long> until = new HashMap<>();

    void pauseUntil(TopicPartition tp, long epochMs) {
        until.put(tp, epochMs);
    }

    /** The partitions of {@code assignment} still backing off at {@code now}; expired entries are dropped. */
    Set<TopicPartition> pausedAt(long now, Set<TopicPartition> assignment) {
        Set<TopicPartition> out = new HashSet<>();
        if (until.isEmpty()) {
            return out;
        }
        until.values().removeIf(t -> t <= now);
        for (TopicPartition tp : until.keySet()) {
            if (assignment.contains(tp)) {
                out.add(tp);
            }
        }
        return out;
    }

    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(until::remove);
    }
}
