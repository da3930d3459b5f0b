package io.tasker.subscriber;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** An OpenTelemetry SDK keeping spans and metrics in memory, as an application would install one, for tests. */
public final class InMemoryTelemetry implements AutoCloseable {
    public final InMemorySpanExporter spans = InMemorySpanExporter.create();
    public final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    public final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();

    public List<SpanData> finishedSpans() {
        return spans.getFinishedSpanItems();
    }

    public List<SpanData> spansNamed(String name) {
        return finishedSpans().stream().filter(s -> s.getName().equals(name)).toList();
    }

    public Collection<MetricData> collect() {
        return metrics.collectAllMetrics();
    }

    /** The sum of a counter's points whose attributes contain {@code match}. */
    public static long sum(Collection<MetricData> data, String name, Map<AttributeKey<String>, String> match) {
        return data.stream().filter(m -> m.getName().equals(name))
                .flatMap(m -> m.getLongSumData().getPoints().stream())
                .filter(p -> matches(p.getAttributes(), match)).mapToLong(p -> p.getValue()).sum();
    }

    /** The number of recordings of a histogram whose attributes contain {@code match}. */
    public static long histogramCount(Collection<MetricData> data, String name, Map<AttributeKey<String>, String> match) {
        return data.stream().filter(m -> m.getName().equals(name))
                .flatMap(m -> m.getHistogramData().getPoints().stream())
                .filter(p -> matches(p.getAttributes(), match)).mapToLong(p -> p.getCount()).sum();
    }

    private static boolean matches(Attributes a, Map<AttributeKey<String>, String> match) {
        return match.entrySet().stream().allMatch(e -> Objects.equals(a.get(e.getKey()), e.getValue()));
    }

    /** Every name, attribute value, event name and event attribute value and status text of {@code spans}. */
    public static String allText(List<SpanData> spans) {
        StringBuilder b = new StringBuilder();
        for (SpanData s : spans) {
            b.append(s.getName()).append('\n').append(s.getStatus().getDescription()).append('\n');
            s.getAttributes().forEach((k, v) -> b.append(k.getKey()).append('=').append(v).append('\n'));
            s.getEvents().forEach(e -> {
                b.append(e.getName()).append('\n');
                e.getAttributes().forEach((k, v) -> b.append(k.getKey()).append('=').append(v).append('\n'));
            });
        }
        return b.toString();
    }

    @Override
    public void close() {
        sdk.close();
    }
}
