package io.tasker.templates.catalog;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.List;

/**
 * The JSON form of catalog entries, as {@code GET /v1/events} answers them: snake_case keys, enum values in lower case,
 * {@code null} for what does not apply ({@code namespace} of a lifecycle event, {@code topic} of a telemetry event).
 */
public final class CatalogJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CatalogJson() {
    }

    public static ArrayNode toJson(Collection<CatalogEntry> entries) {
        ArrayNode out = NODES.arrayNode();
        entries.forEach(e -> out.add(toJson(e)));
        return out;
    }

    /**
     * {@code {"name", "category", "namespace", "description", "delivery", "condition", "topic", "fired_by": [],
     * "subscribed_by": [], "payload_schema", "example", "example_source", "example_problems": [], "declarations": [
     * {"fired_by", "description", "delivery", "condition"}]}}
     */
    public static ObjectNode toJson(CatalogEntry e) {
        ObjectNode n = NODES.objectNode();
        n.put("name", e.name());
        n.put("category", e.category().wireName());
        n.put("namespace", e.namespace());
        n.put("description", e.description());
        n.put("delivery", e.delivery().wireName());
        n.put("condition", e.condition());
        n.put("topic", e.topic());
        n.set("fired_by", strings(e.firedBy()));
        n.set("subscribed_by", strings(e.subscribedBy()));
        n.set("payload_schema", e.payloadSchema().deepCopy());
        n.set("example", e.example() == null ? NODES.nullNode() : e.example().deepCopy());
        n.put("example_source", e.exampleSource().wireName());
        n.set("example_problems", strings(e.exampleProblems()));
        ArrayNode declarations = n.putArray("declarations");
        for (CatalogEntry.Declaration d : e.declarations()) {
            declarations.addObject().put("fired_by", d.firedBy()).put("description", d.description())
                    .put("delivery", d.delivery().wireName()).put("condition", d.condition());
        }
        return n;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode a = NODES.arrayNode();
        values.forEach(a::add);
        return a;
    }
}
