package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasker.examples.Examples;
import io.tasker.runner.RunnerConfig;
import io.tasker.runner.StepRunner;
import io.tasker.telemetry.TaskerTelemetry;
import io.tasker.templates.TaskTemplate;
import io.tasker.topology.TaskerTopologyApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scrapes {@code GET /metrics} of a running topology and runner on the real broker after a known run and parses the
 * Prometheus text: one task completes after a retried step (flaky_once), one fails (always_fails: its step fails twice),
 * one order completes (order_fulfillment, 5 steps).
 */
class MetricsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code name{labels} value}: the sample lines of the text format. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    static Platform platform;
    static TaskerTopologyApp topology;
    static StepRunner runner;
    static TaskerTelemetry runnerTelemetry;
    static TaskerClient client;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        List<TaskTemplate> templates = E2E.templates();
        platform = Platform.infrastructure(E2E.options("metrics"), templates);
        TreeSet<String> namespaces = new TreeSet<>();
        templates.forEach(t -> namespaces.add(t.namespace()));
        runnerTelemetry = TaskerTelemetry.off("tasker-runner");
        runner = new StepRunner(RunnerConfig.fromProperties(Map.of(
                "bootstrap.servers", platform.bootstrapServers(),
                "schema.registry.url", platform.schemaRegistryUrl(),
                "tasker.topic.prefix", platform.options().topicPrefix(),
                "runner.namespaces", String.join(",", namespaces),
                "runner.group-id", platform.options().applicationId() + "-runner",
                RunnerConfig.HTTP_HOST, "127.0.0.1",
                RunnerConfig.HTTP_PORT, "0")), Examples.handlers(), templates, runnerTelemetry).start();
        topology = platform.startTopology();
        client = new TaskerClient(topology.url());
        await().atMost(Duration.ofSeconds(60)).until(topology::isRunning);
        E2E.awaitTemplates(client, "order_fulfillment", "flaky_once", "always_fails");
    }

    @AfterAll
    static void stop() {
        if (runner != null) runner.close();
        if (platform != null) platform.close();
        if (runnerTelemetry != null) runnerTelemetry.close();
    }

    @Test
    void prometheusScrapesOfTopologyAndRunnerShowTheKnownRun() throws Exception {
        String flaky = submit("e2e", "flaky_once", "{}");
        String fails = submit("e2e", "always_fails", "{}");
        String order = submit("ecommerce", "order_fulfillment", Examples.sampleContext(2));
        assertThat(E2E.awaitFinished(client, flaky).path("state").asText()).isEqualTo("complete");
        assertThat(E2E.awaitFinished(client, fails).path("state").asText()).isEqualTo("error");
        assertThat(E2E.awaitFinished(client, order).path("state").asText()).isEqualTo("complete");

        String topologyText = scrape(topology.url() + "/metrics");
        assertThat(value(topologyText, "tasker_tasks_requests_total", Map.of("namespace", "e2e"))).isEqualTo(2);
        assertThat(value(topologyText, "tasker_tasks_requests_total", Map.of("namespace", "ecommerce"))).isEqualTo(1);
        assertThat(value(topologyText, "tasker_tasks_completions_total", Map.of("namespace", "e2e"))).isEqualTo(1);
        assertThat(value(topologyText, "tasker_tasks_completions_total", Map.of("namespace", "ecommerce"))).isEqualTo(1);
        assertThat(value(topologyText, "tasker_tasks_failures_total", Map.of("namespace", "e2e", "error_code", "steps_failed"))).isEqualTo(1);
        assertThat(value(topologyText, "tasker_steps_failures_total", Map.of("namespace", "e2e", "step_name", "flaky"))).isEqualTo(1);
        assertThat(value(topologyText, "tasker_steps_failures_total", Map.of("namespace", "e2e", "step_name", "doomed"))).isEqualTo(2);
        assertThat(value(topologyText, "tasker_steps_completions_total", Map.of("namespace", "e2e", "step_name", "flaky"))).isEqualTo(1);
        assertThat(value(topologyText, "tasker_steps_completions_total", Map.of("namespace", "ecommerce"))).isEqualTo(5);
        assertThat(value(topologyText, "tasker_tasks_duration_seconds_count", Map.of("namespace", "e2e"))).isEqualTo(2);
        assertThat(value(topologyText, "tasker_steps_execution_duration_seconds_count", Map.of("namespace", "e2e")))
                .as("every e2e attempt: prepare, flaky x2, finish, doomed x2, independent").isEqualTo(7);
        assertThat(value(topologyText, "tasker_tasks_blocked", Map.of())).isEqualTo(1);
        assertThat(value(topologyText, "tasker_steps_ready", Map.of())).isZero();

        // /v1/stats reads the same instruments
        JsonNode stats = JSON.readTree(scrape(topology.url() + "/v1/stats"));
        assertThat(stats.path("counters").path("tasks.accepted").asLong()).isEqualTo(3);
        assertThat(value(topologyText, "tasker_topology_counts_total", Map.of("name", "tasks.accepted"))).isEqualTo(3);

        int port = runner.httpPort().orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                value(scrape("http://127.0.0.1:" + port + "/metrics"), "tasker_runner_counts_total", Map.of("name", "steps_executed")) == 12);
        String runnerText = scrape("http://127.0.0.1:" + port + "/metrics");
        assertThat(value(runnerText, "tasker_runner_executions_total", Map.of("step_name", "flaky", "outcome", "failure"))).isEqualTo(1);
        assertThat(value(runnerText, "tasker_runner_executions_total", Map.of("step_name", "flaky", "outcome", "success"))).isEqualTo(1);
        assertThat(value(runnerText, "tasker_runner_failures_total", Map.of("namespace", "e2e", "step_name", "doomed"))).isEqualTo(2);
        assertThat(value(runnerText, "tasker_runner_execution_duration_seconds_count", Map.of())).isEqualTo(12);
        JsonNode runnerStats = JSON.readTree(scrape("http://127.0.0.1:" + port + "/v1/stats"));
        assertThat(runnerStats.path("steps_executed").asLong()).isEqualTo(12);
        assertThat(runner.stepsExecuted()).isEqualTo(12);
    }

    private String submit(String namespace, String template, String context) throws Exception {
        TaskerClient.Response r = client.submit(namespace, template, JSON.readTree(context), null);
        assertThat(r.status()).isEqualTo(202);
        return r.body().path("task_id").asText();
    }

    private String scrape(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** The sum of the samples of {@code name} whose labels include {@code labels}. */
    static double value(String text, String name, Map<String, String> labels) {
        double sum = 0;
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line.trim());
            if (!m.matches() || !m.group(1).equals(name)) continue;
            Map<String, String> have = new HashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) have.put(l.group(1), l.group(2));
            }
            if (have.entrySet().containsAll(labels.entrySet())) sum += Double.parseDouble(m.group(4));
        }
        return sum;
    }
}
