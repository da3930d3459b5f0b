package io.tasker.templates.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.schemas.DeliveryMode;
import io.tasker.schemas.EventCategory;
import java.util.List;
import java.util.Objects;

/**
 * One event a subscriber can receive (or, for {@link DeliveryMode#TELEMETRY}, observe as a span event and metric).
 * Lifecycle events have one entry each; a domain event has one entry per namespace, whatever number of template
 * versions and steps declare it ({@link #declarations()} lists them). Immutable; callers must not mutate the JSON nodes.
 *
 * @param name             event name, e.g. {@code task.completed}, {@code order.created}
 * @param category         task, step, workflow or domain
 * @param namespace        the declaring namespace of a domain event; {@code null} for lifecycle events
 * @param description      what happened
 * @param delivery         how it reaches readers; for a domain event declared several ways, the first declaration's
 * @param condition        when it fires (lifecycle: a sentence; domain: {@code success}, {@code failure} or
 *                         {@code always} relative to the step's outcome)
 * @param topic            the topic carrying it; {@code null} for telemetry
 * @param firedBy          who emits it: {@code topology} or {@code runner} for lifecycle events,
 *                         {@code namespace/template@version:step} for every declaration of a domain event
 * @param subscribedBy     subscriber names from {@link SubscribedBy}
 * @param payloadSchema    JSON Schema of the payload
 * @param example          an example payload
 * @param exampleSource    where {@link #example()} comes from
 * @param exampleProblems  why the example does not validate against the schema (only possible for a generated
 *                         example of a schema the generator cannot satisfy, e.g. a {@code pattern}); usually empty
 * @param declarations     every declaration of a domain event, first one first; empty for lifecycle events
 */
public record CatalogEntry(String name, EventCategory category, String namespace, String description,
        DeliveryMode delivery, String condition, String topic, List<String> firedBy, List<String> subscribedBy,
        JsonNode payloadSchema, JsonNode example, ExampleSource exampleSource, List<String> exampleProblems,
        List<Declaration> declarations) {

    /** Where an entry's example payload comes from. */
    public enum ExampleSource {
        /** The first {@code examples} entry of the event's declaration. */
        DECLARED,
        /** Built with the standard lifecycle payload builder, as the platform builds real events. */
        BUILDER,
        /** Generated from the payload schema. */
        GENERATED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One place that declares a domain event.
     *
     * @param firedBy     {@code namespace/template@version:step}
     * @param description the declaration's description; may be {@code null}
     * @param delivery    durable or fire_and_forget
     * @param condition   success, failure or always
     */
    public record Declaration(String firedBy, String description, DeliveryMode delivery, String condition) {
    }

    public CatalogEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(delivery, "delivery");
        firedBy = List.copyOf(firedBy);
        subscribedBy = subscribedBy == null ? List.of() : List.copyOf(subscribedBy);
        exampleProblems = exampleProblems == null ? List.of() : List.copyOf(exampleProblems);
        declarations = declarations == null ? List.of() : List.copyOf(declarations);
    }

    /** Whether it is a lifecycle (system) event rather than a template-declared domain event. */
    public boolean isLifecycle() {
        return category != EventCategory.DOMAIN;
    }

    /** A copy listing these subscribers. */
    CatalogEntry withSubscribers(List<String> subscribers) {
        return new CatalogEntry(name, category, namespace, description, delivery, condition, topic, firedBy,
                subscribers, payloadSchema, example, exampleSource, exampleProblems, declarations);
    }
}
