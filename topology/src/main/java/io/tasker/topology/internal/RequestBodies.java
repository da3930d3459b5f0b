package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;

import java.io.IOException;

/** Request bodies as JSON, with a 400 naming the parse error when they are not. */
final class RequestBodies {
    private RequestBodies() {
    }

    /** The body as JSON; with {@code emptyIsObject} an empty body is {@code {}} (commands whose fields are all optional). */
    static JsonNode json(Context ctx, boolean emptyIsObject) {
        String body = ctx.body();
        if (emptyIsObject && body.isBlank()) return Json.MAPPER.createObjectNode();
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw ApiError.badRequest("body is not JSON: " + e.getMessage());
        }
    }

    /** A text field, null when absent, null or blank. */
    static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }
}
