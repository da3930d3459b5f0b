package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasker.templates.ContextValidator;
import io.tasker.templates.TaskTemplate;

import java.util.List;

/**
 * The task context {@code tasker bench --template-file} submits when no {@code --context-file} is given: {@code {}} if
 * the template's {@code input_schema} accepts it, otherwise the smallest context built from the schema (each required
 * property from its {@code default}, {@code const}, first {@code enum} value or first example, else the least value of
 * its type). Refused with an error asking for {@code --context-file} when the schema accepts neither.
 */
final class DefaultContext {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 16;

    private DefaultContext() {
    }

    /**
     * @throws IllegalArgumentException naming the template, the schema's complaint and {@code --context-file}
     */
    static JsonNode forTemplate(TaskTemplate template) {
        ContextValidator validator = ContextValidator.forTemplate(template);
        ObjectNode empty = JSON.objectNode();
        if (validator.validate(empty).isEmpty()) return empty;
        JsonNode minimal = minimal(template.inputSchema(), 0);
        List<String> problems = validator.validate(minimal);
        if (problems.isEmpty()) return minimal;
        throw new IllegalArgumentException(template.key() + ": its input_schema accepts neither {} nor the smallest context"
                + " made from it (" + String.join("; ", problems) + "); pass --context-file FILE.json with a valid context");
    }

    /** The least value {@code schema} describes, as far as a simple reading of it goes (validated by the caller). */
    static JsonNode minimal(JsonNode schema, int depth) {
        if (schema == null || !schema.isObject() || depth > MAX_DEPTH) return JSON.objectNode();
        if (schema.has("default")) return schema.get("default").deepCopy();
        if (schema.has("const")) return schema.get("const").deepCopy();
        if (schema.path("enum").isArray() && !schema.get("enum").isEmpty()) return schema.get("enum").get(0).deepCopy();
        if (schema.path("examples").isArray() && !schema.get("examples").isEmpty()) return schema.get("examples").get(0).deepCopy();
        switch (type(schema)) {
            case "string" -> {
                return JSON.textNode("x".repeat(Math.max(1, schema.path("minLength").asInt(1))));
            }
            case "integer", "number" -> {
                if (schema.has("minimum")) return schema.get("minimum").deepCopy();
                if (schema.has("exclusiveMinimum")) return JSON.numberNode(schema.get("exclusiveMinimum").asLong() + 1);
                return JSON.numberNode(1);
            }
            case "boolean" -> {
                return JSON.booleanNode(false);
            }
            case "null" -> {
                return JSON.nullNode();
            }
            case "array" -> {
                ArrayNode a = JSON.arrayNode();
                for (int i = 0; i < schema.path("minItems").asInt(0); i++) a.add(minimal(schema.get("items"), depth + 1));
                return a;
            }
            default -> {
                ObjectNode o = JSON.objectNode();
                for (JsonNode required : schema.path("required")) {
                    o.set(required.asText(), minimal(schema.path("properties").get(required.asText()), depth + 1));
                }
                return o;
            }
        }
    }

    /** The schema's type; the first non-null one of a list; {@code object} when it declares none. */
    private static String type(JsonNode schema) {
        JsonNode t = schema.get("type");
        if (t == null) return "object";
        if (t.isTextual()) return t.asText();
        for (JsonNode one : t) if (!"null".equals(one.asText())) return one.asText();
        return t.isEmpty() ? "object" : t.get(0).asText();
    }
}
