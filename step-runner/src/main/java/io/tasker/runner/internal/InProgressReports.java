package io.tasker.runner.internal;

import io.tasker.avro.StepCommand;
import java.time.Instant;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports an attempt in progress only when its handler is still running {@code afterMs} after it started: one small
 * {@code IN_PROGRESS} step result per long attempt, none for the attempts that finish sooner (their start travels
 * with their result), so a short step costs no extra round trip. The report is sent under the attempt's lock while the
 * handler runs, so it is always ahead of the attempt's result on the partition. Thread-safe.
 */
final class InProgressReports {
    private static final Logger log = LoggerFactory.getLogger(InProgressReports.class);

    /** Sends the report of {@code cmd}, started at {@code startedAt}. */
    @FunctionalInterface
    interface Sender {
        void send(StepCommand cmd, Instant startedAt);
    }

    private final long afterMs;
    private final BiFunction<Runnable, Long, Future<?>> scheduler;
    private final Sender sender;
    private final RunnerMetrics metrics;

    /**
     * @param afterMs   the threshold ({@code runner.in-progress-after-ms}); 0 = never report
     * @param scheduler runs a task after a delay in ms (the runner's timer thread), returning a handle to cancel it
     */
    InProgressReports(long afterMs, BiFunction<Runnable, Long, Future<?>> scheduler, Sender sender,
            RunnerMetrics metrics) {
        this.afterMs = afterMs;
        this.scheduler = scheduler;
        this.sender = sender;
        this.metrics = metrics;
    }

    /**
     * Arms the report of {@code attempt}, whose handler starts now.
     *
     * @return cancel it when the handler returns; null when reports are off
     */
    Future<?> arm(Attempt attempt, Instant startedAt) {
        if (afterMs <= 0) {
            return null;
        }
        return scheduler.apply(() -> report(attempt, startedAt), afterMs);
    }

    private void report(Attempt attempt, Instant startedAt) {
        StepCommand cmd = attempt.command();
        try {
            attempt.whileRunning(() -> sender.send(cmd, startedAt));
        } catch (RuntimeException e) {
            metrics.inProgressReportFailed();
            // Only a progress hint is lost: the attempt's result goes through the same producer, and a fatal error
            // there stops the runner. Not rethrown: this runs on the timer thread, which also enforces timeouts.
            log.warn("Step {} of task {} attempt {}: could not report it in progress: {}", cmd.getStepName(),
                    cmd.getTaskId(), cmd.getAttempt(), e.toString());
        }
    }
}
