package io.tasker.templates;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A domain event a step publishes ({@code publishes_events:} entry in YAML).
 *
 * @param name        event name, unique within its step; never {@code null}
 * @param description free text; may be {@code null}
 * @param schema      JSON Schema of the payload; {@code null} when undeclared. Defensively copied; callers must not
 *                    mutate the returned node.
 * @param condition   when the event is published ({@code success} by default); never {@code null}
 * @param delivery    delivery guarantee ({@code durable} by default); never {@code null}
 */
public record EventDeclaration(String name, String description, JsonNode schema, Condition condition,
        Delivery delivery) {

    /** When an event is published, relative to the step's outcome. YAML: {@code success | failure | always}. */
    public enum Condition { SUCCESS, FAILURE, ALWAYS }

    /** Delivery guarantee. YAML: {@code durable | fire_and_forget}. */
    public enum Delivery { DURABLE, FIRE_AND_FORGET }

    /** Defaults {@code condition} to SUCCESS and {@code delivery} to DURABLE when {@code null}. */
    public EventDeclaration {
        Objects.requireNonNull(name, "name");
        schema = schema == null || schema.isNull() || schema.isMissingNode() ? null : schema.deepCopy();
        condition = condition == null ? Condition.SUCCESS : condition;
        delivery = delivery == null ? Delivery.DURABLE : delivery;
    }

    /** Whether the event is due given whether the step succeeded. */
    public boolean publishesOn(boolean stepSucceeded) {
        return switch (condition) {
            case SUCCESS -> stepSucceeded;
            case FAILURE -> !stepSucceeded;
            case ALWAYS -> true;
        };
    }
}
