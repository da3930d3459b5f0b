package io.tasker.telemetry;

import io.opentelemetry.api.trace.SpanContext;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TraceHeadersTest {
    @Test
    void aWrittenTraceparentReadsBackAsTheSameRemoteSampledContext() {
        String trace = TraceIds.newTraceId();
        String span = TraceIds.taskSpanId(trace, "t1");
        RecordHeaders headers = new RecordHeaders();
        TraceHeaders.put(headers, TraceHeaders.format(trace, span));
        SpanContext read = TraceHeaders.parse(headers);
        assertThat(read.isValid()).isTrue();
        assertThat(read.isRemote()).isTrue();
        assertThat(read.isSampled()).isTrue();
        assertThat(read.getTraceId()).isEqualTo(trace);
        assertThat(read.getSpanId()).isEqualTo(span);
        assertThat(TraceHeaders.format(read)).isEqualTo(TraceHeaders.format(trace, span));
    }

    @Test
    void malformedOrMissingTraceparentIsInvalidNotAnError() {
        assertThat(TraceHeaders.parse((String) null).isValid()).isFalse();
        assertThat(TraceHeaders.parse("00-abc").isValid()).isFalse();
        assertThat(TraceHeaders.parse("00-00000000000000000000000000000000-00f067aa0ba902b7-01").isValid()).isFalse();
        assertThat(TraceHeaders.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-zz").isValid()).isFalse();
        assertThat(TraceHeaders.parse(new RecordHeaders()).isValid()).isFalse();
        assertThat(TraceHeaders.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").getSpanId())
                .isEqualTo("00f067aa0ba902b7");
    }
}
