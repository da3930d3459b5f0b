package io.tasker.launcher;

import io.tasker.telemetry.TaskerTelemetry;
import io.tasker.telemetry.TelemetryConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OtlpSinkTest {
    @Test
    void receivesTheSpansAndMetricsATaskerTelemetryExportsByOtlpHttp() throws Exception {
        try (OtlpSink sink = OtlpSink.start()) {
            TelemetryConfig config = new TelemetryConfig("bench", sink.endpoint(), TelemetryConfig.Tracing.AUTO);
            try (TaskerTelemetry telemetry = TaskerTelemetry.create(config)) {
                telemetry.tracer().spanBuilder("one").startSpan().end();
                telemetry.meter().counterBuilder("tasker.test.total").build().add(3);
            } // close flushes the batch span processor and the periodic metric reader
            assertThat(sink.received("traces").requests()).isPositive();
            assertThat(sink.received("traces").bytes()).isPositive();
            assertThat(sink.received("metrics").requests()).isPositive();
        }
    }
}
