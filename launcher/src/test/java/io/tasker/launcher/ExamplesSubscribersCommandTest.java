package io.tasker.launcher;

import com.sun.net.httpserver.HttpServer;
import io.tasker.examples.subscribers.ExampleSubscribers;
import io.tasker.subscriber.Health;
import io.tasker.subscriber.SubscriberConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class ExamplesSubscribersCommandTest {

    @Test
    void theCommandTakesTheServeCommandsSharedOptionsFromTheEnvironmentAndGivesThemToEverySubscriber() {
        CommandLine cli = Main.commandLine(Map.of(
                "TASKER_BOOTSTRAP_SERVERS", "kafka:9092",
                "TASKER_SCHEMA_REGISTRY_URL", "http://registry:8080/apis/ccompat/v7",
                "TASKER_TOPIC_PREFIX", "t1.",
                "TASKER_REDACTION_MASK", "###",
                "TASKER_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "TASKER_KAFKA_SASL_MECHANISM", "PLAIN",
                "TASKER_EXAMPLES_SUBSCRIBERS_DATA_DIR", "/data",
                "TASKER_EXAMPLES_SUBSCRIBERS_HTTP_PORT", "9292",
                "TASKER_EXAMPLES_SUBSCRIBERS_SHUTDOWN_TIMEOUT_MS", "1234"));
        var parsed = cli.parseArgs("examples-subscribers").subcommand();
        ExamplesSubscribersCommand command = (ExamplesSubscribersCommand) parsed.commandSpec().userObject();
        assertThat(command.httpPort).isEqualTo(9292);
        assertThat(command.dataDir).isEqualTo(Path.of("/data"));
        assertThat(command.pagerUrl).as("default: the in-process demo pager").isNull();
        for (ExampleSubscribers.Example ex : ExampleSubscribers.all(command.dataDir, URI.create("http://pager/alerts"))) {
            SubscriberConfig config = command.config(ex, io.opentelemetry.api.OpenTelemetry.noop());
            assertThat(config.subscriberName()).isEqualTo(ex.subscriber().name());
            assertThat(config.bootstrapServers()).isEqualTo("kafka:9092");
            assertThat(config.schemaRegistryUrl()).isEqualTo("http://registry:8080/apis/ccompat/v7");
            assertThat(config.topics().prefix()).isEqualTo("t1.");
            assertThat(config.redaction().mask()).isEqualTo("###");
            assertThat(config.kafkaOverrides()).containsEntry("security.protocol", "SASL_PLAINTEXT").containsEntry("sasl.mechanism", "PLAIN");
        }
    }

    @Test
    void healthIs200WhileEverySubscriberIsHealthyAnd503NamingTheOneThatIsNot() throws Exception {
        AtomicReference<Health> alerting = new AtomicReference<>(new Health(true, "consuming"));
        Map<String, Supplier<Health>> states = new LinkedHashMap<>();
        states.put("audit", () -> new Health(true, "consuming"));
        states.put("alerting", alerting::get);
        HttpServer server = ExamplesSubscribersCommand.healthServer("127.0.0.1", 0, states);
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health")).build();
            HttpResponse<String> up = http.send(get, HttpResponse.BodyHandlers.ofString());
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.body()).isEqualTo("{\"status\":\"UP\",\"subscribers\":{\"audit\":\"consuming\",\"alerting\":\"consuming\"}}");
            alerting.set(new Health(false, "dead-letter topic tasker.dlq.alerting unwritable"));
            HttpResponse<String> down = http.send(get, HttpResponse.BodyHandlers.ofString());
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("\"status\":\"DOWN\"").contains("\"alerting\":\"dead-letter topic tasker.dlq.alerting unwritable\"");
        } finally {
            server.stop(0);
        }
    }
}
