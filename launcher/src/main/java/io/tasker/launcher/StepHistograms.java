package io.tasker.launcher;

import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.tasker.telemetry.TaskerTelemetry;

import java.util.ArrayList;
import java.util.List;

/**
 * The topology's step histograms (in seconds, as it records them; the names of its {@code /metrics}), summed over
 * every attribute set and every topology instance of the bench: the hop (a step's result, its runner's finish -> the
 * dispatch of the steps it unblocked) and the queue time (dispatch -> the runner's start, which includes the
 * transaction commit that makes the command readable). Percentiles are the upper bounds of the buckets they fall in.
 */
final class StepHistograms {
    /** Recorded by the topology for a first attempt dispatched by the decision that recorded a success. */
    static final String HOP = "tasker.steps.hop.duration";
    /** Recorded by the topology when a runner reports an attempt's start. */
    static final String QUEUE = "tasker.steps.queue.duration";

    private StepHistograms() {
    }

    /**
     * One histogram in milliseconds.
     *
     * @param count  recorded values
     * @param meanMs their mean
     * @param p50LeMs the upper bound of the bucket holding the median (the maximum if it is in the last, open bucket)
     * @param p99LeMs the same for the 99th percentile
     */
    record Summary(long count, double meanMs, double p50LeMs, double p99LeMs) {
        static final Summary NONE = new Summary(0, 0, 0, 0);

        String text() {
            return count == 0 ? "n=0" : String.format("n=%d mean=%.1f p50<=%s p99<=%s", count, meanMs, fmt(p50LeMs), fmt(p99LeMs));
        }

        private static String fmt(double ms) {
            return ms == Math.rint(ms) ? Long.toString((long) ms) : String.format("%.1f", ms);
        }
    }

    /** The named histogram summed over the topologies' instruments. */
    static Summary read(List<TaskerTelemetry> topologies, String name) {
        return snapshot(topologies, name).summary();
    }

    /**
     * The named histogram's cumulative buckets now, summed over the topologies' instruments (the topology's reader is
     * cumulative: what a part of a run recorded is the difference of two snapshots, {@link Snapshot#since}).
     */
    static Snapshot snapshot(List<TaskerTelemetry> topologies, String name) {
        List<HistogramPointData> points = new ArrayList<>();
        for (TaskerTelemetry t : topologies) {
            for (MetricData m : t.stats().collect().all()) {
                if (m.getName().equals(name) && m.getType() == MetricDataType.HISTOGRAM) points.addAll(m.getHistogramData().getPoints());
            }
        }
        if (points.isEmpty()) return Snapshot.EMPTY;
        List<Double> bounds = points.get(0).getBoundaries();
        long[] counts = new long[bounds.size() + 1];
        long count = 0;
        double sum = 0;
        double max = 0;
        for (HistogramPointData p : points) {
            if (!p.getBoundaries().equals(bounds)) continue; // one instrument, one set of buckets; never expected
            List<Long> c = p.getCounts();
            for (int i = 0; i < counts.length; i++) counts[i] += c.get(i);
            count += p.getCount();
            sum += p.getSum();
            if (p.hasMax()) max = Math.max(max, p.getMax());
        }
        return new Snapshot(bounds, counts, count, sum, max);
    }

    /**
     * Cumulative histogram data in seconds.
     *
     * @param max the largest value recorded since the start (a maximum cannot be subtracted: after {@link #since} it is
     *            the whole run's, so a percentile in the open bucket is bounded by it, still an upper bound)
     */
    record Snapshot(List<Double> bounds, long[] counts, long count, double sum, double max) {
        static final Snapshot EMPTY = new Snapshot(List.of(), new long[]{0}, 0, 0, 0);

        /** What was recorded after {@code earlier} (a snapshot of the same instruments). */
        Snapshot since(Snapshot earlier) {
            if (earlier.count == 0 || !earlier.bounds.equals(bounds)) return this;
            long[] c = counts.clone();
            for (int i = 0; i < c.length; i++) c[i] -= earlier.counts[i];
            return new Snapshot(bounds, c, count - earlier.count, sum - earlier.sum, max);
        }

        Summary summary() {
            if (count <= 0) return Summary.NONE;
            return new Summary(count, sum * 1000 / count, upperBound(bounds, counts, 50, max) * 1000, upperBound(bounds, counts, 99, max) * 1000);
        }
    }

    /**
     * The upper bound of the bucket in which the nearest-rank {@code p}-th percentile falls; {@code max} for the last,
     * open-ended bucket (and never more than {@code max} when it is known, i.e. positive).
     *
     * @param bounds the explicit bucket boundaries, ascending; bucket i is (bounds[i-1], bounds[i]]
     * @param counts per bucket, {@code bounds.size() + 1} of them
     */
    static double upperBound(List<Double> bounds, long[] counts, double p, double max) {
        long total = 0;
        for (long c : counts) total += c;
        if (total == 0) return 0;
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                if (i == bounds.size()) return max;
                return max > 0 ? Math.min(bounds.get(i), max) : bounds.get(i);
            }
        }
        return max;
    }
}
