package io.tasker.topology.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.tasker.telemetry.TaskerTelemetry;
import io.tasker.telemetry.TraceHeaders;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /v1/tasks} continues the caller's trace: its own span, whose traceparent the task request carries. */
class HttpApiTracesTest {
    private static final String CALLER = TraceHeaders.format("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7");

    private static ApiHarness.Reply submit(ApiHarness api, String traceparent) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.url + "/v1/tasks")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ApiHarness.submission().toString()));
        if (traceparent != null) b.header(TraceHeaders.TRACEPARENT, traceparent);
        return api.send(b.build());
    }

    @Test
    void theSubmissionSpanIsAChildOfTheRequestsTraceparentAndTheTaskRequestCarriesItsOwn() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (TaskerTelemetry telemetry = TaskerTelemetry.forTesting(spans);
             ApiHarness api = new ApiHarness(io.tasker.templates.catalog.SubscribedBy.NONE, null, telemetry)) {
            ApiHarness.Reply r = submit(api, CALLER);
            assertThat(r.status()).isEqualTo(202);
            SpanData span = spans.getFinishedSpanItems().get(0);
            assertThat(span.getName()).isEqualTo("POST /v1/tasks");
            assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
            assertThat(span.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat(span.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
            assertThat(span.getAttributes().get(AttributeKey.stringKey("tasker.task.id"))).isEqualTo(r.body().path("task_id").asText());
            assertThat(span.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(202L);
            assertThat(api.inputs.traceparents).containsExactly(Optional.of(TraceHeaders.format(span.getSpanContext())));
        }
    }

    @Test
    void withTracingOffTheRequestsTraceparentIsPassedOnSoTheTaskStillJoinsTheCallersTrace() {
        try (ApiHarness api = new ApiHarness()) {
            assertThat(submit(api, CALLER).status()).isEqualTo(202);
            assertThat(submit(api, null).status()).isEqualTo(202);
            assertThat(api.inputs.traceparents).containsExactly(Optional.of(CALLER), Optional.empty());
        }
    }
}
