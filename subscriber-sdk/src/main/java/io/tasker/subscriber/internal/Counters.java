package io.tasker.subscriber.internal;

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

/** The live counters of one subscriber; thread-safe. */
public final class Counters {
    private record Key(String handler, String event) {
    }

    private static final class Cells {
        final LongAdder received = new LongAdder();
        final LongAdder handled = new LongAdder();
        final LongAdder retried = new LongAdder();
        final LongAdder deadLettered = new LongAdder();
        final LongAdder timedOut = new LongAdder();
        final LongAdder nanos = new LongAdder();
    }

    private final String subscriber;
    private final ConcurrentHashMap<Key, Cells> cells = new ConcurrentHashMap<>();
    private final LongAdder records = new LongAdder();
    private final LongAdder undecodable = new LongAdder();
    private final LongAdder unmatched = new LongAdder();
    private final AtomicLong lag = new AtomicLong();
    private final AtomicInteger stuck = new AtomicInteger();

    public Counters(String subscriber) {
        this.subscriber = subscriber;
    }

    private Cells cells(String handler, String event) {
        return cells.computeIfAbsent(new Key(handler, event), k -> new Cells());
    }

    public void received(String handler, String event) {
        cells(handler, event).received.increment();
    }

    public void handled(String handler, String event) {
        cells(handler, event).handled.increment();
    }

    public void retried(String handler, String event) {
        cells(handler, event).retried.increment();
    }

    public void deadLettered(String handler, String event) {
        cells(handler, event).deadLettered.increment();
    }

    public void timedOut(String handler, String event) {
        cells(handler, event).timedOut.increment();
    }

    public void handlerTime(String handler, String event, long nanos) {
        cells(handler, event).nanos.add(nanos);
    }

    public void record() {
        records.increment();
    }

    public void undecodable() {
        undecodable.increment();
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
