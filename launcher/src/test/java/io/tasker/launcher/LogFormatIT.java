package io.tasker.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasker.examples.Examples;
import io.tasker.schemas.LogKeys;
import io.tasker.templates.TaskTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code tasker topology --log-format json} and {@code tasker runner --log-format json} as separate processes: every
 * log line is one JSON object with a level and a logger, the effective configuration is printed once at start-up, and
 * the runner's lines about a step attempt carry the task's ids.
 */
class LogFormatIT {
    private static final Duration LONG = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Platform platform;
    private static final List<ChildProcess> children = new ArrayList<>();

    @BeforeAll
    static void start() {
        List<TaskTemplate> templates = Examples.templates(null);
        platform = Platform.infrastructure(E2E.options("logfmt"), templates);
    }

    @AfterAll
    static void stop() {
        children.forEach(ChildProcess::close);
        if (platform != null) platform.close();
    }

    private static ChildProcess child(String name, List<String> args) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--bootstrap-servers", platform.bootstrapServers(), "--schema-registry-url",
                platform.schemaRegistryUrl(), "--topic-prefix", platform.options().topicPrefix(), "--log-format", "json"));
        ChildProcess c = ChildProcess.start(name, all);
        children.add(c);
        return c;
    }

    @Test
    void jsonLogsOfTopologyAndRunnerProcessesCarryLevelLoggerConfigurationAndTaskIds() throws Exception {
        ChildProcess runner = child("json-runner", List.of("runner", "--group-id", platform.options().applicationId() + "-runners"));
        runner.awaitOutput("step runner serving namespaces", LONG);
        Path state = Files.createTempDirectory("logfmt-state");
        ChildProcess topology = child("json-topology", List.of("topology", "--application-id", platform.options().applicationId(),
                "--state-dir", state.toString(), "--http-port", "0", "--http-auth", "off"));
        TaskerClient client = new TaskerClient(topology.awaitOutput("topology instance serving (http://\\S+)", LONG));
        E2E.awaitTemplates(client, "order_fulfillment_flaky");

        // fetch_cart of the flaky order fails its first attempt: the runner logs that attempt at INFO
        TaskerClient.Response submitted = client.submit("ecommerce", "order_fulfillment_flaky",
                JSON.readTree(Examples.sampleContext(1)), null);
        assertThat(submitted.status()).isEqualTo(202);
        String taskId = submitted.body().path("task_id").asText();
        assertThat(E2E.awaitFinished(client, taskId).path("state").asText()).isEqualTo("complete");

        List<JsonNode> runnerLines = jsonLines(runner);
        List<JsonNode> topologyLines = jsonLines(topology);
        assertThat(configLines(topologyLines)).singleElement().satisfies(l -> assertThat(l.path("formattedMessage").asText())
                .startsWith("topology configuration: TopologyConfig[").contains("applicationId=" + platform.options().applicationId()));
        assertThat(configLines(runnerLines)).singleElement().satisfies(l -> assertThat(l.path("formattedMessage").asText())
                .startsWith("step runner configuration: RunnerConfig[").contains("namespaces="));
        assertThat(runnerLines).anySatisfy(l -> {
            assertThat(l.path("formattedMessage").asText()).contains("attempt 1 failed");
            assertThat(l.path("mdc").path(LogKeys.TASK_ID).asText()).isEqualTo(taskId);
            assertThat(l.path("mdc").path(LogKeys.STEP_NAME).asText()).isEqualTo("fetch_cart");
            assertThat(l.path("mdc").path(LogKeys.ATTEMPT).asText()).isEqualTo("1");
        });
    }

    private static List<JsonNode> configLines(List<JsonNode> lines) {
        return lines.stream().filter(l -> l.path("loggerName").asText().equals(LogKeys.CONFIG_LOGGER)).toList();
    }

    /**
     * The child's log lines, each parsed as JSON with a level and a logger. Its output also holds the command's own
     * status lines (stderr, merged by {@link ChildProcess}); a line in the text log format there would fail.
     */
    private static List<JsonNode> jsonLines(ChildProcess child) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : child.output().lines().toList()) {
            assertThat(line).as("a text-format log line in " + child.log()).doesNotMatch("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*");
            assertThat(line).as("logback's own status in " + child.log()).doesNotContain("|-INFO", "|-WARN");
            if (!line.startsWith("{")) continue;
            JsonNode json = JSON.readTree(line);
            assertThat(json.path("level").asText()).as(line).isNotEmpty();
            assertThat(json.path("loggerName").asText()).as(line).isNotEmpty();
            out.add(json);
        }
        return out;
    }
}
