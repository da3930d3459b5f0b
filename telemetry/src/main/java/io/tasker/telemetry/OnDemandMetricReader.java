package io.tasker.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;

import java.util.Collection;
import java.util.List;

/**
 * A {@link MetricReader} that collects only when asked: what {@code GET /v1/stats} and status pages read, so they show
 * the values of the same instruments OTLP and Prometheus export (there is no second set of counters). Cumulative
 * temporality, so a value is the total since the process started. Thread-safe; collecting walks every instrument, so
 * callers collect once per answer.
 */
public final class OnDemandMetricReader implements MetricReader {
    private volatile CollectionRegistration registration = CollectionRegistration.noop();

    @Override
    public void register(CollectionRegistration registration) {
        this.registration = registration;
    }

    /** Every instrument's current points; empty before the reader is registered on a meter provider. */
    public MetricValues collect() {
        Collection<MetricData> all = registration.collectAllMetrics();
        return new MetricValues(all == null ? List.of() : List.copyOf(all));
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
        return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public CompletableResultCode forceFlush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        registration = CollectionRegistration.noop();
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public String toString() {
        return "OnDemandMetricReader";
    }
}
