package io.tasker.subscriber.internal;

import io.tasker.subscriber.DeliveryListener;
import io.tasker.subscriber.Event;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;

/**
 * Hands one decoded event to every matching handler, each retried and dead-lettered on its own, and reports when all
 * of them are finished (handled or dead-lettered): only then may the record's offset be committed. Shared by the
 * Kafka engine and the test kit. Thread-safe.
 */
public final class Dispatcher {
    /**
     * What handler runs need: where attempts run, time, counters, the dead-letter sink, randomness for jitter, the
     * listener and the tracing.
     */
    public record Context(String subscriber, Executor workers, Timer timer, Counters counters, DeadLetterSink sink,
            DoubleSupplier random, DeliveryListener listener, SubscriberTracing tracing) {
        public Context {
            listener = SafeListener.of(listener);
            tracing = tracing == null ? SubscriberTracing.NOOP : tracing;
        }

        public Context(String subscriber, Executor workers, Timer timer, Counters counters, DeadLetterSink sink,
                DoubleSupplier random, DeliveryListener listener) {
            this(subscriber, workers, timer, counters, sink, random, listener, SubscriberTracing.NOOP);
        }

        public Context(String subscriber, Executor workers, Timer timer, Counters counters, DeadLetterSink sink,
                DoubleSupplier random) {
            this(subscriber, workers, timer, counters, sink, random, DeliveryListener.NONE);
        }
    }

    private final Context ctx;
    private final List<HandlerBinding> bindings;

    public Dispatcher(Context ctx, List<HandlerBinding> bindings) {
        this.ctx = ctx;
        this.bindings = List.copyOf(bindings);
    }

    public List<HandlerBinding> bindings() {
        return bindings;
    }

    /** Whether any handler wants events named {@code name}. */
    public boolean wants(String name) {
        return bindings.stream().anyMatch(b -> b.pattern().matches(name));
    }

    /**
     * Starts every matching handler on {@code event}; runs {@code done} once all have finished (at once, on this
     * thread, if none matches).
     */
    public void dispatch(Event event, SourceRecord source, Runnable done) {
        dispatch(event, source, null, done);
    }

    /**
     * Like {@link #dispatch(Event, SourceRecord, Runnable)}, restricted to the handler named {@code onlyHandler} when
     * not null (a replayed dead letter goes back to the handler that gave up, not to those that succeeded). A name
     * the subscriber no longer has is dead-lettered again with reason {@code unknown_handler}.
     */
    public void dispatch(Event event, SourceRecord source, String onlyHandler, Runnable done) {
        List<HandlerBinding> matching = bindings.stream().filter(b -> b.pattern().matches(event.name()))
                .filter(b -> onlyHandler == null || b.name().equals(onlyHandler)).toList();
        if (matching.isEmpty() && onlyHandler == null) {
            ctx.counters().unmatched();
            done.run();
            return;
        }
        DeliveryTrace trace = ctx.tracing().start(event, source);
        if (matching.isEmpty()) {
            java.time.Instant now = ctx.timer().now();
            String reason = io.tasker.schemas.DlqHeaders.REASON_UNKNOWN_HANDLER;
            IllegalStateException error = new IllegalStateException("subscriber " + ctx.subscriber()
                    + " has no handler " + onlyHandler + " for " + event.name());
            trace.deadLettered(onlyHandler, reason, 0, error);
            ctx.sink().deadLetter(new DeadLetter(trace.traced(source), onlyHandler, event.name(), event.id(), reason,
                    0, now, now, error), () -> {
                        trace.end();
                        done.run();
                    });
            return;
        }
        AtomicInteger remaining = new AtomicInteger(matching.size());
        for (HandlerBinding b : matching) {
            new HandlerRun(ctx, event, source, b, trace, outcome -> {
                if (remaining.decrementAndGet() == 0) {
                    trace.end();
                    done.run();
                }
            }).start();
        }
    }

    /** Dead-letters a record that could not be decoded; runs {@code done} once it is stored. */
    public void undecodable(SourceRecord source, String eventName, String eventId, Throwable error, Runnable done) {
        java.time.Instant now = ctx.timer().now();
        DeliveryTrace trace = ctx.tracing().startUndecodable(source, eventName, eventId);
        trace.deadLettered(null, io.tasker.schemas.DlqHeaders.REASON_UNDECODABLE, 0, error);
        ctx.sink().deadLetter(new DeadLetter(trace.traced(source), null, eventName, eventId,
                io.tasker.schemas.DlqHeaders.REASON_UNDECODABLE, 0, now, now, error), () -> {
                    ctx.counters().undecodable();
                    trace.end();
                    done.run();
                });
    }

    public Context context() {
        return ctx;
    }
}
