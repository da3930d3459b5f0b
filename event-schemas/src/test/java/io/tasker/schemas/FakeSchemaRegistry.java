package io.tasker.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal in-process Confluent-API registry for unit tests: register, lookup and get-by-id, with request
 * counting and injectable failures.
 */
public final class FakeSchemaRegistry implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, Integer> idsByText = new ConcurrentHashMap<>();
    private final Map<Integer, String> textsById = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    final AtomicInteger registrations = new AtomicInteger();
    final AtomicInteger lookups = new AtomicInteger();
    final AtomicInteger fetches = new AtomicInteger();
    private volatile int failStatus;
    private volatile String failBody;

    public FakeSchemaRegistry() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The id the next new schema gets. */
    void nextId(int id) {
        nextId.set(id);
    }

    /** Every following request is answered with this status and body. */
    public void failWith(int status, String body) {
        failBody = body;
        failStatus = status;
    }

    synchronized int registerDirectly(String subject, String schemaText) {
        int id = idsByText.computeIfAbsent(schemaText, t -> {
            int n = nextId.getAndIncrement();
            textsById.put(n, t);
            return n;
        });
        List<Integer> versions = idsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(id)) {
            versions.add(id);
        }
        return id;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (failStatus != 0) {
                respond(ex, failStatus, failBody);
                return;
            }
            String path = ex.getRequestURI().getRawPath();
            String method = ex.getRequestMethod();
            String[] parts = path.substring(1).split("/");
            if (method.equals("GET") && parts.length == 3 && parts[0].equals("schemas") && parts[1].equals("ids")) {
                fetches.incrementAndGet();
                String text = textsById.get(Integer.parseInt(parts[2]));
                if (text == null) {
                    respond(ex, 404, "{\"error_code\":40403,\"message\":\"Schema " + parts[2] + " not found\"}");
                } else {
                    respond(ex, 200, JSON.createObjectNode().put("schema", text).toString());
                }
                return;
            }
            if (method.equals("POST") && parts[0].equals("subjects")) {
                String subject = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
                JsonNode body = JSON.readTree(ex.getRequestBody());
                String text = body.get("schema").asText();
                if (parts.length == 3 && parts[2].equals("versions")) {
                    registrations.incrementAndGet();
                    respond(ex, 200, "{\"id\":" + registerDirectly(subject, text) + "}");
                    return;
                }
                if (parts.length == 2) {
                    lookups.incrementAndGet();
                    Integer id = idsByText.get(text);
                    List<Integer> versions = idsBySubject.get(subject);
                    if (versions == null) {
                        respond(ex, 404, "{\"error_code\":40401,\"message\":\"Subject '" + subject + "' not found.\"}");
                    } else if (id == null || !versions.contains(id)) {
                        respond(ex, 404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
                    } else {
                        respond(ex, 200, JSON.createObjectNode().put("subject", subject).put("id", id)
                                .put("version", versions.indexOf(id) + 1).put("schema", text).toString());
                    }
                    return;
                }
            }
            respond(ex, 404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");
        }
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
