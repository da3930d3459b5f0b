package io.tasker.topology.internal;

import org.apache.kafka.streams.processor.TaskId;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The earliest due time of each partition's timers, known to every processor of the partition's stream task (they
 * share the timers store but not objects), so the timer pass skips the store when nothing is due. The value is a
 * lower bound: any timer written lowers it, a pass that scanned the store sets it to the first key it did not take,
 * and a processor's {@code init} (task assigned, revived after an aborted transaction, restored) resets it to
 * "unknown", so a restored or rolled-back store is always scanned once. A wrong low value costs one scan; it is never
 * too high, so no timer fires late because of it.
 */
public final class TimerHints {
    private final ConcurrentHashMap<TaskId, Hint> byTask = new ConcurrentHashMap<>();

    Hint of(TaskId task) {
        return byTask.computeIfAbsent(task, t -> new Hint());
    }

    /** One partition's bound; used by the one stream thread owning the task, volatile for a hand-over between threads. */
    static final class Hint {
        private volatile long earliest = Long.MIN_VALUE;

        long earliest() {
            return earliest;
        }

        void dueNoLaterThan(long dueAt) {
            if (dueAt < earliest) earliest = dueAt;
        }

        void set(long dueAt) {
            earliest = dueAt;
        }

        void unknown() {
            earliest = Long.MIN_VALUE;
        }
    }
}
