package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.tasker.schemas.TaskerLimits;

/**
 * An error answer of the HTTP API: a status and a JSON body {@code {"error": "...", ...}}. Route handlers throw it;
 * {@link HttpApi} writes it, so every error has the same shape and a 503 always carries {@code Retry-After}.
 */
final class ApiError extends RuntimeException {
    private final int status;
    private final ObjectNode body;

    private ApiError(int status, String message) {
        super(message, null, false, false); // an answer, not a failure: no stack trace
        this.status = status;
        this.body = Json.MAPPER.createObjectNode().put("error", message);
    }

    static ApiError of(int status, String message) {
        return new ApiError(status, message);
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    static ApiError conflict(String message) {
        return new ApiError(409, message);
    }

    static ApiError unprocessable(String message) {
        return new ApiError(422, message);
    }

    /** 503 with {@code Retry-After}: the answer exists but cannot be given now (stores restoring, rebalancing, Kafka slow). */
    static ApiError unavailable(String message) {
        return new ApiError(503, message);
    }

    /** 413 naming the size and the limit, e.g. "context is 300000 bytes; the limit is 262144 bytes (256 KiB)". */
    static ApiError tooLarge(String what, long size, int limit) {
        return new ApiError(413, what + " is " + size + " bytes; the limit is " + TaskerLimits.describe(limit))
                .with("limit_bytes", limit);
    }

    /** 413 when the size is not known (a chunked body read up to just past the limit). */
    static ApiError tooLarge(String what, int limit) {
        return new ApiError(413, what + " is over the limit of " + TaskerLimits.describe(limit)).with("limit_bytes", limit);
    }

    ApiError with(String field, String value) {
        body.put(field, value);
        return this;
    }

    ApiError with(String field, long value) {
        body.put(field, value);
        return this;
    }

    ApiError with(String field, com.fasterxml.jackson.databind.JsonNode value) {
        body.set(field, value);
        return this;
    }

    int status() {
        return status;
    }

    void writeTo(Context ctx) {
        ApiResponses.json(ctx, status, body.toString());
    }
}
