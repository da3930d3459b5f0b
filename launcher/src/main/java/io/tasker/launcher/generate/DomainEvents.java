package io.tasker.launcher.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasker.templates.EventDeclaration;
import io.tasker.templates.StepDefinition;
import io.tasker.templates.TaskTemplate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Domain events as generators see them: fields from the declared JSON Schema, the declared example (or one built). */
final class DomainEvents {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private DomainEvents() {
    }

    static EventSpec spec(TaskTemplate t, StepDefinition step, EventDeclaration d) {
        JsonNode example = d.examples().isEmpty() ? example(d.schema()) : d.examples().get(0);
        return new EventSpec(d.name(), false, d.description(), t.key() + " step " + step.name(), fields(d.schema()),
                example, t.namespace(), t.name(), t.version(), step.name());
    }

    /** The schema's top-level properties, typed; keys with a dot are left out (accessor paths are dotted). */
    static List<PayloadField> fields(JsonNode schema) {
        List<PayloadField> out = new ArrayList<>();
        JsonNode props = schema == null ? null : schema.get("properties");
        if (props == null || !props.isObject()) {
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> p = it.next();
            if (!p.getKey().contains(".") && !p.getKey().isEmpty()) {
                JsonNode desc = p.getValue().get("description");
                out.add(new PayloadField(p.getKey(), jsonType(p.getValue()),
                        desc != null && desc.isTextual() ? desc.asText() : null));
            }
        }
        return out;
    }

    /** The one non-null JSON type of a property schema ({@code [string, "null"]} is a string), else TREE. */
    static PayloadField.JsonType jsonType(JsonNode propertySchema) {
        JsonNode type = propertySchema.get("type");
        String single = null;
        if (type != null && type.isTextual()) {
            single = type.asText();
        } else if (type != null && type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equals(t.asText())) {
                    if (single != null) {
                        return PayloadField.JsonType.TREE;
                    }
                    single = t.asText();
                }
            }
        }
        if (single == null) {
            return PayloadField.JsonType.TREE;
        }
        return switch (single) {
            case "string" -> PayloadField.JsonType.STRING;
            case "integer" -> PayloadField.JsonType.INTEGER;
            case "number" -> PayloadField.JsonType.NUMBER;
            case "boolean" -> PayloadField.JsonType.BOOLEAN;
            default -> PayloadField.JsonType.TREE;
        };
    }

    /**
     * A payload built from {@code schema} for an event declared without {@code examples}: every property with a
     * value of its type ({@code const}, first {@code enum} value, {@code minimum} when given). A best effort for the
     * common schemas: an unusual schema may give a payload it would not accept; declare {@code examples} then.
     */
    static JsonNode example(JsonNode schema) {
        return value(schema, "value", 0);
    }

    private static JsonNode value(JsonNode s, String key, int depth) {
        if (s == null || !s.isObject() || depth > 5) {
            return F.objectNode();
        }
        if (s.has("const")) {
            return s.get("const");
        }
        if (s.path("enum").isArray() && !s.path("enum").isEmpty()) {
            return s.path("enum").get(0);
        }
        if (s.path("examples").isArray() && !s.path("examples").isEmpty()) {
            return s.path("examples").get(0);
        }
        String type = s.path("type").isTextual() ? s.path("type").asText()
                : s.path("type").isArray() ? firstNonNull(s.path("type")) : s.has("properties") ? "object" : "null";
        return switch (type) {
            case "string" -> F.textNode(key + "-1");
            case "integer" -> F.numberNode(s.path("minimum").canConvertToLong() ? s.path("minimum").asLong() : 1L);
            case "number" -> F.numberNode(s.path("minimum").isNumber() ? s.path("minimum").asDouble() : 1.5);
            case "boolean" -> F.booleanNode(true);
            case "array" -> {
                var a = F.arrayNode();
                if (s.path("minItems").asInt(0) > 0) {
                    a.add(value(s.get("items"), key, depth + 1));
                }
                yield a;
            }
            case "object" -> {
                ObjectNode o = F.objectNode();
                s.path("properties").fields().forEachRemaining(p -> o.set(p.getKey(),
                        value(p.getValue(), p.getKey(), depth + 1)));
                yield o;
            }
            default -> F.nullNode();
        };
    }

    private static String firstNonNull(JsonNode types) {
        for (JsonNode t : types) {
            if (!"null".equals(t.asText())) {
                return t.asText();
            }
        }
        return "null";
    }
}
