package io.tasker.launcher.generate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * What a generator knows of one event a subscriber handles: its contract's fields and an example payload, and the
 * metadata an event of that kind carries when delivered.
 *
 * @param name         the event name, e.g. {@code order.created}
 * @param system       true for a lifecycle event ({@code task.*}, {@code step.*}), false for a domain event
 * @param description  what it means; may be null
 * @param source       where its contract comes from, e.g. {@code ecommerce/order_fulfillment@1.0.0 step create_order}
 * @param fields       the payload's top-level fields with their types, in declared order
 * @param example      an example payload (declared, or built from the contract)
 * @param namespace    the namespace of a task firing it
 * @param templateName the template of a task firing it
 * @param templateVersion its version
 * @param step         the step firing it; null for task events
 */
public record EventSpec(String name, boolean system, String description, String source, List<PayloadField> fields,
        JsonNode example, String namespace, String templateName, String templateVersion, String step) {
    public EventSpec {
        Objects.requireNonNull(name, "name");
        fields = List.copyOf(fields);
        example = example.deepCopy();
    }
}
