package io.tasker.runner.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.tasker.runner.InvalidEventException;
import io.tasker.schemas.TaskerLimits;
import io.tasker.templates.EventDeclaration;
import io.tasker.templates.EventPayloadValidator;
import java.util.Collection;
import java.util.List;

/**
 * The contract every published event payload meets, imperative or declarative: convertible to JSON, at most
 * {@link TaskerLimits#EVENT_PAYLOAD_MAX_BYTES} of UTF-8 JSON, valid against the declared schema. Stateless.
 */
final class EventPayloads {
    private EventPayloads() {
    }

    /**
     * {@code payload} as a JSON tree owned by the caller: a node is copied, anything else is converted.
     *
     * @throws InvalidEventException if Jackson cannot convert it
     */
    static JsonNode toJson(String eventName, Object payload) {
        if (payload == null) {
            return NullNode.getInstance();
        }
        if (payload instanceof JsonNode node) {
            return node.deepCopy();
        }
        try {
            return JsonSupport.MAPPER.valueToTree(payload);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(eventName, "payload of event '" + eventName
                    + "' cannot be converted to JSON: " + e.getMessage(), List.of(String.valueOf(e.getMessage())));
        }
    }

    /**
     * What is wrong with a payload, worded to follow {@code "payload of event 'x' "}: {@code "is too large: ..."} or
     * {@code "does not match its schema: ..."}; empty when it meets the contract. The size is checked first, so a
     * huge payload is never schema-validated.
     *
     * @param json {@code payload} serialized, as it will travel
     */
    static Problem check(EventDeclaration declaration, JsonNode payload, String json) {
        int bytes = Outcomes.utf8Length(json);
        if (bytes > TaskerLimits.EVENT_PAYLOAD_MAX_BYTES) {
            String size = bytes + " bytes, limit " + TaskerLimits.describe(TaskerLimits.EVENT_PAYLOAD_MAX_BYTES);
            return new Problem("is too large: " + size, List.of("payload too large: " + size));
        }
        List<String> violations = EventPayloadValidator.validate(declaration, payload);
        if (violations.isEmpty()) {
            return null;
        }
        return new Problem("does not match its schema: " + String.join("; ", violations), violations);
    }

    /** The exception a handler gets for an undeclared event name. */
    static InvalidEventException undeclared(String stepName, String eventName, Collection<String> declared) {
        return new InvalidEventException(eventName, "step '" + stepName + "' does not declare event '" + eventName
                + "' (" + (declared.isEmpty() ? "it declares no events in publishes_events"
                        : "declared: " + String.join(", ", declared)) + ")", List.of());
    }

    /** The exception a handler gets for a payload with a {@link Problem}. */
    static InvalidEventException invalid(String eventName, Problem problem) {
        return new InvalidEventException(eventName, "payload of event '" + eventName + "' " + problem.description(),
                problem.violations());
    }

    /**
     * @param description worded to follow {@code "payload of event 'x' "}
     * @param violations  the individual problems
     */
    record Problem(String description, List<String> violations) {
    }
}
