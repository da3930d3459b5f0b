package io.tasker.runner.internal;

import io.tasker.kafka.OffsetTracker;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.common.TopicPartition;

/**
 * The commands handed out and not finished yet: their offsets (what may be committed) and their number (when to pause
 * fetching). A command is finished when everything it produced (its result, its rejected copy, or both) is
 * acknowledged. Thread-safe.
 */
final class InFlightCommands {
    private final OffsetTracker offsets = new OffsetTracker();
    private final AtomicInteger count = new AtomicInteger();
    private final RunnerState state;
    private final RunnerMetrics metrics;

    InFlightCommands(RunnerState state, RunnerMetrics metrics) {
        this.state = state;
        this.metrics = metrics;
    }

    /** The record at {@code offset} is handed out; it stays uncommittable until it completes. Poll thread. */
    void dispatched(TopicPartition tp, long offset) {
        offsets.dispatched(tp, offset);
        count.incrementAndGet();
    }

    /**
     * A producer callback that finishes the command at {@code offset} once all its {@code sends} are answered. A send
     * error stops the runner and leaves the offset uncommitted, so the command is delivered again.
     *
     * @param executed whether a handler ran for this command (counted in {@code stepsExecuted})
     */
    Callback completion(TopicPartition tp, long offset, int sends, boolean executed) {
        AtomicInteger left = new AtomicInteger(sends);
        AtomicReference<Exception> firstError = new AtomicReference<>();
        return (metadata, error) -> {
            if (error != null) {
                firstError.compareAndSet(null, error);
            }
            if (left.decrementAndGet() == 0) {
                completed(tp, offset, firstError.get(), executed);
            }
        };
    }

    private void completed(TopicPartition tp, long offset, Exception sendError, boolean executed) {
        count.decrementAndGet();
        if (sendError != null) {
            state.fatal(sendError);
            return;
        }
        if (executed) {
            metrics.stepExecuted();
        }
        offsets.completed(tp, offset);
    }

    /** What the command should have produced could not be sent at all; its offset is never committed. */
    void abandoned() {
        count.decrementAndGet();
    }

    int count() {
        return count.get();
    }

    OffsetTracker offsets() {
        return offsets;
    }
}
