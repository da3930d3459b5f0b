package io.tasker.runner.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;

/**
 * The commands handed out and not finished yet: their offsets (what may be committed) and their number (when to pause
 * fetching). A command is finished when what it produced (a result, or the rejected copy) is acknowledged.
 * Thread-safe.
 */
final class InFlightCommands {
    private final OffsetTracker offsets = new OffsetTracker();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicLong stepsExecuted = new AtomicLong();
    private final RunnerState state;

    InFlightCommands(RunnerState state) {
        this.state = state;
    }

    /** The record at {@code offset} is handed out; it stays uncommittable until {@link #completed}. */
    void dispatched(TopicPartition tp, long offset) {
        offsets.dispatched(tp, offset);
        count.incrementAndGet();
    }

    /**
     * The broker answered the produce for the command at {@code offset}. A send error stops the runner and leaves the
     * offset uncommitted, so the command is delivered again.
     *
     * @param step whether a step result (rather than a rejected copy) was produced
     */
    void completed(TopicPartition tp, long offset, Exception sendError, boolean step) {
        count.decrementAndGet();
        if (sendError != null) {
            state.fatal(sendError);
            return;
        }
        if (step) {
            stepsExecuted.incrementAndGet();
        }
        offsets.completed(tp, offset);
    }

    /** The command's result could not be produced at all; its offset is never committed. */
    void abandoned() {
        count.decrementAndGet();
    }

    int count() {
        return count.get();
    }

    long stepsExecuted() {
        return stepsExecuted.get();
    }

    OffsetTracker offsets() {
        return offsets;
    }
}
