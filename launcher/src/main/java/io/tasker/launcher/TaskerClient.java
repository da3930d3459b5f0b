package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small client of the topology's HTTP API, used by the launcher commands and the end-to-end tests. Thread-safe. */
public final class TaskerClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An HTTP answer: status and parsed body (null if not JSON). */
    public record Response(int status, JsonNode body) {
    }

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public TaskerClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public Response submit(String namespace, String template, JsonNode context, String idempotencyKey) {
        ObjectNode body = JSON.createObjectNode().put("namespace", namespace).put("template", template);
        body.set("context", context);
        if (idempotencyKey != null) body.put("idempotency_key", idempotencyKey);
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/tasks"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    public Response task(String taskId) {
        return get("/v1/tasks/" + taskId);
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build());
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = r.body().isEmpty() ? null : JSON.readTree(r.body());
            } catch (IOException notJson) {
                body = JSON.createObjectNode().put("raw", r.body());
            }
            return new Response(r.statusCode(), body);
        } catch (IOException e) {
            throw new UncheckedIOException("HTTP " + request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public String baseUrl() {
        return baseUrl;
    }
}
