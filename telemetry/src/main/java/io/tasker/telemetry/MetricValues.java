package io.tasker.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.data.PointData;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One collection of every instrument (see {@link OnDemandMetricReader#collect()}), with lookups by instrument name
 * and attributes. Immutable.
 */
public final class MetricValues {
    /** A histogram's point: how many values were recorded and their sum (in the instrument's unit). */
    public record Histogram(long count, double sum) {
    }

    private final List<MetricData> metrics;

    MetricValues(List<MetricData> metrics) {
        this.metrics = metrics;
    }

    public Collection<MetricData> all() {
        return metrics;
    }

    /** The value of a long counter, up-down counter or gauge at exactly {@code attributes}; 0 when there is none. */
    public long longValue(String name, Attributes attributes) {
        return longValues(name).getOrDefault(attributes, 0L);
    }

    /** The values of a long counter, up-down counter or gauge by attributes; empty when it recorded nothing. */
    public Map<Attributes, Long> longValues(String name) {
        Map<Attributes, Long> out = new LinkedHashMap<>();
        for (MetricData m : metrics) {
            if (!m.getName().equals(name)) continue;
            Collection<? extends PointData> points = switch (m.getType()) {
                case LONG_SUM -> m.getLongSumData().getPoints();
                case LONG_GAUGE -> m.getLongGaugeData().getPoints();
                default -> List.of();
            };
            for (PointData p : points) out.merge(p.getAttributes(), ((LongPointData) p).getValue(), Long::sum);
        }
        return out;
    }

    /** The sum over every attribute set of a long counter. */
    public long longTotal(String name) {
        return longValues(name).values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * A long instrument's values keyed by one attribute's value (points without it are skipped), sorted by key: the
     * shape of the maps {@code /v1/stats} shows.
     */
    public Map<String, Long> longValuesBy(String name, AttributeKey<String> key) {
        Map<String, Long> out = new TreeMap<>();
        longValues(name).forEach((attrs, v) -> {
            String k = attrs.get(key);
            if (k != null) out.merge(k, v, Long::sum);
        });
        return out;
    }

    /** A histogram's count and sum at exactly {@code attributes}; null when it recorded nothing there. */
    public Histogram histogram(String name, Attributes attributes) {
        return histograms(name).get(attributes);
    }

    public Map<Attributes, Histogram> histograms(String name) {
        Map<Attributes, Histogram> out = new LinkedHashMap<>();
        for (MetricData m : metrics) {
            if (!m.getName().equals(name) || m.getType() != MetricDataType.HISTOGRAM) continue;
            for (HistogramPointData p : m.getHistogramData().getPoints()) {
                out.put(p.getAttributes(), new Histogram(p.getCount(), p.getSum()));
            }
        }
        return out;
    }

    /** The names of the instruments that have points, those starting with {@code prefix}, in collection order. */
    public List<String> names(String prefix) {
        List<String> out = new ArrayList<>();
        for (MetricData m : metrics) {
            if (m.getName().startsWith(prefix) && !out.contains(m.getName())) out.add(m.getName());
        }
        return out;
    }
}
