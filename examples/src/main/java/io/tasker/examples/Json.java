package io.tasker.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasker.runner.PermanentStepException;

/** Shared mapper and small helpers for the example handlers. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** A required text field, or a permanent failure naming it. */
    static String text(JsonNode node, String field, String where) {
        JsonNode v = node.path(field);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new PermanentStepException(where + ": '" + field + "' must be a non-empty string, was " + v);
        }
        return v.asText();
    }

    /** A required array field, or a permanent failure naming it. */
    static JsonNode array(JsonNode node, String field, String where) {
        JsonNode v = node.path(field);
        if (!v.isArray()) {
            throw new PermanentStepException(where + ": '" + field + "' must be an array, was " + v);
        }
        return v;
    }
}
