package io.tasker.topology;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one topology instance: records skipped, dropped or rejected (by reason) and work done, and apart from
 * them the telemetry-only system events by type ({@link TelemetryEvents}). Served at {@code GET /v1/stats}
 * ({@code counters} and {@code telemetry_events}); thread-safe (stream threads write, the HTTP API reads).
 */
public final class TopologyCounters {
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> telemetry = new ConcurrentHashMap<>();

    public void increment(String name) {
        counters.computeIfAbsent(name, k -> new LongAdder()).increment();
    }

    public void increment(String name, long by) {
        if (by != 0) counters.computeIfAbsent(name, k -> new LongAdder()).add(by);
    }

    public long get(String name) {
        LongAdder a = counters.get(name);
        return a == null ? 0 : a.sum();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Counts one telemetry event of type {@code eventType} (its wire name). */
    public void incrementTelemetry(String eventType) {
        telemetry.computeIfAbsent(eventType, k -> new LongAdder()).increment();
    }

    /** Telemetry events counted so far, by type. */
    public Map<String, Long> telemetry() {
        Map<String, Long> out = new TreeMap<>();
        telemetry.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
