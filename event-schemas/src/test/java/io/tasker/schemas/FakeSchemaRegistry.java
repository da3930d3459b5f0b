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
    private volatile String requiredAuthorization;
    /** The Authorization header of the last request; null when it had none. */
    final java.util.concurrent.atomic.AtomicReference<String> lastAuthorization = new java.util.concurrent.atomic.AtomicReference<>();
    private final String scheme;

    public FakeSchemaRegistry() {
        this(null);
    }

    private FakeSchemaRegistry(javax.net.ssl.SSLContext tls) {
        try {
            InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            if (tls == null) {
                server = HttpServer.create(at, 0);
            } else {
                com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(at, 0);
                https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
                server = https;
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        scheme = tls == null ? "http" : "https";
        server.createContext("/", this::handle);
        server.start();
    }

    /** A registry served over TLS with {@code tls}'s key (its certificate must name 127.0.0.1). */
    public static FakeSchemaRegistry https(javax.net.ssl.SSLContext tls) {
        return new FakeSchemaRegistry(java.util.Objects.requireNonNull(tls));
    }

    public String url() {
        return scheme + "://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every following request without exactly this Authorization header is answered 401. */
    public void requireAuthorization(String header) {
        requiredAuthorization = header;
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
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            lastAuthorization.set(auth);
            if (requiredAuthorization != null && !requiredAuthorization.equals(auth)) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"registry\"");
                respond(ex, 401, "{\"error_code\":401,\"message\":\"Unauthorized\"}");
                return;
            }
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
