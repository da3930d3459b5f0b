package io.tasker.topology;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one topology instance: records skipped, dropped or rejected (by reason) and work done.
 * Served at {@code GET /v1/stats}; thread-safe (stream threads write, the HTTP API reads).
 */
public final class TopologyCounters {
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

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
}
