package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.tasker.avro.StepError;
import io.tasker.avro.StepOutcome;
import io.tasker.avro.StepResult;
import io.tasker.avro.TaskRequest;
import io.tasker.schemas.TaskerTopics;
import io.tasker.telemetry.TaskerTelemetry;
import io.tasker.topology.TaskerTopology;
import io.tasker.topology.TopologyCounters;
import io.tasker.topology.TopologyFixture;
import io.tasker.topology.TopologyNames;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static io.tasker.topology.internal.TopologyMetrics.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The workflow metrics after a known run on TopologyTestDriver with a controlled clock: three tasks of a two-step
 * template, two complete (one after a retried step), one fails. Read with the SDK's {@link InMemoryMetricReader},
 * then through {@code /v1/stats} and {@code /metrics}, which must show the same values.
 */
class TopologyMetricsTest {
    private static final String TEMPLATE = """
            name: flow
            namespace: shop
            version: 1.0.0
            steps:
              - { name: a, handler: h.a }
              - { name: b, depends_on: [a], handler: h.b, retry: { max_attempts: 2 } }
            """;
    private static final long T0 = 1_700_000_000_000L;
    private static final Attributes SHOP = Attributes.of(NAMESPACE, "shop");

    private final TaskerTopics topics = new TaskerTopics("m.");
    private final InMemoryMetricReader reader = InMemoryMetricReader.create();
    private TaskerTelemetry telemetry;
    private TopologyCounters counters;
    private TopologyFixture fixture;
    private AutoCloseable gauges;
    private TestInputTopic<String, TaskRequest> requests;
    private TestInputTopic<String, StepResult> results;

    @BeforeEach
    void start() throws Exception {
        telemetry = TaskerTelemetry.forTesting(InMemorySpanExporter.create(), reader);
        counters = new TopologyCounters(telemetry);
        fixture = TopologyFixture.start("metrics", client -> TaskerTopology.Parts.of(topics, client, counters),
                Instant.ofEpochMilli(T0));
        gauges = TopologyMetrics.observe(telemetry, this::counts);
        fixture.register(TEMPLATE, "flow.yaml");
        requests = fixture.input(topics.taskRequests(), TaskRequest.class);
        results = fixture.input(topics.stepResults(), StepResult.class);
    }

    @AfterEach
    void stop() throws Exception {
        gauges.close();
        fixture.close();
        telemetry.close();
    }

    private Map<String, Long> counts() {
        KeyValueStore<String, Long> store = fixture.store(TopologyNames.TASK_COUNTS_STORE);
        Map<String, Long> out = new HashMap<>();
        try (KeyValueIterator<String, Long> it = store.all()) {
            it.forEachRemaining(kv -> out.put(kv.key, kv.value));
        }
        return out;
    }

    private void submit(String id) {
        requests.pipeInput(id, TaskRequest.newBuilder().setTaskId(id).setNamespace("shop").setTemplateName("flow")
                .setContextJson("{}").setRequestedAt(Instant.ofEpochMilli(T0)).setTags(Map.of()).build());
    }

    /** A result of a runner that started the attempt {@code startedAt} ms and finished it {@code finishedAt} ms after T0. */
    private void result(String id, String step, int attempt, long startedAt, long finishedAt, StepError error) {
        results.pipeInput(id, StepResult.newBuilder().setTaskId(id).setStepName(step).setAttempt(attempt)
                .setStatus(error == null ? StepOutcome.SUCCESS : StepOutcome.FAILURE).setResultJson(error == null ? "{}" : null)
                .setError(error).setRunnerId("r1")
                .setStartedAt(Instant.ofEpochMilli(T0 + startedAt)).setFinishedAt(Instant.ofEpochMilli(T0 + finishedAt)).build());
    }

    private static StepError error(String exceptionClass, boolean retryable) {
        return StepError.newBuilder().setMessage("nope").setExceptionClass(exceptionClass).setRetryable(retryable)
                .setRetryAfterMs(retryable ? 200L : null).build();
    }

    private long clock; // ms after T0 of the driver's wall clock

    private void advanceTo(long msAfterT0) {
        fixture.advance(Duration.ofMillis(msAfterT0 - clock));
        clock = msAfterT0;
    }

    /** 3 tasks: t1 completes, t2 completes after a retried step b, t3 fails (b fails for good). */
    private void knownRun() {
        submit("t1");
        submit("t2");
        submit("t3");
        assertThat(gauge(STEPS_READY)).as("three a's dispatched, none started").isEqualTo(3);

        advanceTo(1000);
        result("t1", "a", 1, 100, 400, null); // queue 0.1 s, execution 0.3 s, hop to b 0.6 s
        result("t2", "a", 1, 200, 500, null); // 0.2, 0.3, 0.5
        result("t3", "a", 1, 300, 600, null); // 0.3, 0.3, 0.4

        advanceTo(2000);
        result("t1", "b", 1, 1100, 1500, null); // queue 0.1, execution 0.4; t1 complete after 2.0 s
        result("t2", "b", 1, 1200, 1300, error("java.io.IOException", true)); // queue 0.2, execution 0.1; retry in 200 ms
        result("t3", "b", 1, 1300, 1400, error("com.example.Fatal", false)); // queue 0.3, execution 0.1; t3 fails after 2.0 s
        assertThat(gauge(TASKS_WAITING)).as("t2 waits for its retry's backoff").isEqualTo(1);

        advanceTo(2300); // the retry timer fires: b attempt 2 of t2 dispatched at 2.3 s
        result("t2", "b", 2, 2400, 2900, null); // queue 0.1, execution 0.5; t2 complete after 2.3 s
    }

    @Test
    void countsRequestsCompletionsAndFailuresWithTheirAttributes() {
        knownRun();
        assertThat(sum(TASK_REQUESTS, SHOP)).isEqualTo(3);
        assertThat(sum(TASK_COMPLETIONS, SHOP)).isEqualTo(2);
        assertThat(sum(TASK_FAILURES, Attributes.of(NAMESPACE, "shop", ERROR_CODE, "steps_failed"))).isEqualTo(1);
        assertThat(points(TASK_FAILURES)).isEqualTo(1);
        assertThat(sum(STEP_COMPLETIONS, step("a"))).isEqualTo(3);
        assertThat(sum(STEP_COMPLETIONS, step("b"))).isEqualTo(2);
        assertThat(sum(STEP_FAILURES, Attributes.of(NAMESPACE, "shop", STEP_NAME, "b", ERROR_TYPE, "java.io.IOException"))).isEqualTo(1);
        assertThat(sum(STEP_FAILURES, Attributes.of(NAMESPACE, "shop", STEP_NAME, "b", ERROR_TYPE, "com.example.Fatal"))).isEqualTo(1);
        assertThat(points(STEP_FAILURES)).isEqualTo(2);
    }

    @Test
    void recordsDurationsInSecondsFromTheRecordedTimes() {
        knownRun();
        assertHistogram(TASK_DURATION, Attributes.of(NAMESPACE, "shop", STATE, "complete"), 2, 2.0 + 2.3);
        assertHistogram(TASK_DURATION, Attributes.of(NAMESPACE, "shop", STATE, "error"), 1, 2.0);
        assertHistogram(STEP_EXECUTION, Attributes.of(NAMESPACE, "shop", STEP_NAME, "a", OUTCOME, "success"), 3, 0.9);
        assertHistogram(STEP_EXECUTION, Attributes.of(NAMESPACE, "shop", STEP_NAME, "b", OUTCOME, "success"), 2, 0.4 + 0.5);
        assertHistogram(STEP_EXECUTION, Attributes.of(NAMESPACE, "shop", STEP_NAME, "b", OUTCOME, "failure"), 2, 0.2);
        assertHistogram(STEP_QUEUE, step("a"), 3, 0.1 + 0.2 + 0.3);
        assertHistogram(STEP_QUEUE, step("b"), 4, 0.1 + 0.2 + 0.3 + 0.1);
        // the retry's dispatch is no hop: only the first dispatch of b after a's result
        assertHistogram(STEP_HOP, step("b"), 3, 0.6 + 0.5 + 0.4);
    }

    @Test
    void gaugesShowTheInstancesBlockedWaitingAndReadyWork() {
        knownRun();
        assertThat(gauge(TASKS_BLOCKED)).as("t3 in error").isEqualTo(1);
        assertThat(gauge(TASKS_WAITING)).isZero();
        assertThat(gauge(STEPS_READY)).isZero();
    }

    @Test
    void statsAndPrometheusShowTheSameValuesAsTheInstruments() throws Exception {
        knownRun();
        try (ApiHarness api = new ApiHarness(counters)) {
            JsonNode stats = api.get("/v1/stats").body();
            assertThat(stats.path("counters").path("tasks.accepted").asLong()).isEqualTo(3);
            assertThat(stats.path("counters").path("task.completed").asLong()).isEqualTo(2);
            assertThat(stats.path("telemetry_events").path("step.enqueued").asLong()).isEqualTo(7);
            JsonNode requests = stats.path("metrics").path(TASK_REQUESTS);
            assertThat(requests).hasSize(1);
            assertThat(requests.get(0).path("attributes").path("namespace").asText()).isEqualTo("shop");
            assertThat(requests.get(0).path("value").asLong()).isEqualTo(sum(TASK_REQUESTS, SHOP));
            JsonNode durations = stats.path("metrics").path(TASK_DURATION);
            assertThat(durations).hasSize(2);
            assertThat(stats.path("metrics").path(TASKS_BLOCKED).get(0).path("value").asLong()).isEqualTo(1);

            var scrape = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.url + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
            String text = scrape.body();
            assertThat(text).contains("tasker_tasks_requests_total{namespace=\"shop\"} 3.0")
                    .contains("tasker_tasks_completions_total{namespace=\"shop\"} 2.0")
                    .contains("tasker_tasks_failures_total{error_code=\"steps_failed\",namespace=\"shop\"} 1.0")
                    .contains("tasker_steps_failures_total{error_type=\"java.io.IOException\",namespace=\"shop\",step_name=\"b\"} 1.0")
                    .contains("tasker_tasks_duration_seconds_count{namespace=\"shop\",state=\"complete\"} 2")
                    .contains("tasker_tasks_blocked 1.0")
                    .contains("tasker_topology_counts_total{name=\"tasks.accepted\"} 3.0")
                    .doesNotContain("_total_total");
        }
    }

    private static Attributes step(String name) {
        return Attributes.of(NAMESPACE, "shop", STEP_NAME, name);
    }

    private MetricData metric(String name) {
        return reader.collectAllMetrics().stream().filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name));
    }

    private long sum(String name, Attributes attributes) {
        return metric(name).getLongSumData().getPoints().stream().filter(p -> p.getAttributes().equals(attributes))
                .mapToLong(LongPointData::getValue).sum();
    }

    private int points(String name) {
        return metric(name).getLongSumData().getPoints().size();
    }

    private long gauge(String name) {
        return metric(name).getLongGaugeData().getPoints().stream().mapToLong(LongPointData::getValue).sum();
    }

    private void assertHistogram(String name, Attributes attributes, long count, double sum) {
        HistogramPointData p = metric(name).getHistogramData().getPoints().stream()
                .filter(h -> h.getAttributes().equals(attributes)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " has no point " + attributes));
        assertThat(p.getCount()).as(name + " count " + attributes).isEqualTo(count);
        assertThat(p.getSum()).as(name + " sum " + attributes).isCloseTo(sum, within(1e-9));
    }
}
