package io.tasker.subscriber.internal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Scope;
import io.tasker.schemas.DlqHeaders;
import io.tasker.schemas.LogKeys;
import io.tasker.schemas.TaskLogContext;
import io.tasker.subscriber.Event;
import io.tasker.subscriber.HandlerTimeoutException;
import io.tasker.subscriber.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attempts of one handler on one event: runs an attempt on a worker, and on failure either schedules the next
 * attempt on the timer (no thread waits meanwhile; only this key waits) or dead-letters. An attempt past its timeout
 * is interrupted and counted as failed; if the handler ignores the interrupt its thread is reported as stuck until it
 * returns, and its late result is ignored.
 */
final class HandlerRun {
    private static final Logger log = LoggerFactory.getLogger(HandlerRun.class);

    /** What a handler run ended with. */
    enum Outcome { HANDLED, DEAD_LETTERED }

    private final Dispatcher.Context ctx;
    private final Event event;
    private final SourceRecord source;
    private final HandlerBinding binding;
    private final DeliveryTrace trace;
    private final java.util.function.Consumer<Outcome> done;
    private Instant firstFailure;

    HandlerRun(Dispatcher.Context ctx, Event event, SourceRecord source, HandlerBinding binding, DeliveryTrace trace,
            java.util.function.Consumer<Outcome> done) {
        this.trace = trace;
        this.ctx = ctx;
        this.event = event;
        this.source = source;
        this.binding = binding;
        this.done = done;
    }

    void start() {
        ctx.counters().received(binding.name(), event.name());
        submit(1);
    }

    private void submit(int attempt) {
        ctx.workers().execute(() -> {
            Span span = trace.startAttempt(binding.name(), attempt);
            // the attempt's span is current while the handler runs: the handler's own spans (and the agent's) nest
            // under it
            try (TaskLogContext ignored = logContext(attempt, span);
                    Scope scope = trace.context().with(span).makeCurrent()) {
                runAttempt(attempt, span);
            }
        });
    }

    /**
     * The event's task in the MDC for one attempt: the handler's lines and ours carry the task, step and step attempt
     * the event is about, and {@link LogKeys#HANDLER_ATTEMPT} this handler's own attempt. Worker and timer threads are
     * pooled, so it is closed when the attempt (or its timeout) is handled. {@link LogKeys#TRACE_ID} and
     * {@link LogKeys#SPAN_ID} name the attempt's span (with no OpenTelemetry SDK: the producer's, from the record).
     */
    private TaskLogContext logContext(int attempt, Span span) {
        TaskLogContext mdc = TaskLogContext.open(event.taskId()).correlationId(event.correlationId())
                .step(event.step(), event.attempt()).with(LogKeys.HANDLER_ATTEMPT, Integer.toString(attempt));
        SpanContext sc = span.getSpanContext();
        if (sc.isValid()) {
            mdc.with(LogKeys.TRACE_ID, sc.getTraceId()).with(LogKeys.SPAN_ID, sc.getSpanId());
        }
        return mdc;
    }

    private void runAttempt(int attempt, Span span) {
        Object lock = new Object();
        boolean[] settled = {false};
        Thread worker = Thread.currentThread();
        Runnable cancelWatch = ctx.timer().watch(binding.timeout(), () -> {
            try (TaskLogContext ignored = logContext(attempt, span)) {
                timedOut(attempt, span, lock, settled, worker);
            }
        });
        long t0 = System.nanoTime();
        Throwable error = null;
        try {
            binding.handler().handle(event);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            error = e;
        }
        long took = System.nanoTime() - t0;
        cancelWatch.run();
        boolean late;
        synchronized (lock) {
            late = settled[0];
            settled[0] = true;
        }
        Thread.interrupted(); // a timeout interrupt must not leak into the next task of this worker
        if (late) {
            ctx.counters().stuckThreadDelta(-1);
            log.warn("Subscriber {} handler {} returned after its timeout on {}; result ignored", ctx.subscriber(),
                    binding.name(), event);
            return;
        }
        ctx.counters().handlerTime(binding.name(), event.name(), took, error == null);
        if (error == null) {
            span.end();
            ctx.counters().handled(binding.name(), event.name());
            ctx.listener().handled(binding.name(), event, attempt, Duration.ofNanos(took));
            done.accept(Outcome.HANDLED);
        } else {
            trace.attemptFailed(span, error);
            failed(attempt, error, false);
        }
    }

    /** The attempt's timeout fired (timer thread): interrupt the worker unless the attempt settled first. */
    private void timedOut(int attempt, Span span, Object lock, boolean[] settled, Thread worker) {
        synchronized (lock) {
            if (settled[0]) {
                return;
            }
            settled[0] = true;
            worker.interrupt();
        }
        ctx.counters().timedOut(binding.name(), event.name());
        ctx.counters().stuckThreadDelta(1);
        log.warn("Subscriber {} handler {} ran past {} ms on {} ({}-{}@{}), interrupted", ctx.subscriber(),
                binding.name(), binding.timeout().toMillis(), event, source.topic(), source.partition(),
                source.offset());
        HandlerTimeoutException error = new HandlerTimeoutException(binding.name(), binding.timeout());
        trace.attemptFailed(span, error);
        failed(attempt, error, true);
    }

    private void failed(int attempt, Throwable error, boolean timedOut) {
        Instant now = ctx.timer().now();
        if (firstFailure == null) {
            firstFailure = now;
        }
        RetryPolicy policy = binding.retryPolicy();
        boolean retryable = timedOut || policy.isRetryable(error);
        if (retryable && attempt < policy.maxAttempts()) {
            Duration delay = policy.delayAfter(attempt, error, ctx.random());
            ctx.counters().retried(binding.name(), event.name());
            log.debug("Subscriber {} handler {} failed attempt {} on {}, retrying in {} ms: {}", ctx.subscriber(),
                    binding.name(), attempt, event, delay.toMillis(), error.toString());
            trace.retrying(binding.name(), attempt, error, delay);
            ctx.listener().retrying(binding.name(), event, attempt, error, delay);
            ctx.timer().schedule(delay, () -> submit(attempt + 1));
            return;
        }
        String reason = !retryable ? DlqHeaders.REASON_NON_RETRYABLE
                : timedOut ? DlqHeaders.REASON_HANDLER_TIMEOUT : DlqHeaders.REASON_RETRIES_EXHAUSTED;
        log.warn("Subscriber {} handler {} gives up on {} after {} attempt(s) ({}), dead-lettering {}-{}@{}: {}",
                ctx.subscriber(), binding.name(), event, attempt, reason, source.topic(), source.partition(),
                source.offset(), error.toString());
        trace.deadLettered(binding.name(), reason, attempt, error);
        DeadLetter letter = new DeadLetter(trace.traced(source), binding.name(), event.name(), event.id(), reason,
                attempt, firstFailure, now, error);
        ctx.sink().deadLetter(letter, () -> {
            ctx.counters().deadLettered(binding.name(), event.name(), reason);
            ctx.listener().deadLettered(binding.name(), event, reason, attempt, error);
            done.accept(Outcome.DEAD_LETTERED);
        });
    }
}
