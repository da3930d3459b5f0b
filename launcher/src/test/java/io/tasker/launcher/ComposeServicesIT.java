package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasker.examples.Examples;
import io.tasker.examples.subscribers.ExampleSubscribers;
import io.tasker.infra.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Tasker services of docker-compose.yml, without Docker: each runs as a child JVM with the command and the
 * environment its service has in the compose file, only the addresses changed to the suite's broker and registry,
 * free local ports, temporary directories and an in-process OTLP receiver per service. SASL is left out (the suite's
 * broker is plaintext; the security settings are checked by ComposeFileTest and the Kafka security ITs).
 * Proves what ComposeFileTest cannot: that environment alone starts each command, the URLs the compose health checks
 * probe answer 200, the two topology instances answer for each other's tasks, the runner runs the example workflow,
 * the example subscribers receive its events, and every service exports traces.
 */
class ComposeServicesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(180);
    private static final List<String> SERVICES = List.of("topology-1", "topology-2", "runner", "subscribers");

    static Platform platform;
    static final Map<String, ChildProcess> children = new LinkedHashMap<>();
    static final Map<String, String> healthUrls = new LinkedHashMap<>();
    static final Map<String, Integer> ports = new LinkedHashMap<>();
    static final Map<String, OtlpSink> sinks = new LinkedHashMap<>();
    static Path subscribersData;

    @BeforeAll
    static void startTheComposeServices() throws Exception {
        platform = Platform.infrastructure(E2E.options("compose"), Examples.templates(null));
        Path root = ComposeCheck.repositoryRoot();
        ComposeCheck compose = new ComposeCheck(root, ComposeCheck.readCompose(root));
        assertThat(compose.ourServices()).containsExactlyInAnyOrderElementsOf(SERVICES);
        Path work = Files.createDirectories(ChildProcess.moduleDir().resolve("target/compose-services/" + platform.options().applicationId()));
        for (String service : SERVICES) {
            Map<String, String> env = new LinkedHashMap<>(compose.environment(service));
            env.keySet().removeIf(v -> v.startsWith("TASKER_KAFKA_")); // SASL: not on the suite's plaintext broker
            env.put("TASKER_BOOTSTRAP_SERVERS", platform.bootstrapServers());
            env.put("TASKER_SCHEMA_REGISTRY_URL", platform.schemaRegistryUrl());
            env.put("TASKER_TOPIC_PREFIX", platform.options().topicPrefix());
            OtlpSink sink = OtlpSink.start();
            sinks.put(service, sink);
            env.put("TASKER_OTEL_ENDPOINT", sink.endpoint());
            int port = Ports.free();
            ports.put(service, port);
            for (String v : List.copyOf(env.keySet())) {
                if (v.endsWith("_HTTP_PORT")) env.put(v, Integer.toString(port));
                if (v.endsWith("_DIR")) env.put(v, Files.createDirectories(work.resolve(service + v.toLowerCase())).toString());
            }
            if (service.startsWith("topology")) {
                env.put("TASKER_TOPOLOGY_APPLICATION_ID", platform.options().applicationId());
                // TODO(CONTRACT12): the compose token file and auth are proved by the HTTP auth ITs; here the API is open
                // and instances find each other on this machine (compose: the service name)
                env.put("TASKER_TOPOLOGY_HTTP_AUTH", "off");
                env.remove("TASKER_TOPOLOGY_HTTP_TOKENS_FILE");
                env.put("TASKER_TOPOLOGY_ADVERTISED_HOST", "127.0.0.1");
            }
            if (service.equals("runner")) env.put("TASKER_RUNNER_GROUP_ID", platform.options().applicationId() + "-runner");
            if (service.equals("subscribers")) subscribersData = Path.of(env.get("TASKER_EXAMPLES_SUBSCRIBERS_DATA_DIR"));
            URI probe = URI.create(compose.healthcheckUrl(service).orElseThrow());
            healthUrls.put(service, "http://127.0.0.1:" + port + probe.getPath());
            children.put(service, ChildProcess.start("compose-" + service, compose.command(service), env));
        }
    }

    @AfterAll
    static void stop() {
        children.values().forEach(ChildProcess::close);
        sinks.values().forEach(OtlpSink::close);
        if (platform != null) platform.close();
    }

    private static int status(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void theServicesStartFromTheirComposeEnvironmentGetHealthyAndRunATaskEndToEnd() throws Exception {
        for (String service : SERVICES) {
            ChildProcess child = children.get(service);
            await("the compose healthcheck of " + service + " (" + healthUrls.get(service) + ", log " + child.log() + ")")
                    .atMost(START).pollInterval(Duration.ofMillis(500)).until(() -> {
                        if (!child.isAlive()) throw new IllegalStateException(service + " exited:\n" + child.output());
                        return status(healthUrls.get(service)) == 200;
                    });
        }
        TaskerClient first = new TaskerClient("http://127.0.0.1:" + ports.get("topology-1"));
        TaskerClient second = new TaskerClient("http://127.0.0.1:" + ports.get("topology-2"));
        E2E.awaitTemplates(first, "order_fulfillment");

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            TaskerClient.Response r = (i % 2 == 0 ? first : second).submit("ecommerce", "order_fulfillment",
                    JSON.readTree(Examples.sampleContext(i)), null);
            assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(202);
            ids.add(r.body().get("task_id").asText());
        }
        Map<String, JsonNode> finished = E2E.awaitAllTerminal(first, ids, START);
        finished.forEach((id, task) -> assertThat(task.path("state").asText()).as(task.toString()).isEqualTo("complete"));
        for (String id : ids) {
            TaskerClient.Response viaOther = second.task(id);
            assertThat(viaOther.status()).as("topology-2 answers for task %s wherever it lives", id).isEqualTo(200);
            assertThat(viaOther.body().path("state").asText()).isEqualTo("complete");
        }

        Path audit = subscribersData.resolve(ExampleSubscribers.AUDIT_FILE);
        await("the audit subscriber wrote every task's events to " + audit).atMost(START).pollInterval(Duration.ofMillis(500))
                .until(() -> Files.exists(audit) && ids.stream().allMatch(id -> {
                    try {
                        return Files.readString(audit).contains(id);
                    } catch (java.io.IOException e) {
                        return false;
                    }
                }));
        for (String service : SERVICES) {
            await(service + " exported traces to its OTLP endpoint").atMost(START).pollInterval(Duration.ofMillis(500))
                    .until(() -> sinks.get(service).received("traces").requests() > 0);
        }
    }
}
