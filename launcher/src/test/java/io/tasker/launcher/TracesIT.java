package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.tasker.runner.HandlerRegistry;
import io.tasker.runner.StepOutcome;
import io.tasker.telemetry.TaskerTelemetry;
import io.tasker.telemetry.TraceHeaders;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateLoader;
import io.tasker.topology.TaskerTopologyApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace per task across the HTTP submission, the topology and the runner, in one JVM: a task submitted with a
 * caller's {@code traceparent} runs a step that fails once and is retried, and the topology is stopped after the
 * second step is dispatched and replaced by a new instance (same application id) that records the rest. Every span has
 * the caller's trace id, every parent is a span in the exporter (except the caller's own), and nothing is missing.
 */
class TracesIT {
    private static final String TEMPLATE = """
            name: traced
            namespace: %s
            version: 1.0.0
            steps:
              - name: flaky
                handler: traced.flaky
                retry: { max_attempts: 2, backoff: none }
              - { name: gate, depends_on: [flaky], handler: traced.gate }
              - { name: last, depends_on: [gate], handler: traced.last }
            """;
    private static final String CALLER_TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String CALLER_SPAN = "b7ad6b7169203331";
    private static final ObjectMapper JSON = new ObjectMapper();

    static final InMemorySpanExporter spans = InMemorySpanExporter.create();
    static final CountDownLatch gateEntered = new CountDownLatch(1);
    static final CountDownLatch gateOpen = new CountDownLatch(1);
    static TaskerTelemetry telemetry;
    static Platform platform;
    static String namespace;

    @BeforeAll
    static void start() {
        Platform.Options options = E2E.options("traces");
        namespace = "traced_" + Integer.toHexString(options.applicationId().hashCode() & 0xffff);
        TaskTemplate template = new TemplateLoader(null).parse(TEMPLATE.formatted(namespace), "traced.yaml");
        telemetry = TaskerTelemetry.forTesting(spans);
        platform = Platform.infrastructure(options, List.of(template));
        HandlerRegistry handlers = new HandlerRegistry()
                .register("traced.flaky", ctx -> ctx.attempt() == 1
                        ? StepOutcome.retryable("flaky on its first attempt")
                        : StepOutcome.success(Map.of("ok", true)))
                .register("traced.gate", ctx -> {
                    gateEntered.countDown();
                    if (!gateOpen.await(120, TimeUnit.SECONDS)) throw new IllegalStateException("the gate never opened");
                    return StepOutcome.success(Map.of("passed", true));
                })
                .register("traced.last", ctx -> StepOutcome.success(Map.of("done", true)));
        platform.startRunner(handlers, List.of(template), telemetry);
    }

    @AfterAll
    static void stop() {
        gateOpen.countDown();
        if (platform != null) platform.close();
        if (telemetry != null) telemetry.close();
    }

    private static TaskerTopologyApp startTopology() {
        TaskerTopologyApp app = platform.startTopology(parts -> parts.withTelemetry(telemetry));
        await().atMost(Duration.ofSeconds(90)).until(app::isRunning);
        E2E.awaitTemplates(new TaskerClient(app.url()), "traced");
        return app;
    }

    @Test
    void oneTraceForATaskAcrossHttpTopologyRestartRetryAndRunner() throws Exception {
        TaskerTopologyApp first = startTopology();
        HttpResponse<String> submitted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(first.url() + "/v1/tasks"))
                .header("content-type", "application/json")
                .header(TraceHeaders.TRACEPARENT, TraceHeaders.format(CALLER_TRACE, CALLER_SPAN))
                .POST(HttpRequest.BodyPublishers.ofString("{\"namespace\":\"" + namespace + "\",\"template\":\"traced\",\"context\":{}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String taskId = JSON.readTree(submitted.body()).path("task_id").asText();

        // the retried step is recorded and the gate dispatched: stop the topology while the gate runs
        assertThat(gateEntered.await(90, TimeUnit.SECONDS)).as("the gate step started").isTrue();
        platform.stopTopology(first);
        TaskerTopologyApp second = startTopology();
        gateOpen.countDown();

        TaskerClient client = new TaskerClient(second.url());
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> {
            JsonNode t = client.task(taskId).body();
            return t.path("state").asText().equals("complete");
        });
        String taskName = "task " + namespace + "/traced";
        await().atMost(Duration.ofSeconds(30)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().startsWith("process ")).count() == 4
                && spans.getFinishedSpanItems().stream().anyMatch(s -> s.getName().equals(taskName)));

        List<SpanData> all = spans.getFinishedSpanItems();
        System.out.printf("TracesIT: %d spans: %s%n", all.size(), all.stream().map(SpanData::getName).sorted().toList());
        assertThat(all).extracting(SpanData::getName).containsExactlyInAnyOrder("POST /v1/tasks", taskName,
                "step flaky", "step flaky", "step gate", "step last",
                "process " + platform.topics().stepCommands(namespace), "process " + platform.topics().stepCommands(namespace),
                "process " + platform.topics().stepCommands(namespace), "process " + platform.topics().stepCommands(namespace));
        assertThat(all).allSatisfy(s -> assertThat(s.getTraceId()).as(s.getName()).isEqualTo(CALLER_TRACE));
        Set<String> ids = all.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
        assertThat(ids).as("span ids are unique").hasSize(all.size());
        for (SpanData s : all) {
            if (s.getName().equals("POST /v1/tasks")) {
                assertThat(s.getParentSpanId()).isEqualTo(CALLER_SPAN);
            } else {
                assertThat(ids).as("parent of %s", s.getName()).contains(s.getParentSpanId());
            }
        }
        SpanData submit = one(all, "POST /v1/tasks");
        SpanData task = one(all, taskName);
        assertThat(task.getParentSpanId()).isEqualTo(submit.getSpanId());
        assertThat(task.getAttributes().get(AttributeKey.stringKey("tasker.task.id"))).isEqualTo(taskId);
        List<SpanData> steps = all.stream().filter(s -> s.getName().startsWith("step ")).toList();
        assertThat(steps).allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(task.getSpanId()));
        List<SpanData> flaky = steps.stream().filter(s -> s.getName().equals("step flaky"))
                .sorted(java.util.Comparator.comparing(s -> s.getAttributes().get(AttributeKey.longKey("tasker.step.attempt")))).toList();
        assertThat(flaky.get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(flaky.get(0).getAttributes().get(AttributeKey.stringKey("error.type"))).isNotBlank();
        assertThat(flaky.get(1).getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        Set<String> stepIds = steps.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
        assertThat(all.stream().filter(s -> s.getName().startsWith("process ")))
                .allSatisfy(s -> assertThat(stepIds).as("handler span parent").contains(s.getParentSpanId()));
        assertThat(all).allSatisfy(s -> assertThat(s.getStartEpochNanos()).isLessThanOrEqualTo(s.getEndEpochNanos()));
        assertThat(SpanId.isValid(task.getSpanId())).isTrue();
    }

    private static SpanData one(List<SpanData> all, String name) {
        return all.stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
    }
}
