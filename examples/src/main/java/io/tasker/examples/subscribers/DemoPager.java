package io.tasker.examples.subscribers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pager the demo's {@link Alerting} subscriber posts to: a local HTTP endpoint ({@code POST /alerts}) that stores
 * accepted alerts as JSON lines in a file and is deliberately unreliable, so retries and the dead-letter topic show:
 * it answers {@code 503} to the first attempt of every alert (the subscriber retries it), and it is down for the first
 * {@value #DOWN_ATTEMPTS} attempts of every third distinct alert (the subscriber's 3 attempts fail and it dead-letters
 * the alert; replayed from the dead-letter topic, the alert is accepted). A repeated alert id that was already
 * accepted is acknowledged without being stored twice. Thread-safe.
 */
public final class DemoPager implements AutoCloseable {
    /** Every {@value}-th distinct alert is refused for its first {@link #DOWN_ATTEMPTS} attempts. */
    public static final int DOWN_FOR_EVERY = 3;
    public static final int DOWN_ATTEMPTS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Path file;
    private final Map<String, Integer> attempts = new HashMap<>();
    private final Map<String, Integer> arrival = new HashMap<>();
    private final List<JsonNode> accepted = new ArrayList<>();

    private DemoPager(Path file) throws IOException {
        this.file = file;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/alerts", this::handle);
        server.start();
    }

    /** Starts a pager on a free loopback port, storing accepted alerts in {@code file}. */
    public static DemoPager start(Path file) throws IOException {
        return new DemoPager(file);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/alerts");
    }

    /** The alerts accepted so far, in order. */
    public synchronized List<JsonNode> accepted() {
        return List.copyOf(accepted);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("POST")) {
                reply(ex, 405, "POST alerts here");
                return;
            }
            JsonNode alert;
            try {
                alert = JSON.readTree(ex.getRequestBody());
            } catch (IOException e) {
                reply(ex, 400, "not JSON: " + e.getMessage());
                return;
            }
            String id = alert == null ? "" : alert.path("alert_id").asText("");
            if (id.isEmpty()) {
                reply(ex, 400, "alert_id is required");
                return;
            }
            int[] status = {0};
            String body = decide(id, alert, status);
            reply(ex, status[0], body);
        }
    }

    private synchronized String decide(String id, JsonNode alert, int[] status) throws IOException {
        int attempt = attempts.merge(id, 1, Integer::sum);
        int n = arrival.computeIfAbsent(id, k -> arrival.size() + 1);
        if (n % DOWN_FOR_EVERY == 0 && attempt <= DOWN_ATTEMPTS) {
            status[0] = 503;
            return "pager down";
        }
        if (attempt == 1) {
            status[0] = 503;
            return "pager busy, try again";
        }
        if (accepted.stream().noneMatch(a -> a.path("alert_id").asText().equals(id))) {
            accepted.add(alert);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, JSON.writeValueAsString(alert) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        }
        status[0] = 202;
        return "accepted";
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
