package io.tasker.templates.internal;

import static io.tasker.templates.internal.Fields.checkKeys;
import static io.tasker.templates.internal.Fields.enumValue;
import static io.tasker.templates.internal.Fields.kind;
import static io.tasker.templates.internal.Fields.present;
import static io.tasker.templates.internal.Fields.schema;
import static io.tasker.templates.internal.Fields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import io.tasker.templates.EventDeclaration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code publishes_events} list of one step: names (shape, reserved prefixes, unique within the step), the
 * required payload schema, condition, delivery, and the examples, each validated against the schema.
 */
final class EventReader {

    static final List<String> EVENT_KEYS = List.of("name", "description", "schema", "condition", "delivery",
            "examples");

    private EventReader() {
    }

    /** The declarations that have a usable name, in declared order; problems recorded for the rest. */
    static List<EventDeclaration> read(JsonNode n, String path, String stepName, Problems p) {
        if (!present(n)) {
            return List.of();
        }
        if (!n.isArray()) {
            p.error(path, "must be a list of events, was " + kind(n));
            return List.of();
        }
        List<EventDeclaration> events = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode e = n.get(i);
            String ePath = path + "[" + i + "]";
            if (!e.isObject()) {
                p.error(ePath, "must be a mapping, was " + kind(e));
                continue;
            }
            checkKeys(e, ePath, EVENT_KEYS, p);
            String name = name(e.get("name"), ePath + ".name", p);
            if (name != null) {
                Integer first = seen.putIfAbsent(name, i);
                if (first != null) {
                    p.error(ePath + ".name", "duplicate event name '" + name + "'"
                            + (stepName == null ? "" : " in step '" + stepName + "'")
                            + " (first declared at " + path + "[" + first + "])");
                }
            }
            String description = text(e.get("description"), ePath + ".description", p);
            JsonNode schemaNode = e.get("schema");
            JsonNode schema = null;
            if (!present(schemaNode)) {
                p.error(ePath + ".schema", "is required (the JSON Schema of the event's payload: a declared event is"
                        + " a contract its subscribers rely on)");
            } else {
                schema = schema(schemaNode, ePath + ".schema", p);
            }
            EventDeclaration.Condition condition = enumValue(e.get("condition"), ePath + ".condition",
                    EventDeclaration.Condition.class, EventDeclaration.Condition.SUCCESS, p);
            EventDeclaration.Delivery delivery = enumValue(e.get("delivery"), ePath + ".delivery",
                    EventDeclaration.Delivery.class, EventDeclaration.Delivery.DURABLE, p);
            List<JsonNode> examples = examples(e.get("examples"), ePath + ".examples", schema, p);
            if (name != null) {
                events.add(new EventDeclaration(name, description, schema, condition, delivery, examples));
            }
        }
        return events;
    }

    private static String name(JsonNode n, String path, Problems p) {
        if (!present(n)) {
            p.error(path, "is required");
            return null;
        }
        if (!n.isTextual()) {
            p.error(path, "must be an event name such as order.created, was " + kind(n));
            return null;
        }
        Optional<String> problem = EventDeclaration.nameProblem(n.asText());
        problem.ifPresent(msg -> p.error(path, msg));
        return problem.isEmpty() ? n.asText() : null;
    }

    /** The examples as written; each one that does not match {@code schema} (when usable) is a problem. */
    private static List<JsonNode> examples(JsonNode n, String path, JsonNode schema, Problems p) {
        if (!present(n)) {
            return List.of();
        }
        if (!n.isArray()) {
            p.error(path, "must be a list of example payloads, was " + kind(n));
            return List.of();
        }
        List<JsonNode> examples = new ArrayList<>(n.size());
        n.forEach(examples::add);
        if (schema == null || examples.isEmpty()) {
            return examples; // a missing or broken schema is already reported; nothing to check against
        }
        JsonSchema compiled;
        try {
            compiled = SchemaSupport.compile(schema);
        } catch (RuntimeException e) {
            p.error(path, "cannot be checked: the schema does not compile: " + e.getMessage());
            return examples;
        }
        for (int k = 0; k < examples.size(); k++) {
            List<String> violations = new ArrayList<>(SchemaSupport.messages(compiled.validate(examples.get(k))));
            if (!violations.isEmpty()) {
                violations.sort(null); // the validator's order is not part of its contract; keep errors stable
                p.error(path + "[" + k + "]", "does not match the event's schema: " + String.join("; ", violations));
            }
        }
        return examples;
    }
}
