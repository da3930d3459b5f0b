package io.tasker.launcher;

import java.util.Arrays;
import java.util.Collection;

/** The arithmetic of {@code tasker bench}: percentiles of measured latencies and rates over a measured span. */
final class BenchStats {
    private BenchStats() {
    }

    /**
     * Nearest-rank percentile: the smallest value such that at least {@code p} % of the values are at or below it.
     *
     * @param sorted ascending values; empty gives 0
     */
    static long percentile(long[] sorted, double p) {
        if (p < 0 || p > 100) throw new IllegalArgumentException("percentile " + p + " is not in [0, 100]");
        if (sorted.length == 0) return 0;
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /**
     * Events per second when {@code count} events were handled, the first at {@code firstNanos} and the last at
     * {@code lastNanos} ({@link System#nanoTime()}): the {@code count - 1} gaps between them over the span, so a
     * measurement does not depend on how long one event would take before the first timestamp. 0 if undefined.
     */
    static double perSecond(long count, long firstNanos, long lastNanos) {
        long span = lastNanos - firstNanos;
        if (count < 2 || span <= 0) return 0;
        return (count - 1) * 1_000_000_000.0 / span;
    }

    /** Ascending summary of latencies in ms. */
    record Latencies(long[] sorted) {
        static Latencies of(Collection<Long> values) {
            return of(values.stream().mapToLong(Long::longValue).toArray());
        }

        static Latencies of(long[] values) {
            long[] sorted = values.clone();
            Arrays.sort(sorted);
            return new Latencies(sorted);
        }

        int count() {
            return sorted.length;
        }

        long p(double percentile) {
            return percentile(sorted, percentile);
        }

        long max() {
            return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
        }

        /** {@code p50=… p95=… p99=… max=…}, the bench's output style. */
        String summary() {
            return String.format("p50=%d p95=%d p99=%d max=%d", p(50), p(95), p(99), max());
        }
    }
}
