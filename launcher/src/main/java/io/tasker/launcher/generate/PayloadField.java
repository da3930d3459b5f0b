package io.tasker.launcher.generate;

import java.util.Objects;

/**
 * A payload field a subscriber handler reads: its JSON key and type, from an event's contract.
 *
 * @param key         the JSON key (top level of the payload)
 * @param type        its JSON type
 * @param description what it holds; may be null
 */
public record PayloadField(String key, JsonType type, String description) {
    /** The JSON types a generated accessor distinguishes. */
    public enum JsonType {
        STRING, INTEGER, NUMBER, BOOLEAN,
        /** an object, an array, or no single type: read as a {@code JsonNode} */
        TREE
    }

    public PayloadField {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
    }

    /** The accessor line of a generated handler, e.g. {@code long totalCents = e.getLong("total_cents", 0L);}. */
    String accessor(String variable) {
        String k = JavaNames.literal(key);
        return switch (type) {
            case STRING -> "String " + variable + " = e.getString(" + k + ", null);";
            case INTEGER -> "long " + variable + " = e.getLong(" + k + ", 0L);";
            case NUMBER -> "double " + variable + " = e.getDouble(" + k + ", 0.0);";
            case BOOLEAN -> "boolean " + variable + " = e.getBoolean(" + k + ", false);";
            case TREE -> "JsonNode " + variable + " = e.payloadTree().path(" + k + ");";
        };
    }
}
