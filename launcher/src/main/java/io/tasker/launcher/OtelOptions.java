package io.tasker.launcher;

import io.tasker.telemetry.TelemetryConfig;
import picocli.CommandLine.Option;

/** {@code --otel}, {@code --otel-endpoint}, {@code --tracing}: how a command's topology and runner trace and export. */
public final class OtelOptions {
    static final String DEFAULT_ENDPOINT = "http://localhost:4318";

    @Option(names = "--otel", description = "Export traces and metrics by OTLP/HTTP to --otel-endpoint; the ./tasker script also attaches the OpenTelemetry Java agent (JVM and HTTP server telemetry).")
    boolean otel;
    @Option(names = "--otel-endpoint", paramLabel = "URL", description = "OTLP/HTTP collector base URL. Default: $OTEL_EXPORTER_OTLP_ENDPOINT, else " + DEFAULT_ENDPOINT + ".")
    String endpoint;
    @Option(names = "--tracing", paramLabel = "MODE", converter = TracingMode.class, description = "auto (record spans when exporting), on (record even without an exporter), off. Default: auto.")
    TelemetryConfig.Tracing tracing; // null: not given (auto, or TASKER_TRACING for the serve commands)

    /** {@code auto|on|off}, any case. */
    static final class TracingMode implements picocli.CommandLine.ITypeConverter<TelemetryConfig.Tracing> {
        @Override
        public TelemetryConfig.Tracing convert(String value) {
            try {
                return TelemetryConfig.Tracing.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("expected auto, on or off but was '" + value + "'");
            }
        }
    }

    /** The telemetry of component {@code serviceName}: exporting only with {@code --otel} or {@code --otel-endpoint}. */
    TelemetryConfig config(String serviceName) {
        String url = endpoint;
        if (url == null && otel) url = System.getenv().getOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT", DEFAULT_ENDPOINT);
        return new TelemetryConfig(serviceName, url, tracing());
    }

    /** The same, exporting to {@code url} (the benchmark's in-process sink). */
    TelemetryConfig config(String serviceName, String url) {
        return new TelemetryConfig(serviceName, url, tracing());
    }

    /**
     * For {@code tasker topology} / {@code tasker runner}: the flags, else the standard environment variables
     * ({@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_SERVICE_NAME}, and {@code TASKER_TRACING}); a bad value is an
     * error naming the key.
     */
    TelemetryConfig serveConfig(String defaultServiceName, java.util.Map<String, String> env) {
        java.util.Map<String, String> flags = new java.util.HashMap<>();
        if (endpoint != null) flags.put(TelemetryConfig.OTLP_ENDPOINT, endpoint);
        else if (otel) flags.put(TelemetryConfig.OTLP_ENDPOINT, env.getOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT", DEFAULT_ENDPOINT));
        if (tracing != null) flags.put(TelemetryConfig.TRACING, tracing.name());
        return TelemetryConfig.from(defaultServiceName, flags, env);
    }

    private TelemetryConfig.Tracing tracing() {
        return tracing == null ? TelemetryConfig.Tracing.AUTO : tracing;
    }
}
