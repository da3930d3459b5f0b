package io.tasker.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tasker.avro.StepCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimeoutWatchdogTest {

    private final RunnerMetrics metrics = new RunnerMetrics();
    private WorkerPool pool = new WorkerPool(1, 2);
    private TimeoutWatchdog watchdog = new TimeoutWatchdog("r1", 200, pool, metrics);
    private final AtomicBoolean release = new AtomicBoolean();

    @AfterEach
    void stop() {
        release.set(true);
        watchdog.shutdown();
        pool.shutdownNow();
    }

    private static StepCommand command() {
        return StepCommand.newBuilder().setTaskId("t1").setStepName("s1").setAttempt(1).setNamespace("ns")
                .setTemplateName("tpl").setTemplateVersion("1.0.0").setHandler("h").setContextJson("{}")
                .setDependencyResultsJson(Map.of()).setTimeoutMs(100L).setDispatchedAt(Instant.EPOCH).build();
    }

    /** What a worker does around a handler: arm the timeout, run, then learn who owns the result. */
    private CompletableFuture<Attempt.Finish> run(long timeoutMs, Runnable handler, AtomicInteger timeoutReports,
            AtomicBoolean interruptLeaked) {
        CompletableFuture<Attempt.Finish> done = new CompletableFuture<>();
        pool.execute(() -> {
            Attempt attempt = new Attempt(command(), Thread.currentThread());
            var timer = watchdog.watch(attempt, timeoutMs, timeoutReports::incrementAndGet);
            handler.run();
            timer.cancel(false);
            Attempt.Finish finish = attempt.finish();
            watchdog.returned(attempt, finish);
            interruptLeaked.set(Thread.currentThread().isInterrupted());
            done.complete(finish);
        });
        return done;
    }

    @Test
    void sleepingHandlerIsInterruptedAtItsTimeoutAndItsOutcomeDiscarded() throws Exception {
        AtomicInteger reports = new AtomicInteger();
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean leaked = new AtomicBoolean(true);
        CompletableFuture<Attempt.Finish> finish = run(100, () -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
                Thread.currentThread().interrupt();
            }
        }, reports, leaked);

        assertThat(finish.get(10, TimeUnit.SECONDS)).isEqualTo(Attempt.Finish.TIMED_OUT);
        assertThat(interrupted).isTrue();
        // the timer reports right after interrupting, so the worker may get there first
        await().atMost(Duration.ofSeconds(10)).until(() -> reports.get() == 1);
        assertThat(metrics.timeouts()).isEqualTo(1);
        assertThat(leaked).as("the interrupt must not leak into the next command").isFalse();
        assertThat(metrics.stuckHandlers()).isZero();
    }

    @Test
    void handlerReturningInTimeOwnsItsResult() throws Exception {
        AtomicInteger reports = new AtomicInteger();
        AtomicBoolean leaked = new AtomicBoolean(true);
        assertThat(run(5_000, () -> { }, reports, leaked).get(10, TimeUnit.SECONDS))
                .isEqualTo(Attempt.Finish.OWNED);
        assertThat(reports).hasValue(0);
        assertThat(metrics.timeouts()).isZero();
        assertThat(leaked).isFalse();
    }

    @Test
    void handlerIgnoringTheInterruptIsCountedStuckAndReplacedSoOtherWorkStillRuns() throws Exception {
        AtomicInteger reports = new AtomicInteger();
        AtomicBoolean leaked = new AtomicBoolean(true);
        CompletableFuture<Attempt.Finish> finish = run(100, this::ignoreInterruptsUntilReleased, reports, leaked);

        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.stuckHandlers() == 1);
        assertThat(reports).hasValue(1);
        // the only worker is stuck, yet other work runs: the pool replaced it
        CountDownLatch other = new CountDownLatch(1);
        pool.execute(other::countDown);
        assertThat(other.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.size()).isEqualTo(2);

        release.set(true);
        assertThat(finish.get(10, TimeUnit.SECONDS)).isEqualTo(Attempt.Finish.WAS_STUCK);
        assertThat(metrics.stuckHandlers()).isZero();
        assertThat(leaked).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.size() == 1);
    }

    @Test
    void replacementsAreBounded() {
        pool = new WorkerPool(1, 0);
        watchdog = new TimeoutWatchdog("r1", 100, pool, metrics);
        run(50, this::ignoreInterruptsUntilReleased, new AtomicInteger(), new AtomicBoolean());

        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.stuckHandlers() == 1);
        assertThat(pool.size()).isEqualTo(1);
    }

    /** A handler that swallows every interrupt and carries on, the way a careless retry loop does. */
    private void ignoreInterruptsUntilReleased() {
        while (!release.get()) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException ignored) {
                // deliberately ignored
            }
        }
    }
}
