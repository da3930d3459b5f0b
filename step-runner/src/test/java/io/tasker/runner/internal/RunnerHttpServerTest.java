package io.tasker.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RunnerHttpServerTest {

    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsUpWithoutProblemsAndDownWithTheReasons() throws Exception {
        AtomicReference<List<String>> problems = new AtomicReference<>(List.of());
        ObjectNode metrics = JsonSupport.MAPPER.createObjectNode().put("steps_executed", 7);
        try (RunnerHttpServer http = RunnerHttpServer.start("127.0.0.1", 0, problems::get,
                () -> JsonSupport.MAPPER.createObjectNode().put("runner_id", "r1"), () -> metrics,
                new RunnerMetrics().telemetry().prometheus())) {
            HttpResponse<String> up = get(http.port(), "/health");
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            JsonNode upBody = JsonSupport.MAPPER.readTree(up.body());
            assertThat(upBody.path("status").asText()).isEqualTo("UP");
            assertThat(upBody.path("runner_id").asText()).isEqualTo("r1");

            problems.set(List.of("1 stuck handler: ..."));
            HttpResponse<String> down = get(http.port(), "/health");
            assertThat(down.statusCode()).isEqualTo(503);
            JsonNode downBody = JsonSupport.MAPPER.readTree(down.body());
            assertThat(downBody.path("status").asText()).isEqualTo("DOWN");
            assertThat(downBody.path("reasons").get(0).asText()).isEqualTo("1 stuck handler: ...");

            HttpResponse<String> m = get(http.port(), "/v1/stats");
            assertThat(m.statusCode()).isEqualTo(200);
            assertThat(JsonSupport.MAPPER.readTree(m.body()).path("steps_executed").asLong()).isEqualTo(7);
        }
    }

    @Test
    void metricsServesThePrometheusTextOfTheRunnersInstruments() throws Exception {
        RunnerMetrics metrics = new RunnerMetrics();
        metrics.handlerReturned("shop", "charge", new io.tasker.runner.StepOutcome.Success(null), java.time.Duration.ofMillis(250));
        metrics.handlerReturned("shop", "charge", new io.tasker.runner.StepOutcome.Failure("down", true, null, "java.io.IOException", null),
                java.time.Duration.ofMillis(50));
        metrics.stepExecuted();
        metrics.stepExecuted();
        metrics.rejected(io.tasker.schemas.RejectReason.values()[0]);
        AutoCloseable inFlight = metrics.observeInFlight(() -> 3);
        try (RunnerHttpServer http = RunnerHttpServer.start("127.0.0.1", 0, List::of,
                JsonSupport.MAPPER::createObjectNode, JsonSupport.MAPPER::createObjectNode, metrics.telemetry().prometheus())) {
            HttpResponse<String> m = get(http.port(), "/metrics");
            assertThat(m.statusCode()).isEqualTo(200);
            assertThat(m.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
            assertThat(m.body())
                    .contains("tasker_runner_executions_total{namespace=\"shop\",outcome=\"success\",step_name=\"charge\"} 1.0")
                    .contains("tasker_runner_executions_total{namespace=\"shop\",outcome=\"failure\",step_name=\"charge\"} 1.0")
                    .contains("tasker_runner_failures_total{error_type=\"java.io.IOException\",namespace=\"shop\",step_name=\"charge\"} 1.0")
                    .contains("tasker_runner_execution_duration_seconds_sum{namespace=\"shop\",outcome=\"success\",step_name=\"charge\"} 0.25")
                    .contains("tasker_runner_counts_total{name=\"steps_executed\"} 2.0")
                    .contains("tasker_runner_counts_total{name=\"timeouts\"} 0.0")
                    .contains("tasker_runner_in_flight 3.0")
                    .contains("tasker_runner_rejected_total{reason=\"" + io.tasker.schemas.RejectReason.values()[0].code() + "\"} 1.0")
                    .doesNotContain("_total_total");
        }
        assertThat(metrics.stepsExecuted()).as("the getters read the same instruments").isEqualTo(2);
        assertThat(metrics.rejectedTotal()).isEqualTo(1);
        inFlight.close();
        assertThat(metrics.telemetry().prometheus().scrape()).as("closed: no longer reported").doesNotContain("tasker_runner_in_flight");
    }
}
