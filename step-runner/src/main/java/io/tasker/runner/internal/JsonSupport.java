package io.tasker.runner.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

/** The runner's shared Jackson mapper (thread-safe) and parsing helpers. Internal. */
public final class JsonSupport {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonSupport() {
    }

    /**
     * Parses JSON text; {@code null} or blank text gives {@code fallback}.
     *
     * @throws IllegalArgumentException naming {@code what} if the text is not valid JSON
     */
    public static JsonNode parse(String text, String what, JsonNode fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            return node == null ? NullNode.getInstance() : node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Serializes a tree to compact JSON text. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize JSON: " + e.getOriginalMessage(), e);
        }
    }
}
