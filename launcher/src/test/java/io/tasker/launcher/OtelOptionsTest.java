package io.tasker.launcher;

import io.tasker.telemetry.TelemetryConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OtelOptionsTest {
    private static OtelOptions parse(String... args) {
        OtelOptions o = new OtelOptions();
        new CommandLine(o).parseArgs(args);
        return o;
    }

    @Test
    void serveCommandsTakeTheStandardEnvironmentWhenNoFlagIsGiven() {
        TelemetryConfig c = parse().serveConfig("tasker-runner", Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318", "OTEL_SERVICE_NAME", "runner-eu", "TASKER_TRACING", "on"));
        assertThat(c).isEqualTo(new TelemetryConfig("runner-eu", "http://collector:4318", TelemetryConfig.Tracing.ON));
    }

    @Test
    void flagsWinOverTheEnvironment() {
        TelemetryConfig c = parse("--otel-endpoint", "http://other:4318", "--tracing", "OFF")
                .serveConfig("tasker-topology", Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318", "TASKER_TRACING", "on"));
        assertThat(c).isEqualTo(new TelemetryConfig("tasker-topology", "http://other:4318", TelemetryConfig.Tracing.OFF));
        assertThat(c.tracingEnabled()).isFalse();
    }

    @Test
    void withoutEndpointNothingIsRecordedOrExported() {
        TelemetryConfig c = parse().serveConfig("tasker-topology", Map.of());
        assertThat(c.otlpEndpoint()).isNull();
        assertThat(c.tracingEnabled()).isFalse();
        assertThat(parse("--otel").serveConfig("tasker-topology", Map.of()).otlpEndpoint()).isEqualTo(OtelOptions.DEFAULT_ENDPOINT);
    }

    @Test
    void aBadTracingModeNamesTheKeyAndTheValue() {
        assertThatThrownBy(() -> parse().serveConfig("tasker-runner", Map.of("TASKER_TRACING", "maybe")))
                .hasMessageContaining("tasker.tracing").hasMessageContaining("maybe");
        assertThatThrownBy(() -> parse("--tracing", "maybe")).hasMessageContaining("auto, on or off");
    }
}
