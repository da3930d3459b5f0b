package io.tasker.runner.internal;

import io.tasker.kafka.OffsetTracker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a runner whose poll loop ended: drains in-flight commands (bounded), commits, closes the consumer, the
 * workers and the producer. Runs on the poll thread.
 */
final class RunnerShutdown implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(RunnerShutdown.class);

    static final long CLOSE_DRAIN_MS = 30_000;
    static final long FATAL_DRAIN_MS = 5_000;

    private final String runnerId;
    private final RunnerState state;
    private final Consumer<byte[], byte[]> consumer;
    private final InFlightCommands inFlight;
    private final OffsetCommitter committer;
    private final WorkerPool workers;
    private final TimeoutWatchdog watchdog;
    private final Producer<byte[], byte[]> producer;
    private final RunnerMetrics metrics;

    RunnerShutdown(String runnerId, RunnerState state, Consumer<byte[], byte[]> consumer, InFlightCommands inFlight,
            OffsetCommitter committer, WorkerPool workers, TimeoutWatchdog watchdog,
            Producer<byte[], byte[]> producer, RunnerMetrics metrics) {
        this.runnerId = runnerId;
        this.state = state;
        this.consumer = consumer;
        this.inFlight = inFlight;
        this.committer = committer;
        this.workers = workers;
        this.watchdog = watchdog;
        this.producer = producer;
        this.metrics = metrics;
    }

    @Override
    public void run() {
        state.setRunning(false);
        OffsetTracker tracker = inFlight.offsets();
        drain(state.failure().isEmpty() ? CLOSE_DRAIN_MS : FATAL_DRAIN_MS);
        try {
            committer.commitSync(tracker.committable());
        } catch (RuntimeException e) {
            log.warn("Step runner {}: final commit failed: {}", runnerId, e.toString());
        }
        // everything committable is committed; the revocation callback of close() must not wait again
        tracker.remove(tracker.partitions());
        closeQuietly(consumer, runnerId);
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("Step runner {}: worker threads did not stop", runnerId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watchdog.shutdown();
        try {
            producer.close(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            log.warn("Step runner {}: closing the producer failed: {}", runnerId, e.toString());
        }
        log.info("Step runner {} stopped: {} steps executed, {} commands rejected", runnerId,
                metrics.stepsExecuted(), metrics.rejectedTotal());
    }

    /**
     * Waits (bounded) for in-flight commands to finish. Keeps polling with every partition paused meanwhile, so the
     * consumer stays in its group (no {@code max.poll.interval.ms} expiry) and rebalance callbacks still run; records
     * returned for partitions assigned during the drain are ignored (never dispatched, so never committed).
     */
    private void drain(long timeoutMs) {
        OffsetTracker tracker = inFlight.offsets();
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (tracker.pending() > 0 && System.currentTimeMillis() < deadline) {
            try {
                consumer.pause(consumer.assignment());
                consumer.poll(PollLoop.POLL_TIMEOUT);
            } catch (WakeupException e) {
                // the wakeup from close(); keep draining
            } catch (RuntimeException e) {
                log.warn("Step runner {}: polling while draining failed, waiting without polling: {}", runnerId,
                        e.toString());
                try {
                    tracker.awaitDrained(tracker.partitions(), Math.max(0, deadline - System.currentTimeMillis()));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
                break;
            }
        }
        if (tracker.pending() > 0) {
            log.warn("Step runner {}: {} commands still in flight after {} ms; they will be delivered again",
                    runnerId, tracker.pending(), timeoutMs);
        }
    }

    static void closeQuietly(Consumer<?, ?> c, String runnerId) {
        if (c == null) {
            return;
        }
        try {
            c.close(CloseOptions.timeout(Duration.ofSeconds(10)));
        } catch (RuntimeException e) {
            log.warn("Step runner {}: closing the consumer failed: {}", runnerId, e.toString());
        }
    }
}
