package io.tasker.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TraceIdsTest {
    @Test
    void derivedSpanIdsAreStablePerTaskStepAndAttemptAndDifferBetweenThem() {
        String trace = TraceIds.newTraceId();
        assertThat(TraceIds.stepAttemptSpanId(trace, "t1", "a", 1)).isEqualTo(TraceIds.stepAttemptSpanId(trace, "t1", "a", 1));
        assertThat(TraceIds.stepAttemptSpanId(trace, "t1", "a", 1)).isNotEqualTo(TraceIds.stepAttemptSpanId(trace, "t1", "a", 2));
        assertThat(TraceIds.stepAttemptSpanId(trace, "t1", "a", 1)).isNotEqualTo(TraceIds.stepAttemptSpanId(TraceIds.newTraceId(), "t1", "a", 1));
        assertThat(TraceIds.taskSpanId(trace, "t1")).isNotEqualTo(TraceIds.taskSpanId(trace, "t2"));
    }

    @Test
    void aSpanStartedWithAPresetIdCarriesItAndTheNextSpanIsRandomAgain() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (TaskerTelemetry telemetry = TaskerTelemetry.forTesting(spans)) {
            String id = TraceIds.taskSpanId(TraceIds.newTraceId(), "t1");
            Span preset = TraceIds.withSpanId(id, () -> telemetry.tracer().spanBuilder("task").startSpan());
            Span next = telemetry.tracer().spanBuilder("other").startSpan();
            preset.end();
            next.end();
            assertThat(spans.getFinishedSpanItems()).extracting(s -> s.getSpanContext().getSpanId())
                    .containsExactly(id, next.getSpanContext().getSpanId());
            assertThat(next.getSpanContext().getSpanId()).isNotEqualTo(id);
        }
    }

    @Test
    void aRootSpanStartedWithPresetIdsCarriesTheTraceIdOfTheTaskRecord() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (TaskerTelemetry telemetry = TaskerTelemetry.forTesting(spans)) {
            String trace = TraceIds.newTraceId();
            String id = TraceIds.taskSpanId(trace, "t1");
            Span root = TraceIds.withIds(trace, id, () -> telemetry.tracer().spanBuilder("task").startSpan());
            Span next = telemetry.tracer().spanBuilder("other").startSpan();
            assertThat(root.getSpanContext().getTraceId()).isEqualTo(trace);
            assertThat(root.getSpanContext().getSpanId()).isEqualTo(id);
            assertThat(next.getSpanContext().getTraceId()).isNotEqualTo(trace);
            root.end();
            next.end();
        }
    }
}
