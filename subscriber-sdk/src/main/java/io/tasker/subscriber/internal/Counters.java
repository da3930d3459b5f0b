package io.tasker.subscriber.internal;

import static io.tasker.subscriber.internal.TelemetryNames.*;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.tasker.subscriber.HandlerStats;
import io.tasker.subscriber.SubscriberMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live counters of one subscriber: every count goes to the {@link SubscriberMetrics} snapshot and to the
 * OpenTelemetry instruments of the given meter (no-op unless an SDK is installed) through the same call. Thread-safe.
 */
public final class Counters {
    private record Key(String handler, String event) {
    }

    /** Handler duration buckets in seconds (the semantic conventions' advice for durations). */
    static final List<Double> DURATION_BUCKETS = List.of(0.001, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75,
            1.0, 2.5, 5.0, 7.5, 10.0, 30.0, 60.0);

    private static final class Cells {
        final LongAdder received = new LongAdder();
        final LongAdder handled = new LongAdder();
        final LongAdder retried = new LongAdder();
        final LongAdder deadLettered = new LongAdder();
        final LongAdder timedOut = new LongAdder();
        final LongAdder nanos = new LongAdder();
        /** Built once per handler and event: nothing is allocated per record. */
        final Attributes attributes;
        final Attributes succeeded;
        final Attributes failed;

        Cells(String subscriber, Key k) {
            attributes = Attributes.of(SUBSCRIBER, subscriber, HANDLER, k.handler(), EVENT_NAME, k.event());
            succeeded = attributes.toBuilder().put(HANDLER_OUTCOME, "success").build();
            failed = attributes.toBuilder().put(HANDLER_OUTCOME, "failure").build();
        }
    }

    private final String subscriber;
    private final ConcurrentHashMap<Key, Cells> cells = new ConcurrentHashMap<>();
    private final LongAdder records = new LongAdder();
    private final LongAdder undecodable = new LongAdder();
    private final LongAdder unmatched = new LongAdder();
    private final AtomicLong lag = new AtomicLong();
    private final AtomicInteger stuck = new AtomicInteger();
    private final Meter meter;
    private final Attributes subscriberAttributes;
    private final LongCounter receivedCounter;
    private final LongCounter handledCounter;
    private final LongCounter retriedCounter;
    private final LongCounter deadLetteredCounter;
    private final LongCounter timedOutCounter;
    private final LongCounter undecodableCounter;
    private final DoubleHistogram duration;

    /** Counters without OpenTelemetry instruments. */
    public Counters(String subscriber) {
        this(subscriber, OpenTelemetry.noop());
    }

    public Counters(String subscriber, OpenTelemetry otel) {
        this.subscriber = subscriber;
        String version = Counters.class.getPackage().getImplementationVersion();
        var mb = otel.getMeterProvider().meterBuilder(SCOPE);
        this.meter = (version == null ? mb : mb.setInstrumentationVersion(version)).build();
        this.subscriberAttributes = Attributes.of(SUBSCRIBER, subscriber);
        receivedCounter = counter(RECEIVED, "Events delivered to a handler (a re-delivered record counts again)");
        handledCounter = counter(HANDLED, "Events a handler finished successfully");
        retriedCounter = counter(RETRIED, "Handler attempts after the first (retries)");
        deadLetteredCounter = counter(DEAD_LETTERED, "Events a handler gave up on, sent to the dead-letter topic");
        timedOutCounter = meter.counterBuilder(TIMED_OUT).setUnit("{attempt}")
                .setDescription("Handler attempts interrupted at their timeout").build();
        undecodableCounter = meter.counterBuilder(UNDECODABLE).setUnit("{record}")
                .setDescription("Records that could not be decoded, sent to the dead-letter topic").build();
        duration = meter.histogramBuilder(HANDLER_DURATION).setUnit("s")
                .setDescription("Duration of one handler attempt").setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
                .build();
    }

    private LongCounter counter(String name, String description) {
        return meter.counterBuilder(name).setUnit("{event}").setDescription(description).build();
    }

    private Cells cells(String handler, String event) {
        return cells.computeIfAbsent(new Key(handler, event), k -> new Cells(subscriber, k));
    }

    /** The meter the instruments belong to (the engine adds its gauges to it). */
    Meter meter() {
        return meter;
    }

    Attributes subscriberAttributes() {
        return subscriberAttributes;
    }

    public void received(String handler, String event) {
        Cells c = cells(handler, event);
        c.received.increment();
        receivedCounter.add(1, c.attributes);
    }

    public void handled(String handler, String event) {
        Cells c = cells(handler, event);
        c.handled.increment();
        handledCounter.add(1, c.attributes);
    }

    public void retried(String handler, String event) {
        Cells c = cells(handler, event);
        c.retried.increment();
        retriedCounter.add(1, c.attributes);
    }

    /** {@code reason} is one of the {@code DlqHeaders.REASON_*} codes. */
    public void deadLettered(String handler, String event, String reason) {
        Cells c = cells(handler, event);
        c.deadLettered.increment();
        deadLetteredCounter.add(1, c.attributes.toBuilder().put(DLQ_REASON, reason).build());
    }

    public void timedOut(String handler, String event) {
        Cells c = cells(handler, event);
        c.timedOut.increment();
        timedOutCounter.add(1, c.attributes);
    }

    /** A finished attempt's duration (an attempt abandoned at its timeout is not counted). */
    public void handlerTime(String handler, String event, long nanos, boolean succeeded) {
        Cells c = cells(handler, event);
        c.nanos.add(nanos);
        duration.record(nanos / 1e9, succeeded ? c.succeeded : c.failed);
    }

    public void record() {
        records.increment();
    }

    public void undecodable() {
        undecodable.increment();
        undecodableCounter.add(1, subscriberAttributes);
    }

    public void unmatched() {
        unmatched.increment();
    }

    public void lag(long value) {
        lag.set(value);
    }

    public void stuckThreadDelta(int delta) {
        stuck.addAndGet(delta);
    }

    public int stuckThreads() {
        return stuck.get();
    }

    public SubscriberMetrics snapshot() {
        List<HandlerStats> out = new ArrayList<>();
        cells.forEach((k, c) -> out.add(new HandlerStats(k.handler(), k.event(), c.received.sum(), c.handled.sum(),
                c.retried.sum(), c.deadLettered.sum(), c.timedOut.sum(), Duration.ofNanos(c.nanos.sum()))));
        out.sort(Comparator.comparing(HandlerStats::handler).thenComparing(HandlerStats::event));
        return new SubscriberMetrics(subscriber, records.sum(), undecodable.sum(), unmatched.sum(), lag.get(),
                stuck.get(), List.copyOf(out));
    }
}
