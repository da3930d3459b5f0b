package io.tasker.launcher;

import com.sun.net.httpserver.HttpServer;
import io.tasker.examples.subscribers.DemoPager;
import io.tasker.examples.subscribers.ExampleSubscribers;
import io.tasker.subscriber.Health;
import io.tasker.subscriber.SubscriberConfig;
import io.tasker.subscriber.SubscriberRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code tasker examples-subscribers}: the example subscribers of {@code tasker dev} (audit, order notifications,
 * alerting) as a standalone process against a real cluster, e.g. one service of the docker-compose deployment.
 */
@Command(name = "examples-subscribers", mixinStandardHelpOptions = true,
        description = "Run the example subscribers (audit, order-notifications, alerting) until stopped; with "
                + "--http-port, GET /health answers 200 while every one of them is healthy, else 503 naming why.")
final class ExamplesSubscribersCommand extends ServeCommands.Common {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    @Option(names = "--data-dir", defaultValue = "subscribers-data",
            description = "Where the audit trail, the order notifications and the demo pager's alerts are written. Default: ${DEFAULT-VALUE}")
    Path dataDir;
    @Option(names = "--pager-url", paramLabel = "URL",
            description = "Where the alerting subscriber posts alerts. Default: an in-process demo pager (deliberately unreliable, so retries and the dead-letter topic show)")
    String pagerUrl;
    @Option(names = "--http-port", defaultValue = "-1",
            description = "Port of GET /health. Default: ${DEFAULT-VALUE} (off); 0 = a free port")
    int httpPort;
    @Option(names = "--http-host", defaultValue = "0.0.0.0", description = "Default: ${DEFAULT-VALUE}")
    String httpHost;
    @Option(names = "--shutdown-timeout-ms", defaultValue = "5000",
            description = "How long in-flight events may finish when stopping. Default: ${DEFAULT-VALUE}")
    long shutdownTimeoutMs;

    /** The SDK config of one example subscriber, reporting its spans and metrics to {@code otel}. */
    SubscriberConfig config(ExampleSubscribers.Example example, io.opentelemetry.api.OpenTelemetry otel) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(SubscriberConfig.SUBSCRIBER_NAME, example.subscriber().name());
        values.put(SubscriberConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        values.put(SubscriberConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        values.put(SubscriberConfig.TOPIC_PREFIX, topicPrefix);
        values.put(SubscriberConfig.SHUTDOWN_TIMEOUT_MS, Long.toString(shutdownTimeoutMs));
        values.putAll(redactionProperties());
        values.putAll(kafkaOptions.settings().toProperties(SubscriberConfig.KAFKA_PREFIX));
        values.putAll(registryOptions.settings().toProperties());
        return SubscriberConfig.fromMap(values, example.config()).withOpenTelemetry(otel);
    }

    @Override
    public Integer call() throws Exception {
        java.io.PrintStream out = startLogging();
        // OTLP export when an endpoint is given (--otel-endpoint, OTEL_EXPORTER_OTLP_ENDPOINT), as topology and runner
        var telemetry = io.tasker.telemetry.TaskerTelemetry.create(otel.serveConfig("tasker-subscribers", System.getenv()));
        DemoPager pager = pagerUrl == null ? DemoPager.start(dataDir.resolve("alerts.jsonl")) : null;
        List<SubscriberRunner> runners = new ArrayList<>();
        HttpServer health = null;
        try {
            java.nio.file.Files.createDirectories(dataDir);
            for (ExampleSubscribers.Example ex : ExampleSubscribers.all(dataDir, pager != null ? pager.url() : URI.create(pagerUrl))) {
                runners.add(SubscriberRunner.start(ex.subscriber(), config(ex, telemetry.openTelemetry())));
            }
            if (httpPort >= 0) {
                Map<String, Supplier<Health>> states = new LinkedHashMap<>();
                runners.forEach(r -> states.put(r.name(), r::health));
                health = healthServer(httpHost, httpPort, states);
                out.println("example subscribers health: http://" + httpHost + ":" + health.getAddress().getPort() + "/health");
            }
        } catch (IOException | RuntimeException e) {
            close(health, runners, pager);
            telemetry.close();
            throw e;
        }
        out.println("example subscribers running: " + runners.stream().map(SubscriberRunner::name).toList()
                + ", writing under " + dataDir.toAbsolutePath());
        HttpServer server = health;
        return serveUntilStopped(() -> {
            close(server, runners, pager);
            telemetry.close(); // after the subscribers: flushes the spans of their last deliveries
        }, "examples-subscribers");
    }

    private static void close(HttpServer health, List<SubscriberRunner> runners, DemoPager pager) {
        if (health != null) health.stop(0);
        runners.forEach(SubscriberRunner::close);
        if (pager != null) pager.close();
    }

    /** {@code GET /health}: 200 when every subscriber is healthy, else 503; the body names each one's state. */
    static HttpServer healthServer(String host, int port, Map<String, Supplier<Health>> subscribers) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/health", exchange -> {
            try (exchange) {
                com.fasterxml.jackson.databind.node.ObjectNode json = JSON.createObjectNode();
                com.fasterxml.jackson.databind.node.ObjectNode states = JSON.createObjectNode();
                boolean up = true;
                for (Map.Entry<String, Supplier<Health>> s : subscribers.entrySet()) {
                    Health h = s.getValue().get();
                    up &= h.healthy();
                    states.put(s.getKey(), h.reason());
                }
                json.put("status", up ? "UP" : "DOWN").set("subscribers", states);
                byte[] body = JSON.writeValueAsBytes(json);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(up ? 200 : 503, body.length);
                try (OutputStream o = exchange.getResponseBody()) {
                    o.write(body);
                }
            }
        });
        server.start();
        return server;
    }
}
