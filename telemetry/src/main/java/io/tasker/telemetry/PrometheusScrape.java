package io.tasker.telemetry;

import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The Prometheus view of a process's instruments: a {@link PrometheusMetricReader} registered on its meter provider,
 * written in the Prometheus text exposition format by the Prometheus library. The HTTP servers of the topology and the
 * runner serve it at {@code GET /metrics}. Names follow the exporter's rules: dots become underscores, a counter ends
 * in {@code _total} (once), a unit other than an annotation such as {@code {task}} is appended ({@code _seconds}).
 * Thread-safe.
 */
public final class PrometheusScrape {
    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

    private final PrometheusMetricReader reader = PrometheusMetricReader.builder()
            .setOtelScopeLabelsEnabled(false).build();

    MetricReader reader() {
        return reader;
    }

    /** {@code text/plain; version=0.0.4; charset=utf-8}. */
    public String contentType() {
        return WRITER.getContentType();
    }

    /** Collects every instrument and writes the text exposition to {@code out}. */
    public void write(OutputStream out) throws IOException {
        WRITER.write(out, reader.collect(), EscapingScheme.UNDERSCORE_ESCAPING);
    }

    /** {@link #write} into a string, for tests and small answers. */
    public String scrape() {
        var out = new java.io.ByteArrayOutputStream();
        try {
            write(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
