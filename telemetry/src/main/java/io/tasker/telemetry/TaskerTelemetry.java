package io.tasker.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.OpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.util.ArrayList;
import java.util.List;

/**
 * The OpenTelemetry of one Tasker process (topology or runner): our own SDK instance, not the global one, so the span
 * ids of {@link TraceIds} take effect and the process's metrics exist (for {@code /v1/stats} and {@code /metrics})
 * whether or not anything is exported. With {@code ./tasker dev --otel} the Java agent exports its own
 * instrumentation (JVM, HTTP server) to the same endpoint; Tasker's spans and metrics come from here.
 *
 * <p>Tracing off means a no-op tracer: span calls cost a method call and allocate nothing. Thread-safe. Close it on
 * shutdown to flush what is batched.
 */
public final class TaskerTelemetry implements AutoCloseable {
    /** Instrumentation scope of every Tasker tracer and meter. */
    public static final String SCOPE = "io.tasker";

    private final OpenTelemetry openTelemetry;
    private final SdkTracerProvider tracerProvider; // null when tracing is off
    private final SdkMeterProvider meterProvider;
    private final boolean tracing;
    private final OnDemandMetricReader stats;
    private final PrometheusScrape prometheus;

    private TaskerTelemetry(SdkTracerProvider tracerProvider, SdkMeterProviderBuilder meters) {
        this.stats = new OnDemandMetricReader();
        this.prometheus = new PrometheusScrape();
        // every process has both in-process readers: /v1/stats and /metrics read the instruments OTLP exports
        this.meterProvider = meters.registerMetricReader(stats).registerMetricReader(prometheus.reader()).build();
        this.tracerProvider = tracerProvider;
        this.tracing = tracerProvider != null;
        OpenTelemetrySdkBuilder b = OpenTelemetrySdk.builder()
                .setMeterProvider(meterProvider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()));
        if (tracerProvider != null) b.setTracerProvider(tracerProvider);
        this.openTelemetry = b.build();
    }

    /** Providers as {@code config} says, exporting OTLP/HTTP when it names an endpoint. */
    public static TaskerTelemetry create(TelemetryConfig config, MetricReader... extraReaders) {
        Resource resource = Resource.getDefault().merge(Resource.create(
                Attributes.builder().put("service.name", config.serviceName()).build()));
        SdkTracerProvider tracer = null;
        if (config.tracingEnabled()) {
            List<SpanProcessor> processors = new ArrayList<>();
            if (config.otlpEndpoint() != null) {
                processors.add(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder()
                        .setEndpoint(config.otlpEndpoint().replaceAll("/+$", "") + "/v1/traces").build()).build());
            }
            tracer = tracerProvider(resource, processors);
        }
        SdkMeterProviderBuilder meters = SdkMeterProvider.builder().setResource(resource);
        if (config.otlpEndpoint() != null) {
            meters.registerMetricReader(PeriodicMetricReader.builder(OtlpHttpMetricExporter.builder()
                    .setEndpoint(config.otlpEndpoint().replaceAll("/+$", "") + "/v1/metrics").build()).build());
        }
        for (MetricReader r : extraReaders) meters.registerMetricReader(r);
        return new TaskerTelemetry(tracer, meters);
    }

    /** For tests: every span goes synchronously to {@code spans} (e.g. an {@code InMemorySpanExporter}). */
    public static TaskerTelemetry forTesting(SpanExporter spans, MetricReader... readers) {
        Resource resource = Resource.getDefault();
        SdkMeterProviderBuilder meters = SdkMeterProvider.builder().setResource(resource);
        for (MetricReader r : readers) meters.registerMetricReader(r);
        return new TaskerTelemetry(tracerProvider(resource, List.of(SimpleSpanProcessor.create(spans))), meters);
    }

    /** Tracing off, metrics counted in-process only. */
    public static TaskerTelemetry off(String serviceName) {
        return create(TelemetryConfig.off(serviceName));
    }

    private static SdkTracerProvider tracerProvider(Resource resource, List<SpanProcessor> processors) {
        var b = SdkTracerProvider.builder().setResource(resource)
                .setIdGenerator(new io.tasker.telemetry.internal.PresetIdGenerator(TraceIds::takePreset, TraceIds::takePresetTrace));
        processors.forEach(b::addSpanProcessor);
        return b.build();
    }

    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    public Tracer tracer() {
        return openTelemetry.getTracer(SCOPE);
    }

    public Meter meter() {
        return openTelemetry.getMeter(SCOPE);
    }

    /** Whether spans are recorded; when false {@link #tracer()} is a no-op. */
    public boolean tracingEnabled() {
        return tracing;
    }

    /** Collects this process's instruments on demand: what {@code /v1/stats} and status answers read. */
    public OnDemandMetricReader stats() {
        return stats;
    }

    /** The Prometheus text exposition of this process's instruments, served at {@code GET /metrics}. */
    public PrometheusScrape prometheus() {
        return prometheus;
    }

    public SdkMeterProvider meterProvider() {
        return meterProvider;
    }

    @Override
    public void close() {
        if (tracerProvider != null) tracerProvider.close();
        meterProvider.close();
    }
}
