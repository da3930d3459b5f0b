package io.tasker.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasker.avro.StepCommand;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The in-progress report threshold: one report for a handler still running after {@code runner.in-progress-after-ms},
 * none for a handler that returned sooner, none at all when the threshold is 0. Time is a manual scheduler here.
 */
class InProgressReportsTest {
    private static final Instant STARTED = Instant.parse("2026-11-28T10:00:00Z");

    /** A scheduler that remembers what was scheduled and runs it when the test says the delay has passed. */
    static final class ManualScheduler {
        final List<Long> delays = new ArrayList<>();
        final List<Runnable> tasks = new ArrayList<>();
        final List<CompletableFuture<Void>> handles = new ArrayList<>();

        Future<?> schedule(Runnable task, Long delayMs) {
            delays.add(delayMs);
            tasks.add(task);
            CompletableFuture<Void> handle = new CompletableFuture<>();
            handles.add(handle);
            return handle;
        }

        /** The delay passed: runs every task not cancelled. */
        void elapse() {
            for (int i = 0; i < tasks.size(); i++) {
                if (!handles.get(i).isCancelled()) tasks.get(i).run();
            }
        }
    }

    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<String> sent = new ArrayList<>();
    private final RunnerMetrics metrics = new RunnerMetrics();

    private static StepCommand command() {
        return StepCommand.newBuilder().setTaskId("t-1").setStepName("slow").setAttempt(2).setNamespace("shop")
                .setTemplateName("orders").setTemplateVersion("1.0.0").setHandler("h").setContextJson("{}")
                .setDispatchedAt(STARTED).build();
    }

    private InProgressReports reports(long afterMs) {
        return new InProgressReports(afterMs, scheduler::schedule,
                (cmd, startedAt) -> sent.add(cmd.getStepName() + "#" + cmd.getAttempt() + "@" + startedAt), metrics);
    }

    @Test
    void handlerStillRunningAfterTheThresholdIsReportedOnceWithItsStart() {
        Attempt attempt = new Attempt(command(), Thread.currentThread());
        reports(1000).arm(attempt, STARTED);

        scheduler.elapse();

        assertThat(scheduler.delays).containsExactly(1000L);
        assertThat(sent).containsExactly("slow#2@" + STARTED);
    }

    @Test
    void handlerThatReturnedBeforeTheThresholdIsNeverReported() {
        Attempt attempt = new Attempt(command(), Thread.currentThread());
        Future<?> report = reports(1000).arm(attempt, STARTED);

        assertThat(attempt.finish()).isEqualTo(Attempt.Finish.OWNED);
        report.cancel(false);
        scheduler.elapse();

        assertThat(sent).isEmpty();
    }

    @Test
    void handlerThatReturnedWhileTheReportWasDueIsNotReportedAfterItsResult() {
        Attempt attempt = new Attempt(command(), Thread.currentThread());
        reports(1000).arm(attempt, STARTED);

        attempt.finish(); // the worker won the race: its result goes first, and alone
        scheduler.elapse();

        assertThat(sent).isEmpty();
    }

    @Test
    void timedOutHandlerIsNotReportedInProgress() {
        Attempt attempt = new Attempt(command(), new Thread(() -> { }));
        reports(1000).arm(attempt, STARTED);

        assertThat(attempt.timeOut()).isTrue();
        scheduler.elapse();

        assertThat(sent).isEmpty();
    }

    @Test
    void zeroThresholdTurnsReportsOff() {
        Attempt attempt = new Attempt(command(), Thread.currentThread());

        assertThat(reports(0).arm(attempt, STARTED)).isNull();
        assertThat(scheduler.tasks).isEmpty();
    }

    @Test
    void failedSendIsCountedAndDoesNotEscapeTheTimerThread() {
        Attempt attempt = new Attempt(command(), Thread.currentThread());
        new InProgressReports(1000, scheduler::schedule, (cmd, startedAt) -> {
            throw new IllegalStateException("producer closed");
        }, metrics).arm(attempt, STARTED);

        scheduler.elapse();

        assertThat(metrics.inProgressReportFailures()).isEqualTo(1);
    }
}
