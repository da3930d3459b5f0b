package io.tasker.telemetry;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How a Tasker process traces and exports.
 *
 * @param serviceName  the {@code service.name} resource attribute ({@code tasker-topology}, {@code tasker-runner})
 * @param otlpEndpoint base URL of an OTLP/HTTP collector ({@code http://localhost:4318}); null exports nothing
 * @param tracing      {@link Tracing#AUTO} records spans only when there is an endpoint
 */
public record TelemetryConfig(String serviceName, String otlpEndpoint, Tracing tracing) {
    /** The standard OpenTelemetry key (also read from {@code OTEL_EXPORTER_OTLP_ENDPOINT}). */
    public static final String OTLP_ENDPOINT = "otel.exporter.otlp.endpoint";
    public static final String SERVICE_NAME = "otel.service.name";
    /** {@code auto} (default), {@code on} (record spans even without an exporter, for measuring), {@code off}. */
    public static final String TRACING = "tasker.tracing";

    public enum Tracing { AUTO, ON, OFF }

    public TelemetryConfig {
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(tracing, "tracing");
        if (otlpEndpoint != null && otlpEndpoint.isBlank()) otlpEndpoint = null;
        if (otlpEndpoint != null && !otlpEndpoint.matches("https?://.+"))
            throw new IllegalArgumentException(OTLP_ENDPOINT + " must be an http(s) URL, got '" + otlpEndpoint + "'");
    }

    /** Nothing recorded, nothing exported; metrics still count in-process (for {@code /v1/stats} and {@code /metrics}). */
    public static TelemetryConfig off(String serviceName) {
        return new TelemetryConfig(serviceName, null, Tracing.OFF);
    }

    /** Reads the keys above from {@code props}, falling back to the standard environment variables. */
    public static TelemetryConfig from(String defaultServiceName, Map<String, String> props, Map<String, String> env) {
        String endpoint = props.getOrDefault(OTLP_ENDPOINT, env.get("OTEL_EXPORTER_OTLP_ENDPOINT"));
        String service = props.getOrDefault(SERVICE_NAME, env.getOrDefault("OTEL_SERVICE_NAME", defaultServiceName));
        String mode = props.getOrDefault(TRACING, env.getOrDefault("TASKER_TRACING", "auto"));
        Tracing tracing;
        try {
            tracing = Tracing.valueOf(mode.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(TRACING + " must be auto, on or off, got '" + mode + "'");
        }
        return new TelemetryConfig(service, endpoint, tracing);
    }

    /** Whether spans are recorded at all. */
    public boolean tracingEnabled() {
        return tracing == Tracing.ON || (tracing == Tracing.AUTO && otlpEndpoint != null);
    }
}
