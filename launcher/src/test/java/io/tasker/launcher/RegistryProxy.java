package io.tasker.launcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A schema registry outage without touching the suite's shared registry: clients are given this proxy's URL, and
 * while {@link #down(boolean)} is set it answers every request with 503 (as a registry behind a load balancer does
 * while its backends are down).
 */
final class RegistryProxy implements AutoCloseable {
    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "host", "transfer-encoding", "upgrade");
    private final HttpServer server;
    private final String target;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicLong refused = new AtomicLong();

    private RegistryProxy(String target) throws IOException {
        this.target = target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    static RegistryProxy start(String target) throws IOException {
        return new RegistryProxy(target);
    }

    /** The target's path under this proxy, e.g. {@code http://127.0.0.1:1234/apis/ccompat/v7}. */
    String url() {
        URI t = URI.create(target);
        return "http://127.0.0.1:" + server.getAddress().getPort() + (t.getPath() == null ? "" : t.getPath());
    }

    void down(boolean isDown) {
        down.set(isDown);
    }

    /** Requests answered 503 while down. */
    long refused() {
        return refused.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (down.get()) {
                refused.incrementAndGet();
                reply(ex, 503, "{\"error_code\":50301,\"message\":\"registry unavailable (injected outage)\"}".getBytes());
                return;
            }
            URI base = URI.create(target);
            String path = ex.getRequestURI().getRawPath();
            String query = ex.getRequestURI().getRawQuery();
            URI uri = URI.create(base.getScheme() + "://" + base.getAuthority() + path + (query == null ? "" : "?" + query));
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            ex.getRequestHeaders().forEach((k, vs) -> {
                if (!HOP_HEADERS.contains(k.toLowerCase())) vs.forEach(v -> b.header(k, v));
            });
            HttpResponse<byte[]> r;
            try {
                r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reply(ex, 502, new byte[0]);
                return;
            }
            r.headers().map().forEach((k, vs) -> {
                if (!HOP_HEADERS.contains(k.toLowerCase()) && !k.startsWith(":")) ex.getResponseHeaders().put(k, vs);
            });
            reply(ex, r.statusCode(), r.body());
        }
    }

    private static void reply(HttpExchange ex, int status, byte[] body) throws IOException {
        if (!ex.getResponseHeaders().containsKey("Content-Type")) ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
