package io.tasker.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.avro.StepCommand;
import io.tasker.avro.StepResult;
import io.tasker.schemas.StepErrorClasses;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a handler does can never stop the runner: timeouts, stuck handlers, oversized results; and /health says so. */
class RunnerContainmentIT extends RunnerITSupport {

    final AtomicBoolean release = new AtomicBoolean();

    @AfterEach
    void releaseStubbornHandlers() {
        release.set(true);
    }

    HandlerRegistry containmentHandlers() {
        return new HandlerRegistry()
                .register("test.echo", ctx -> StepOutcome.success(Map.of("echo", ctx.context())))
                .register("test.sleep", ctx -> {
                    Thread.sleep(120_000); // interrupted by the runner at the step's timeout
                    return StepOutcome.success("woke up");
                })
                .register("test.stubborn", ctx -> {
                    while (!release.get()) {
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException ignored) {
                            // a handler that swallows interrupts and carries on
                        }
                    }
                    return StepOutcome.success("finally done");
                })
                .register("test.huge", ctx -> StepOutcome.success("x".repeat(ctx.config().path("chars").asInt())));
    }

    StepRunner startRunner(RunnerConfig config) {
        StepRunner runner = new StepRunner(config.withNamespaces(Set.of(NS)), containmentHandlers(), List.of());
        toClose.add(runner);
        return runner.start();
    }

    static StepCommand timed(String taskId, String handler, long timeoutMs) {
        StepCommand c = command(taskId, "step", handler, 1);
        c.setTimeoutMs(timeoutMs);
        return c;
    }

    static StepCommand huge(String taskId, int chars) {
        StepCommand c = command(taskId, "step", "test.huge", 1);
        c.setHandlerConfigJson("{\"chars\":" + chars + "}");
        return c;
    }

    static JsonNode json(String body) throws Exception {
        return JSON.readTree(body);
    }

    @Test
    void handlerRunningPastItsTimeoutIsInterruptedAndReportedOnceAsATimeout() throws Exception {
        StepRunner runner = startRunner(config().withHttpPort(0));
        var results = resultReader();
        send(timed("sleepy", "test.sleep", 500));

        StepResult r = awaitResult(results, "sleepy");
        assertThat(r.getStatus()).isEqualTo(io.tasker.avro.StepOutcome.FAILURE);
        assertThat(r.getError().getExceptionClass()).isEqualTo(StepErrorClasses.TIMEOUT);
        assertThat(r.getError().getRetryable()).isTrue();
        assertThat(r.getError().getMessage()).contains("timed out after 500 ms");
        int port = runner.httpPort().orElseThrow();
        // the interrupted handler returned at once; its outcome was dropped, never produced
        await().atMost(Duration.ofSeconds(10)).until(() ->
                json(httpGet(port, "/v1/stats").body()).path("late_outcomes_discarded").asInt() == 1);
        assertThat(resultsOf(results, "sleepy")).hasSize(1);
        assertThat(runner.stepTimeouts()).isEqualTo(1);
        assertThat(runner.stuckHandlers()).isZero();
        assertThat(runner.isHealthy()).isTrue();
    }

    @Test
    void stuckHandlerMakesTheRunnerUnhealthyWhileOtherCommandsStillRun() throws Exception {
        StepRunner runner = startRunner(config().withWorkerThreads(1).withStuckHandlerGraceMs(200).withHttpPort(0));
        int port = runner.httpPort().orElseThrow();
        var results = resultReader();
        send(timed("stubborn", "test.stubborn", 300));

        await().atMost(Duration.ofSeconds(30)).until(() -> runner.stuckHandlers() == 1);
        assertThat(runner.isHealthy()).isFalse();
        var health = httpGet(port, "/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(json(health.body()).path("reasons").get(0).asText()).startsWith("1 stuck handler");
        assertThat(json(health.body()).path("stuck_handlers").asInt()).isEqualTo(1);
        assertThat(awaitResult(results, "stubborn").getError().getExceptionClass())
                .isEqualTo(StepErrorClasses.TIMEOUT);

        // the single worker is stuck, yet the next command runs
        send(command("after-stuck", "echo", "test.echo", 1));
        assertThat(awaitResult(results, "after-stuck").getStatus()).isEqualTo(io.tasker.avro.StepOutcome.SUCCESS);

        release.set(true);
        await().atMost(Duration.ofSeconds(30)).until(() -> runner.stuckHandlers() == 0);
        assertThat(runner.isHealthy()).isTrue();
        assertThat(httpGet(port, "/health").statusCode()).isEqualTo(200);
        assertThat(resultsOf(results, "stubborn")).hasSize(1);
    }

    @Test
    void resultOverTheSizeLimitIsAPermanentFailureAndTheRunnerStaysHealthy() {
        StepRunner runner = startRunner(config());
        var results = resultReader();
        send(huge("too-big", 300_000), command("next", "echo", "test.echo", 1));

        StepResult r = awaitResult(results, "too-big");
        assertThat(r.getStatus()).isEqualTo(io.tasker.avro.StepOutcome.FAILURE);
        assertThat(r.getError().getRetryable()).isFalse();
        assertThat(r.getError().getMessage())
                .isEqualTo("result too large: 300002 bytes, limit 262144 bytes (256 KiB)");
        assertThat(awaitResult(results, "next").getStatus()).isEqualTo(io.tasker.avro.StepOutcome.SUCCESS);
        assertThat(runner.resultsTooLarge()).isEqualTo(1);
        assertThat(runner.isHealthy()).isTrue();
    }

    @Test
    void resultRecordOverTheProducersMaxRequestSizeIsAPermanentFailure() {
        StepRunner runner = startRunner(config().withClientOverrides(Map.of("max.request.size", "10000")));
        var results = resultReader();
        send(huge("over-request-size", 50_000), command("next", "echo", "test.echo", 1));

        StepResult r = awaitResult(results, "over-request-size");
        assertThat(r.getStatus()).isEqualTo(io.tasker.avro.StepOutcome.FAILURE);
        assertThat(r.getError().getRetryable()).isFalse();
        assertThat(r.getError().getMessage()).startsWith("result too large")
                .contains("max.request.size of 10000 bytes");
        assertThat(awaitResult(results, "next").getStatus()).isEqualTo(io.tasker.avro.StepOutcome.SUCCESS);
        await().atMost(Duration.ofSeconds(10)).until(() -> runner.stepsExecuted() == 2);
        assertThat(runner.isHealthy()).isTrue();
    }

    @Test
    void resultTheBrokerRefusesAsTooLargeIsAPermanentFailure() throws Exception {
        ConfigResource resultsTopic = new ConfigResource(ConfigResource.Type.TOPIC, topics.stepResults());
        Collection<AlterConfigOp> ops = List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", "20000"),
                AlterConfigOp.OpType.SET));
        admin.incrementalAlterConfigs(Map.of(resultsTopic, ops)).all().get();
        StepRunner runner = startRunner(config());
        var results = resultReader();
        send(huge("broker-refuses", 50_000), command("next", "echo", "test.echo", 1));

        StepResult r = awaitResult(results, "broker-refuses");
        assertThat(r.getStatus()).isEqualTo(io.tasker.avro.StepOutcome.FAILURE);
        assertThat(r.getError().getRetryable()).isFalse();
        assertThat(r.getError().getMessage()).startsWith("result too large: Kafka refused the result record");
        assertThat(awaitResult(results, "next").getStatus()).isEqualTo(io.tasker.avro.StepOutcome.SUCCESS);
        assertThat(runner.resultsTooLarge()).isEqualTo(1);
        assertThat(runner.isHealthy()).isTrue();
    }

    @Test
    void healthAndMetricsEndpointReportTheRunnerUntilItIsClosed() throws Exception {
        StepRunner runner = startRunner(config().withHttpPort(0).withHttpHost("127.0.0.1"));
        int port = runner.httpPort().orElseThrow();
        var results = resultReader();
        send(command("counted", "echo", "test.echo", 1));
        awaitResult(results, "counted");

        var health = httpGet(port, "/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health.body()).path("status").asText()).isEqualTo("UP");
        assertThat(json(health.body()).path("runner_id").asText()).isEqualTo("it-runner");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                json(httpGet(port, "/v1/stats").body()).path("steps_executed").asLong() == 1);
        JsonNode metrics = json(httpGet(port, "/v1/stats").body());
        for (String counter : List.of("rejected_total", "timeouts", "stuck_handlers", "results_too_large",
                "in_flight", "rebalances")) {
            assertThat(metrics.has(counter)).as(counter).isTrue();
        }

        runner.close();
        Assertions.assertThatThrownBy(() -> httpGet(port, "/health")).isInstanceOf(ConnectException.class);
    }

    @Test
    void endpointIsOffByDefault() {
        assertThat(startRunner(config()).httpPort()).isEmpty();
    }
}
