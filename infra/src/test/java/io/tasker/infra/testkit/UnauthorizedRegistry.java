package io.tasker.infra.testkit;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A schema registry on a free loopback port that answers every request with HTTP 401 and a Confluent error body,
 * as a real registry does to wrong credentials: for start-up tests that a component stops with a clear error and
 * never shows the secret. Close it to free the port.
 */
public final class UnauthorizedRegistry implements AutoCloseable {
    private static final byte[] BODY = "{\"error_code\":401,\"message\":\"Unauthorized\"}".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;

    private UnauthorizedRegistry(HttpServer server) {
        this.server = server;
    }

    /** Starts one; it serves until {@link #close()}. */
    public static UnauthorizedRegistry start() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the unauthorized test registry", e);
        }
        server.createContext("/", ex -> {
            ex.sendResponseHeaders(401, BODY.length);
            ex.getResponseBody().write(BODY);
            ex.close();
        });
        server.start();
        return new UnauthorizedRegistry(server);
    }

    /** Its base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
