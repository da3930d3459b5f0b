package io.tasker.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasker.schemas.LogKeys;
import io.tasker.schemas.TaskLogContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import picocli.CommandLine;

class LogFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyLongRunningCommandTakesLogFormatInAnyCase() {
        DevCommand dev = new DevCommand();
        new CommandLine(dev).parseArgs("--log-format", "json");
        assertThat(dev.logFormat.effective()).isEqualTo(LogFormat.JSON);

        ServeCommands.Topology topology = new ServeCommands.Topology();
        new CommandLine(topology).parseArgs("--bootstrap-servers", "b:9092", "--schema-registry-url", "http://r",
                "--state-dir", "/tmp/s", "--log-format", "JSON");
        assertThat(topology.logFormat.effective()).isEqualTo(LogFormat.JSON);

        ServeCommands.Runner runner = new ServeCommands.Runner();
        new CommandLine(runner).parseArgs("--bootstrap-servers", "b:9092", "--schema-registry-url", "http://r",
                "--log-format", "text");
        assertThat(runner.logFormat.effective()).isEqualTo(LogFormat.TEXT);
    }

    @Test
    void anUnknownLogFormatIsAnErrorNamingTheOptionAndTheValue() {
        assertThatThrownBy(() -> new CommandLine(new DevCommand()).parseArgs("--log-format", "xml"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--log-format").hasMessageContaining("'xml'").hasMessageContaining("json or text");
    }

    @Test
    void withoutTheOptionThePropertyThenTheEnvironmentVariableDecideAndTextIsTheDefault() {
        Map<String, String> none = Map.of();
        assertThat(LogFormat.fromEnvironment(none::get, none::get)).isEqualTo(LogFormat.TEXT);
        assertThat(LogFormat.fromEnvironment(none::get, Map.of(LogFormat.ENV, "json")::get)).isEqualTo(LogFormat.JSON);
        assertThat(LogFormat.fromEnvironment(Map.of(LogFormat.PROPERTY, "text")::get, Map.of(LogFormat.ENV, "json")::get))
                .isEqualTo(LogFormat.TEXT);
        assertThatThrownBy(() -> LogFormat.fromEnvironment(none::get, Map.of(LogFormat.ENV, "yaml")::get))
                .hasMessage("TASKER_LOG_FORMAT: 'yaml' is not a log format; use json or text");
    }

    @Test
    void jsonLogsAreOneParseableObjectPerLineWithLevelLoggerThreadMdcMessageAndException() throws Exception {
        List<String> lines = logWith(LogFormat.JSON, log -> {
            try (TaskLogContext ignored = TaskLogContext.open("task-1").correlationId("corr-1").step("charge", 2)) {
                log.warn("step {} failed", "charge", new IllegalStateException("card declined"));
            }
            log.info("outside any task");
        });

        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.path("level").asText()).isEqualTo("WARN");
        assertThat(first.path("loggerName").asText()).isEqualTo("io.tasker.demo");
        assertThat(first.path("threadName").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(first.path("timestamp").asLong()).isPositive();
        assertThat(first.path("formattedMessage").asText()).isEqualTo("step charge failed");
        assertThat(first.path("mdc").path(LogKeys.TASK_ID).asText()).isEqualTo("task-1");
        assertThat(first.path("mdc").path(LogKeys.CORRELATION_ID).asText()).isEqualTo("corr-1");
        assertThat(first.path("mdc").path(LogKeys.STEP_NAME).asText()).isEqualTo("charge");
        assertThat(first.path("mdc").path(LogKeys.ATTEMPT).asText()).isEqualTo("2");
        assertThat(first.path("throwable").path("className").asText()).isEqualTo(IllegalStateException.class.getName());
        assertThat(first.path("throwable").path("message").asText()).isEqualTo("card declined");

        JsonNode second = JSON.readTree(lines.get(1));
        assertThat(second.path("level").asText()).isEqualTo("INFO");
        assertThat(second.path("mdc").has(LogKeys.TASK_ID)).isFalse();
    }

    @Test
    void textLogsNameTheLevelTheLoggerAndTheTask() throws Exception {
        List<String> lines = logWith(LogFormat.TEXT, log -> {
            try (TaskLogContext ignored = TaskLogContext.open("task-9")) {
                log.info("hello");
            }
        });
        assertThat(lines).singleElement().satisfies(l -> assertThat(l).contains(" INFO ", "io.tasker.demo", "task-9", " - hello"));
    }

    @Test
    void theConfigurationLineIsPrintedAtInfoWhileOtherTaskerLoggersStayAtWarn() throws Exception {
        List<String> lines = logInContext(LogFormat.JSON, context -> {
            context.getLogger("io.tasker.topology.Something").info("hidden: io.tasker logs warnings by default");
            context.getLogger(LogKeys.CONFIG_LOGGER).info("topology configuration: {}", "TopologyConfig[...]");
        });
        assertThat(lines).singleElement().satisfies(l -> assertThat(JSON.readTree(l).path("loggerName").asText())
                .isEqualTo(LogKeys.CONFIG_LOGGER));
    }

    @Test
    void secretsInTheMessageAndInExceptionTextsAreMaskedInBothFormats() throws Exception {
        io.tasker.launcher.logging.LogRedaction.install(io.tasker.schemas.redaction.RedactionConfig.fromProperties(
                Map.of(io.tasker.schemas.redaction.RedactionConfig.VALUE_PATTERNS, "/sk_live_\\w+/")));
        try {
            java.util.function.Consumer<Logger> body = log -> log.warn("charging with key {}", "sk_live_msg111",
                    new IllegalStateException("refused Bearer tok-exc222",
                            new java.io.IOException("upstream said api_key=ak-cause333")));
            List<String> json = logWith(LogFormat.JSON, body);
            List<String> text = logWith(LogFormat.TEXT, body);

            JsonNode line = JSON.readTree(json.get(0));
            assertThat(line.path("formattedMessage").asText()).isEqualTo("charging with key ***REDACTED***");
            assertThat(line.path("throwable").path("message").asText()).isEqualTo("refused Bearer ***REDACTED***");
            assertThat(line.path("throwable").path("cause").path("message").asText())
                    .isEqualTo("upstream said api_key=***REDACTED***");
            assertThat(String.join("\n", text)).contains("charging with key ***REDACTED***",
                    "java.lang.IllegalStateException: refused Bearer ***REDACTED***",
                    "Caused by: java.io.IOException: upstream said api_key=***REDACTED***");
            for (List<String> out : List.of(json, text)) {
                assertThat(String.join("\n", out)).doesNotContain("sk_live_msg111", "tok-exc222", "ak-cause333");
            }
        } finally {
            io.tasker.launcher.logging.LogRedaction.install(io.tasker.schemas.redaction.RedactionConfig.defaults());
        }
    }

    interface ContextBody {
        void run(LoggerContext context) throws Exception;
    }

    /** Configures a fresh logback context from the launcher's logback.xml and returns what it wrote to stdout. */
    private static List<String> logWith(LogFormat format, java.util.function.Consumer<Logger> body) throws Exception {
        return logInContext(format, context -> {
            context.getLogger("io.tasker.demo").setLevel(ch.qos.logback.classic.Level.INFO);
            body.accept(context.getLogger("io.tasker.demo"));
        });
    }

    private static List<String> logInContext(LogFormat format, ContextBody body) throws Exception {
        LoggerContext context = new LoggerContext();
        // the lines must see what TaskLogContext puts through SLF4J's MDC, as in the real (provider-made) context
        context.setMDCAdapter(org.slf4j.MDC.getMDCAdapter());
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            format.configure(context, LogFormat.class.getResource(LogFormat.CONFIG_RESOURCE));
            body.run(context);
        } finally {
            context.stop();
            System.setOut(stdout);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
