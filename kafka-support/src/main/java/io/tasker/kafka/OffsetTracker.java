package io.tasker.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Tracks, per partition, which dispatched records are still pending and computes the offsets that are safe to commit:
 * the lowest pending offset, or one past the last dispatched record when nothing is pending. Completions may arrive
 * in any order; only the contiguous done prefix is ever committable, so a crash re-delivers every record whose result
 * was not acknowledged (at-least-once). Gaps in offsets (transaction markers) are handled because only dispatched
 * offsets count.
 *
 * <p>Thread-safe: records are dispatched on the poll thread and completed on any other thread (workers, timers, producer callbacks).
 */
public final class OffsetTracker {

    private static final class PartitionState {
        final TreeSet<Long> pending = new TreeSet<>();
        long lastDispatched = -1;
        long committed = -1;

        long committableOffset() {
            if (!pending.isEmpty()) {
                return pending.first();
            }
            return lastDispatched + 1;
        }
    }

    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();

    /**
     * Records that {@code offset} of {@code tp} was handed out for processing. Offsets of one partition must be
     * dispatched in increasing order.
     *
     * @throws IllegalArgumentException if {@code offset} is not greater than the last dispatched offset
     */
    public synchronized void dispatched(TopicPartition tp, long offset) {
        PartitionState s = partitions.computeIfAbsent(tp, k -> new PartitionState());
        if (offset <= s.lastDispatched) {
            throw new IllegalArgumentException(tp + ": offset " + offset + " dispatched after " + s.lastDispatched);
        }
        s.lastDispatched = offset;
        s.pending.add(offset);
        notifyAll();
    }

    /**
     * Records that the record at {@code offset} is done (its result acknowledged).
     *
     * @return {@code false} if the partition is no longer tracked (revoked) or the offset was not pending
     */
    public synchronized boolean completed(TopicPartition tp, long offset) {
        PartitionState s = partitions.get(tp);
        boolean removed = s != null && s.pending.remove(offset);
        notifyAll();
        return removed;
    }

    /** The offsets to commit for partitions whose committable position moved past the last committed one. */
    public synchronized Map<TopicPartition, OffsetAndMetadata> committable() {
        return committable(partitions.keySet());
    }

    /** Like {@link #committable()}, restricted to {@code tps}. */
    public synchronized Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> tps) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition tp : tps) {
            PartitionState s = partitions.get(tp);
            if (s == null || s.lastDispatched < 0) {
                continue;
            }
            long offset = s.committableOffset();
            if (offset > s.committed) {
                out.put(tp, new OffsetAndMetadata(offset));
            }
        }
        return out;
    }

    /** Remembers that {@code offsets} were committed, so they are not committed again. */
    public synchronized void markCommitted(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, om) -> {
            PartitionState s = partitions.get(tp);
            if (s != null) {
                s.committed = Math.max(s.committed, om.offset());
            }
        });
    }

    /**
     * Tells that the consumer's position of {@code tp} is {@code position} and every record before it was returned
     * by poll. When nothing of {@code tp} is pending, the committable offset moves up to {@code position}, past
     * offsets that never reach the application (transaction markers, records of aborted transactions), so a group
     * that is caught up commits the partition's end offset.
     */
    public synchronized void caughtUpTo(TopicPartition tp, long position) {
        PartitionState s = partitions.computeIfAbsent(tp, k -> new PartitionState());
        if (s.pending.isEmpty() && position - 1 > s.lastDispatched) {
            s.lastDispatched = position - 1;
        }
    }

    /** Number of pending records over all partitions. */
    public synchronized int pending() {
        int n = 0;
        for (PartitionState s : partitions.values()) {
            n += s.pending.size();
        }
        return n;
    }

    /** Number of pending records of {@code tps}. */
    public synchronized int pending(Collection<TopicPartition> tps) {
        int n = 0;
        for (TopicPartition tp : tps) {
            PartitionState s = partitions.get(tp);
            n += s == null ? 0 : s.pending.size();
        }
        return n;
    }

    /**
     * Waits until no record of {@code tps} is pending or the timeout elapses.
     *
     * @return {@code true} if nothing is pending any more
     */
    public synchronized boolean awaitDrained(Collection<TopicPartition> tps, long timeoutMs)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (pending(tps) > 0) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return false;
            }
            wait(Math.min(left, 100));
        }
        return true;
    }

    /** Stops tracking {@code tps} (after revocation); later completions for them are ignored. */
    public synchronized void remove(Collection<TopicPartition> tps) {
        tps.forEach(partitions::remove);
        notifyAll();
    }

    /** The partitions currently tracked. */
    public synchronized java.util.Set<TopicPartition> partitions() {
        return java.util.Set.copyOf(partitions.keySet());
    }
}
