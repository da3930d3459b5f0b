package io.tasker.launcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * An in-process OTLP/HTTP receiver that accepts and counts what is exported ({@code /v1/traces}, {@code /v1/metrics},
 * {@code /v1/logs}) and keeps nothing: the benchmark's "exporting" mode measures the cost of recording, batching,
 * encoding and sending without a real collector's own load on the same cores. Answers every export with an empty
 * success message, as a collector does.
 */
final class OtlpSink implements AutoCloseable {
    /** What one signal path received. */
    record Received(long requests, long bytes) {
    }

    private final HttpServer server;
    private final Map<String, LongAdder[]> counts = new ConcurrentHashMap<>();

    private OtlpSink(HttpServer server) {
        this.server = server;
    }

    static OtlpSink start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        OtlpSink sink = new OtlpSink(server);
        server.createContext("/v1/", sink::handle);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "otlp-sink");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return sink;
    }

    /** The base URL to give as OTLP endpoint ({@code http://127.0.0.1:PORT}). */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    Received received(String signal) {
        LongAdder[] c = counts.get("/v1/" + signal);
        return c == null ? new Received(0, 0) : new Received(c[0].sum(), c[1].sum());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            long bytes = in.transferTo(java.io.OutputStream.nullOutputStream());
            LongAdder[] c = counts.computeIfAbsent(exchange.getRequestURI().getPath(), k -> new LongAdder[]{new LongAdder(), new LongAdder()});
            c[0].increment();
            c[1].add(bytes);
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
