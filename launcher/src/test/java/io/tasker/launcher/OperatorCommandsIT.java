package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasker.examples.Examples;
import io.tasker.runner.StepOutcome;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateLoader;
import io.tasker.topology.TaskerTopologyApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Operator commands over HTTP (cancel, retry, resolve a step, complete a step) and {@code templates validate --against}
 * against a running platform.
 */
class OperatorCommandsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static Platform platform;
    static TaskerTopologyApp topology;
    static TaskerClient client;

    @BeforeAll
    static void startPlatform() {
        List<TaskTemplate> templates = new ArrayList<>(Examples.templates(null));
        TemplateLoader loader = new TemplateLoader(null);
        for (String t : List.of("ops_slow_then_noop", "ops_very_slow", "ops_quick", "ops_flaky_twice", "ops_fail_then_echo")) {
            templates.add(loader.loadResource("templates/" + t + ".yaml"));
        }
        platform = Platform.infrastructure(E2E.options("ops"), templates);
        // ops.echo_deps: succeeds with the results of its dependencies, so a test sees what a dependant was given.
        platform.startRunner(Examples.handlers().register("ops.echo_deps", ctx -> StepOutcome.success(ctx.dependencyResults())),
                templates);
        topology = platform.startTopology();
        client = new TaskerClient(topology.url());
        await().atMost(Duration.ofSeconds(90)).until(topology::isRunning);
        E2E.awaitTemplates(client, "slow_then_noop", "very_slow", "quick", "flaky_twice", "fail_then_echo");
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) platform.close();
    }

    @Test
    void cancelInProgressTaskCancelsPendingStepsAndDropsTheLateResult() {
        String id = submitOk("slow_then_noop");
        awaitStep(id, "slow", "enqueued", "in_progress");
        long droppedBefore = topology.counters().get("dropped.task_not_in_progress");

        TaskerClient.Response r = post("/v1/tasks/" + id + "/cancel", "{\"reason\":\"operator test\"}");

        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(202);
        assertThat(r.body().path("task_id").asText()).isEqualTo(id);
        assertThat(r.body().path("type").asText()).isEqualTo("cancel");
        assertThat(r.body().path("command_id").asText()).isNotBlank();
        JsonNode task = awaitState(id, "cancelled");
        assertThat(E2E.step(task, "after_slow").path("state").asText()).isEqualTo("cancelled");
        assertThat(E2E.step(task, "slow").path("state").asText()).isEqualTo("cancelled");
        assertThat(task.path("error").asText()).contains("operator test");

        // The runner finishes the slow attempt ~4 s later; its result must be dropped, not applied.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> topology.counters().get("dropped.task_not_in_progress") > droppedBefore);
        TaskerClient.Response stats = client.get("/v1/stats");
        assertThat(stats.body().path("counters").path("dropped.task_not_in_progress").asLong()).isGreaterThan(droppedBefore);
        JsonNode after = get(id);
        assertThat(after.path("state").asText()).isEqualTo("cancelled");
        assertThat(E2E.step(after, "slow").path("state").asText()).isEqualTo("cancelled");
        assertThat(E2E.step(after, "slow").path("result").isMissingNode() || E2E.step(after, "slow").path("result").isNull())
                .as("the late result is not recorded: " + after).isTrue();
        assertThat(E2E.step(after, "after_slow").path("attempts")).as("the dependant never ran").isEmpty();
    }

    @Test
    void cancellingACompletedTaskIsA409WithAClearMessage() {
        String id = submitOk("quick");
        assertThat(E2E.awaitFinished(client, id).path("state").asText()).isEqualTo("complete");

        TaskerClient.Response r = post("/v1/tasks/" + id + "/cancel", "{}");

        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(409);
        assertThat(r.body().path("error").asText()).isEqualTo("cannot cancel task " + id + ": it is complete");
        assertThat(get(id).path("state").asText()).isEqualTo("complete");
    }

    @Test
    void retryOfATaskInErrorRerunsTheFailedStep() {
        String id = submitOk("flaky_twice");
        JsonNode failed = E2E.awaitFinished(client, id);
        assertThat(failed.path("state").asText()).as(failed.toString()).isEqualTo("error");
        assertThat(E2E.step(failed, "flaky").path("attempts")).hasSize(2);

        TaskerClient.Response r = post("/v1/tasks/" + id + "/retry", "{}");

        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(202);
        assertThat(r.body().path("type").asText()).isEqualTo("retry");
        JsonNode task = awaitState(id, "complete");
        JsonNode flaky = E2E.step(task, "flaky");
        assertThat(flaky.path("state").asText()).isEqualTo("complete");
        assertThat(flaky.path("attempt").asInt()).isEqualTo(3);
        assertThat(flaky.path("max_attempts").asInt()).as("extended by the template's max_attempts").isEqualTo(4);
        assertThat(flaky.path("attempts")).hasSize(3);
        assertThat(flaky.path("attempts").get(0).path("outcome").asText()).isEqualTo("failure");
        assertThat(flaky.path("attempts").get(1).path("outcome").asText()).isEqualTo("failure");
        assertThat(flaky.path("attempts").get(2).path("outcome").asText()).isEqualTo("success");
        assertThat(flaky.path("result").path("attempts").asInt()).isEqualTo(3);
        assertThat(E2E.step(task, "finish").path("state").asText()).isEqualTo("complete");
    }

    @Test
    void retryOfARunningTaskIsA409() {
        String id = submitOk("very_slow");
        awaitStep(id, "slow", "enqueued", "in_progress");

        TaskerClient.Response r = post("/v1/tasks/" + id + "/retry", "{}");

        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(409);
        assertThat(r.body().path("error").asText()).contains("cannot retry task " + id).contains("in_progress");
        assertThat(get(id).path("state").asText()).isEqualTo("in_progress");
        // tidy up: the task is not left running
        assertThat(post("/v1/tasks/" + id + "/cancel", "{}").status()).isEqualTo(202);
        awaitState(id, "cancelled");
    }

    @Test
    void resolvingAFailedStepLetsItsDependantsRun() {
        String id = submitOk("fail_then_echo");
        JsonNode failed = E2E.awaitFinished(client, id);
        assertThat(failed.path("state").asText()).as(failed.toString()).isEqualTo("error");
        assertThat(E2E.step(failed, "echo").path("state").asText()).isEqualTo("pending");

        TaskerClient.Response r = post("/v1/tasks/" + id + "/steps/doomed/resolve", "{\"reason\":\"fixed by hand\"}");

        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(202);
        assertThat(r.body().path("type").asText()).isEqualTo("resolve_step");
        // a step resolved by hand: the task ends resolved_manually (task.resolved_manually), not complete
        JsonNode task = awaitState(id, "resolved_manually");
        assertThat(E2E.step(task, "doomed").path("state").asText()).isEqualTo("resolved_manually");
        assertThat(E2E.step(task, "doomed").path("attempts")).hasSize(2);
        JsonNode echo = E2E.step(task, "echo");
        assertThat(echo.path("state").asText()).isEqualTo("complete");
        assertThat(echo.path("attempts")).hasSize(1);
    }

    @Test
    void completingAStepManuallyFeedsItsResultToDependants() throws Exception {
        String id = submitOk("fail_then_echo");
        assertThat(E2E.awaitFinished(client, id).path("state").asText()).isEqualTo("error");

        TaskerClient.Response r = post("/v1/tasks/" + id + "/steps/doomed/complete", "{\"result\":{\"value\":42}}");

        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(202);
        assertThat(r.body().path("type").asText()).isEqualTo("complete_step");
        JsonNode task = awaitState(id, "complete");
        JsonNode doomed = E2E.step(task, "doomed");
        assertThat(doomed.path("state").asText()).isEqualTo("complete");
        assertThat(doomed.path("result")).isEqualTo(JSON.readTree("{\"value\":42}"));
        JsonNode echo = E2E.step(task, "echo");
        assertThat(echo.path("state").asText()).isEqualTo("complete");
        assertThat(echo.path("result")).as("the dependant was given the manual result")
                .isEqualTo(JSON.readTree("{\"doomed\":{\"value\":42}}"));
    }

    @Test
    void commandForUnknownTaskIs404() {
        String unknown = UUID.randomUUID().toString();
        for (String path : List.of("/cancel", "/retry", "/steps/doomed/resolve", "/steps/doomed/complete")) {
            TaskerClient.Response r = post("/v1/tasks/" + unknown + path, "{\"result\":{\"value\":1}}");
            assertThat(r.status()).as(path + " " + r.body()).isEqualTo(404);
            assertThat(r.body().path("error").asText()).contains(unknown).contains("not found");
        }
    }

    @Test
    void templatesValidateAgainstTheRunningPlatformTellsTheSameDefinitionFromARedefinedOne(@TempDir Path dir) throws IOException {
        String quick = Files.readString(Path.of("src/test/resources/templates/ops_quick.yaml"));
        Path same = Files.writeString(dir.resolve("same.yaml"), quick);
        Path changed = Files.writeString(dir.resolve("changed.yaml"), quick.replace("handler: demo.noop", "handler: demo.other"));

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int exit = cli.execute("templates", "validate", same.toString(), changed.toString(), "--against", topology.url());

        assertThat(exit).as(err.toString()).isEqualTo(1);
        assertThat(out.toString()).contains("OK ops/quick/1.0.0 (1 step, same as registered)");
        assertThat(err.toString()).contains(changed + ": version 1.0.0 of ops/quick is already registered with a different"
                + " definition: steps.only.handler.name: 'demo.noop' -> 'demo.other'; bump the version");
    }

    @Test
    void theEventCatalogListsTheDemoEventsWhereTheyAreDeclaredAndTheCliShowsIt(@TempDir Path dir) throws IOException {
        TaskerClient.Response r = client.get("/v1/events?category=domain&namespace=ecommerce&name=order.*");

        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(200);
        JsonNode created = null;
        for (JsonNode e : r.body()) {
            if (e.path("name").asText().equals("order.created")) created = e;
        }
        assertThat(created).as(r.body().toString()).isNotNull();
        assertThat(JSON.convertValue(created.path("fired_by"), List.class)).contains("ecommerce/order_fulfillment@1.0.0:create_order");
        assertThat(created.path("topic").asText()).endsWith("domain-events.ecommerce");
        assertThat(created.path("example").path("order_id").asText()).isNotBlank();
        assertThat(client.get("/v1/events/task.failed").body().path("delivery").asText()).isEqualTo("durable");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int shown = cli.execute("events", "show", "order.created", "--url", topology.url());
        Path doc = dir.resolve("tasker-asyncapi.json");
        int written = cli.execute("events", "asyncapi", "--output", doc.toString(), "--url", topology.url());

        assertThat(shown).as(err.toString()).isZero();
        assertThat(out.toString()).containsPattern("fired by +.*ecommerce/order_fulfillment@1\\.0\\.0:create_order");
        assertThat(written).as(err.toString()).isZero();
        JsonNode asyncapi = JSON.readTree(doc.toFile());
        assertThat(asyncapi.path("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(asyncapi.at("/channels/domainEvents.ecommerce/messages/order.created/$ref").asText())
                .isEqualTo("#/components/messages/domain.ecommerce.order.created");
    }

    private String submitOk(String template) {
        TaskerClient.Response r = client.submit("ops", template, JSON.createObjectNode(), null);
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(202);
        return r.body().get("task_id").asText();
    }

    private static JsonNode get(String id) {
        TaskerClient.Response r = client.task(id);
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(200);
        return r.body();
    }

    /** Waits until the task is in {@code state}; fails fast if it reaches a different terminal state. */
    private static JsonNode awaitState(String id, String state) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
            TaskerClient.Response r = client.task(id);
            if (r.status() != 200) return false;
            last[0] = r.body();
            String s = r.body().path("state").asText();
            if (!s.equals(state) && Set.of("complete", "cancelled", "resolved_manually").contains(s)) {
                throw new AssertionError("task " + id + " ended " + s + " instead of " + state + ": " + r.body());
            }
            return s.equals(state);
        });
        return last[0];
    }

    private static JsonNode awaitStep(String id, String step, String... states) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50)).until(() -> {
            TaskerClient.Response r = client.task(id);
            if (r.status() != 200) return false;
            last[0] = r.body();
            return List.of(states).contains(E2E.step(r.body(), step).path("state").asText());
        });
        return last[0];
    }

    private static TaskerClient.Response post(String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(client.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode parsed = r.body().isEmpty() ? null : JSON.readTree(r.body());
            return new TaskerClient.Response(r.statusCode(), parsed);
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
