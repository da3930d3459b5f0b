package io.tasker.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A domain event a step publishes ({@code publishes_events:} entry in YAML).
 *
 * <p>Templates from {@link TemplateLoader} or {@link TemplateJson#fromJson(String)} only hold declarations whose name
 * passes {@link #nameProblem(String)}, whose schema is present and valid, and whose examples match that schema.
 * Declarations built directly are only checked for nulls.
 *
 * @param name        event name, dotted {@code domain.action} (e.g. {@code order.created}), unique within its step;
 *                    never {@code null}
 * @param description free text; may be {@code null}
 * @param schema      JSON Schema of the payload; {@code null} only for declarations built directly (loaded templates
 *                    always have one). Defensively copied; callers must not mutate the returned node.
 * @param condition   when the event is published ({@code success} by default); never {@code null}
 * @param delivery    delivery guarantee ({@code durable} by default); never {@code null}
 * @param examples    example payloads, in declared order, for the catalog and the test kit; never {@code null},
 *                    unmodifiable, each element deep-copied (a {@code null} element becomes a JSON {@code null});
 *                    callers must not mutate the nodes
 */
public record EventDeclaration(String name, String description, JsonNode schema, Condition condition,
        Delivery delivery, List<JsonNode> examples) {

    /**
     * Shape of an event name: two or more dot-separated parts of lower-case letters, digits and {@code _}
     * ({@code order.created}, {@code payment.charge_failed}, {@code a.b.c}).
     */
    public static final Pattern NAME_PATTERN = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)+");

    /**
     * Name prefixes kept for Tasker's lifecycle and system events; a template may not declare such a name. The same
     * list as {@link io.tasker.schemas.LifecycleEventNames#RESERVED_PREFIXES}.
     */
    public static final List<String> RESERVED_PREFIXES = io.tasker.schemas.LifecycleEventNames.RESERVED_PREFIXES;

    /** When an event is published, relative to the step's outcome. YAML: {@code success | failure | always}. */
    public enum Condition { SUCCESS, FAILURE, ALWAYS }

    /** Delivery guarantee. YAML: {@code durable | fire_and_forget}. */
    public enum Delivery { DURABLE, FIRE_AND_FORGET }

    /** Defaults {@code condition} to SUCCESS, {@code delivery} to DURABLE and {@code examples} to none. */
    public EventDeclaration {
        Objects.requireNonNull(name, "name");
        schema = schema == null || schema.isNull() || schema.isMissingNode() ? null : schema.deepCopy();
        condition = condition == null ? Condition.SUCCESS : condition;
        delivery = delivery == null ? Delivery.DURABLE : delivery;
        examples = copy(examples);
    }

    /** A declaration without examples. */
    public EventDeclaration(String name, String description, JsonNode schema, Condition condition,
            Delivery delivery) {
        this(name, description, schema, condition, delivery, List.of());
    }

    /** Whether the event is due given whether the step succeeded. */
    public boolean publishesOn(boolean stepSucceeded) {
        return switch (condition) {
            case SUCCESS -> stepSucceeded;
            case FAILURE -> !stepSucceeded;
            case ALWAYS -> true;
        };
    }

    /**
     * Why {@code name} cannot be an event name, in the words of a load error (e.g. {@code 'OrderCreated' is not a
     * valid event name: ...}); empty when it can.
     */
    public static Optional<String> nameProblem(String name) {
        if (name == null || !NAME_PATTERN.matcher(name).matches()) {
            return Optional.of("'" + name + "' is not a valid event name: write domain.action in lower case, each"
                    + " dot-separated part of letters a-z, digits and '_', at least two parts (e.g. order.created,"
                    + " payment.charge_failed)");
        }
        if (io.tasker.schemas.LifecycleEventType.isReservedName(name)) {
            return Optional.of("'" + name + "' is reserved: names starting with 'task.', 'step.' or 'workflow.'"
                    + " are Tasker's lifecycle and system events; name the business fact instead (e.g."
                    + " order.created)");
        }
        return Optional.empty();
    }

    private static List<JsonNode> copy(List<JsonNode> examples) {
        if (examples == null || examples.isEmpty()) {
            return List.of();
        }
        List<JsonNode> copy = new ArrayList<>(examples.size());
        for (JsonNode e : examples) {
            copy.add(e == null || e.isMissingNode() ? NullNode.getInstance() : e.deepCopy());
        }
        return Collections.unmodifiableList(copy);
    }
}
