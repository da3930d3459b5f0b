package io.tasker.topology.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.tasker.schemas.TaskerLimits;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Request bodies as JSON, read with a hard size cap: a body over {@link TaskerLimits#HTTP_BODY_MAX_BYTES} is a 413
 * naming the limit, whether it declares a Content-Length or is sent chunked. Javalin's {@code http.maxRequestSize}
 * is not enough: it only compares the Content-Length header, so a chunked body of any size would be read into memory.
 */
final class RequestBodies {
    private RequestBodies() {
    }

    /** The body as JSON; with {@code emptyIsObject} an empty body is {@code {}} (commands whose fields are all optional). */
    static JsonNode json(Context ctx, boolean emptyIsObject) {
        byte[] body = read(ctx, TaskerLimits.HTTP_BODY_MAX_BYTES);
        if (emptyIsObject && new String(body, StandardCharsets.UTF_8).isBlank()) return Json.MAPPER.createObjectNode();
        try {
            return Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw ApiError.badRequest("body is not JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw ApiError.badRequest("body is not JSON: " + e.getMessage());
        }
    }

    /** At most {@code limit} bytes of body: never more is read, so an endless chunked body costs {@code limit + 1} bytes. */
    static byte[] read(Context ctx, int limit) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) throw ApiError.tooLarge("request body", declared, limit);
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) throw ApiError.tooLarge("request body", limit);
            return body;
        } catch (IOException e) {
            throw ApiError.badRequest("request body could not be read: " + e.getMessage());
        }
    }

    /** 413 naming the limit when {@code value}, as the compact JSON the platform stores, is over {@code limit} bytes. */
    static void requireWithin(String what, JsonNode value, int limit) {
        int size = value.toString().getBytes(StandardCharsets.UTF_8).length;
        if (size > limit) throw ApiError.tooLarge(what, size, limit);
    }

    /** A text field, null when absent, null or blank. */
    static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }
}
