package io.tasker.topology.internal;

import io.javalin.http.Context;

/** How the HTTP API writes answers: JSON always, and a 503 always with {@code Retry-After}. */
final class ApiResponses {
    static final String JSON = "application/json";

    private ApiResponses() {
    }

    /** Writes a JSON answer; a 503 gets {@code Retry-After} so clients and the CLI know to try again. */
    static void json(Context ctx, int status, String json) {
        if (status == 503) ctx.header("Retry-After", "1");
        ctx.status(status).contentType(JSON).result(json);
    }

    /** {@code {"error": message}} */
    static String errorJson(String message) {
        return Json.MAPPER.createObjectNode().put("error", message).toString();
    }
}
