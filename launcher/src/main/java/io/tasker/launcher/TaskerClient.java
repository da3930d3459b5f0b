package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasker.launcher.cli.ApiClient;

/**
 * Convenience calls of the topology's HTTP API for the launcher commands and the end-to-end tests, over the
 * CLI's {@link ApiClient} (503 answers are retried there, honouring Retry-After). Answers come back with their
 * status, whatever it is; an unreachable server throws. Thread-safe.
 */
public final class TaskerClient {
    /** An HTTP answer: status and parsed body (a JSON null node when empty). */
    public record Response(int status, JsonNode body) {
    }

    private final ApiClient api;

    public TaskerClient(String baseUrl) {
        this(baseUrl, null);
    }

    /** @param token bearer token of the HTTP API, null when authentication is off */
    public TaskerClient(String baseUrl, String token) {
        this.api = new ApiClient(baseUrl, token);
    }

    public Response submit(String namespace, String template, JsonNode context, String idempotencyKey) {
        ObjectNode body = ApiClient.JSON.createObjectNode().put("namespace", namespace).put("template", template);
        body.set("context", context);
        if (idempotencyKey != null) body.put("idempotency_key", idempotencyKey);
        return send("POST", "/v1/tasks", body);
    }

    public Response task(String taskId) {
        return get("/v1/tasks/" + ApiClient.segment(taskId));
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    private Response send(String method, String path, JsonNode body) {
        ApiClient.Reply r = api.exchange(method, path, body);
        return new Response(r.status(), r.body());
    }

    public String baseUrl() {
        return api.baseUrl();
    }
}
