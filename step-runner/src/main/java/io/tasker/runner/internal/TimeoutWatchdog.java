package io.tasker.runner.internal;

import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces step timeouts in the runner: at an attempt's deadline it interrupts the handler's thread and has the
 * timeout reported; if the handler still runs a grace period later it counts as stuck (the runner reports itself
 * unhealthy) and its thread is replaced in the {@link WorkerPool}. One timer thread; its tasks only flip state and
 * hand results to the producer, so they never block for long.
 */
final class TimeoutWatchdog {
    private static final Logger log = LoggerFactory.getLogger(TimeoutWatchdog.class);

    private final String runnerId;
    private final long graceMs;
    private final WorkerPool pool;
    private final RunnerMetrics metrics;
    private final ScheduledThreadPoolExecutor timer;

    TimeoutWatchdog(String runnerId, long graceMs, WorkerPool pool, RunnerMetrics metrics) {
        this.runnerId = runnerId;
        this.graceMs = graceMs;
        this.pool = pool;
        this.metrics = metrics;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "tasker-runner-timeouts");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * Arms the timeout of {@code attempt}. When it fires while the handler still runs, the handler is interrupted and
     * {@code reportTimeout} runs on the timer thread; the worker's outcome will then be discarded.
     *
     * @return cancel it when the handler returns in time
     */
    ScheduledFuture<?> watch(Attempt attempt, long timeoutMs, Runnable reportTimeout) {
        return timer.schedule(() -> {
            if (!attempt.timeOut()) {
                return;
            }
            metrics.timedOut();
            log.warn("Step {} of task {} attempt {} ran past its timeout of {} ms; interrupted its handler",
                    attempt.command().getStepName(), attempt.command().getTaskId(), attempt.command().getAttempt(),
                    timeoutMs);
            try {
                reportTimeout.run();
            } finally {
                timer.schedule(() -> checkStuck(attempt, timeoutMs), graceMs, TimeUnit.MILLISECONDS);
            }
        }, timeoutMs, TimeUnit.MILLISECONDS);
    }

    private void checkStuck(Attempt attempt, long timeoutMs) {
        boolean stuck = attempt.markStuck(() -> {
            metrics.stuckHandlerAdded();
            return pool.replaceStuck();
        });
        if (stuck) {
            String where = Arrays.stream(attempt.thread().getStackTrace()).limit(8).map(String::valueOf)
                    .collect(Collectors.joining("\n\tat ", "\tat ", ""));
            log.error("Step runner {}: handler of step {} (task {}, attempt {}) ignored the interrupt at its {} ms"
                    + " timeout and still runs {} ms later on thread {}; the runner reports unhealthy until it"
                    + " returns ({} stuck handlers). It is at:\n{}", runnerId, attempt.command().getStepName(),
                    attempt.command().getTaskId(), attempt.command().getAttempt(), timeoutMs, graceMs,
                    attempt.thread().getName(), metrics.stuckHandlers(), where);
        }
    }

    /** The worker learnt how its attempt finished; a stuck handler that finally returned is no longer counted. */
    void returned(Attempt attempt, Attempt.Finish finish) {
        if (finish == Attempt.Finish.WAS_STUCK) {
            metrics.stuckHandlerReturned();
            if (attempt.replaced()) {
                pool.stuckReturned();
            }
            log.warn("Step runner {}: stuck handler of step {} (task {}, attempt {}) returned at last; its outcome is"
                    + " discarded", runnerId, attempt.command().getStepName(), attempt.command().getTaskId(),
                    attempt.command().getAttempt());
        }
    }

    /** Runs short {@code task} on the timer thread after {@code delayMs} (in-progress reports); cancel it if moot. */
    java.util.concurrent.Future<?> later(Runnable task, long delayMs) {
        return timer.schedule(task, delayMs, TimeUnit.MILLISECONDS);
    }

    /** For short follow-up work that must not run on a producer I/O thread. */
    Executor executor() {
        return timer;
    }

    void shutdown() {
        timer.shutdownNow();
    }
}
