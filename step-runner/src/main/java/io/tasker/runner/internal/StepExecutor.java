package io.tasker.runner.internal;

import io.tasker.avro.StepCommand;
import io.tasker.runner.StepHandler;
import io.tasker.runner.StepOutcome;
import io.tasker.schemas.TaskLogContext;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one command's handler on a worker thread, under the step's timeout when it has one, and produces exactly one
 * result per attempt: the handler's outcome, or the timeout (the handler's late outcome is then discarded). The
 * attempt's domain events travel with whichever is reported ({@link AttemptReporter}).
 */
final class StepExecutor {
    private static final Logger log = LoggerFactory.getLogger(StepExecutor.class);

    static final String FINISHED_RETURNED = "the handler returned";
    static final String FINISHED_TIMED_OUT = "it timed out";

    private final String runnerId;
    private final WorkerPool workers;
    private final EventCatalog catalog;
    private final AttemptReporter reporter;
    private final DeadEnds deadEnds;
    private final TimeoutWatchdog watchdog;
    private final InFlightCommands inFlight;
    private final RunnerState state;
    private final RunnerMetrics metrics;
    private final InProgressReports progress;
    private final HandlerSpans spans;

    StepExecutor(String runnerId, WorkerPool workers, EventCatalog catalog, AttemptReporter reporter,
            DeadEnds deadEnds, TimeoutWatchdog watchdog, InFlightCommands inFlight, RunnerState state,
            RunnerMetrics metrics, InProgressReports progress) {
        this(runnerId, workers, catalog, reporter, deadEnds, watchdog, inFlight, state, metrics, progress,
                HandlerSpans.OFF);
    }

    StepExecutor(String runnerId, WorkerPool workers, EventCatalog catalog, AttemptReporter reporter,
            DeadEnds deadEnds, TimeoutWatchdog watchdog, InFlightCommands inFlight, RunnerState state,
            RunnerMetrics metrics, InProgressReports progress, HandlerSpans spans) {
        this.runnerId = runnerId;
        this.workers = workers;
        this.catalog = catalog;
        this.reporter = reporter;
        this.deadEnds = deadEnds;
        this.watchdog = watchdog;
        this.inFlight = inFlight;
        this.state = state;
        this.metrics = metrics;
        this.progress = progress;
        this.spans = spans;
    }

    /** Runs the already dispatched command on a worker. Poll thread. */
    void submit(TopicPartition tp, ConsumerRecord<byte[], byte[]> rec, StepCommand cmd, StepHandler handler) {
        workers.execute(() -> execute(tp, rec, cmd, handler));
    }

    private void execute(TopicPartition tp, ConsumerRecord<byte[], byte[]> rec, StepCommand cmd,
            StepHandler handler) {
        // the handler's own log lines (and ours) carry the task's ids; the worker thread is pooled, so close clears them
        HandlerSpans.Handling span = spans.start(rec, cmd);
        try (TaskLogContext logContext = TaskLogContext.open(cmd.getTaskId()).correlationId(cmd.getCorrelationId())
                .step(cmd.getStepName(), cmd.getAttempt())
                .with(io.tasker.schemas.LogKeys.TRACE_ID, span.traceId())
                .with(io.tasker.schemas.LogKeys.SPAN_ID, span.spanId())) {
            executeLogged(tp, rec, cmd, handler, span);
        }
    }

    private void executeLogged(TopicPartition tp, ConsumerRecord<byte[], byte[]> rec, StepCommand cmd,
            StepHandler handler, HandlerSpans.Handling span) {
        boolean ended = false;
        try {
            Instant startedAt = Instant.now();
            CommandStepContext ctx;
            try {
                ctx = CommandStepContext.of(cmd, startedAt,
                        catalog.forAttempt(cmd, () -> metrics.eventContractViolations(1)));
            } catch (MalformedCommandException e) {
                ended = true;
                span.abandoned(e);
                deadEnds.report(tp, rec, cmd, e.reason(), "cannot decode the step command: " + e.getMessage(), e);
                return;
            }
            ended = true; // run ends the span when the handler returns
            run(tp, rec.offset(), cmd, handler, ctx, startedAt, span);
        } catch (Throwable e) {
            if (!ended) span.abandoned(e);
            // the result could not be produced: never skip it silently, stop the runner instead
            inFlight.abandoned();
            if (state.isRunning()) {
                state.fatal(e);
            } else {
                log.warn("Step runner {} is stopping; the result of step {} of task {} attempt {} was not produced"
                        + " and the command will be delivered again: {}", runnerId, cmd.getStepName(),
                        cmd.getTaskId(), cmd.getAttempt(), e.toString());
            }
            if (e instanceof VirtualMachineError vme) {
                throw vme;
            }
        }
    }

    private void run(TopicPartition tp, long offset, StepCommand cmd, StepHandler handler, CommandStepContext ctx,
            Instant startedAt, HandlerSpans.Handling span) {
        String traceparent = span.traceparent();
        Attempt attempt = new Attempt(cmd, Thread.currentThread());
        Long timeoutMs = cmd.getTimeoutMs();
        ScheduledFuture<?> timer = timeoutMs == null || timeoutMs <= 0 ? null
                : watchdog.watch(attempt, timeoutMs, () -> reporter.report(cmd, ctx.events(),
                        Outcomes.timedOut(cmd, timeoutMs, runnerId), FINISHED_TIMED_OUT, startedAt, Instant.now(),
                        inFlight.completion(tp, offset, 1, true), traceparent));
        java.util.concurrent.Future<?> report = progress.arm(attempt, startedAt);
        StepOutcome outcome;
        span.event(HandlerSpans.BEFORE_HANDLE);
        try {
            outcome = Outcomes.invoke(handler, ctx);
        } finally {
            if (timer != null) {
                timer.cancel(false);
            }
            if (report != null) {
                report.cancel(false);
            }
        }
        Attempt.Finish finish = attempt.finish();
        if (finish != Attempt.Finish.OWNED) {
            span.timedOut("step " + cmd.getStepName() + " attempt " + cmd.getAttempt() + " timed out after " + timeoutMs
                    + " ms; the handler's outcome was discarded");
            watchdog.returned(attempt, finish);
            metrics.lateOutcomeDiscarded();
            log.info("Step {} of task {} attempt {} returned after its timeout was reported; outcome discarded",
                    cmd.getStepName(), cmd.getTaskId(), cmd.getAttempt());
            return;
        }
        Instant finishedAt = Instant.now();
        metrics.handlerReturned(cmd.getNamespace(), cmd.getStepName(), outcome, Duration.between(startedAt, finishedAt));
        span.returned(outcome);
        if (outcome instanceof StepOutcome.Failure f) {
            log.info("Step {} of task {} attempt {} failed (retryable={}): {}", cmd.getStepName(), cmd.getTaskId(),
                    cmd.getAttempt(), f.retryable(), reporter.masked(cmd, f.message()));
        } else {
            log.debug("Step {} of task {} attempt {} succeeded in {} ms", cmd.getStepName(), cmd.getTaskId(),
                    cmd.getAttempt(), Duration.between(startedAt, finishedAt).toMillis());
        }
        reporter.report(cmd, ctx.events(), outcome, FINISHED_RETURNED, startedAt, finishedAt,
                inFlight.completion(tp, offset, 1, true), traceparent);
    }
}
