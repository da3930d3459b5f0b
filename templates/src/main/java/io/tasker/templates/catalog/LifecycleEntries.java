package io.tasker.templates.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.schemas.DeliveryMode;
import io.tasker.schemas.LifecycleEventType;
import io.tasker.schemas.LifecyclePayload;
import io.tasker.schemas.TaskerTopics;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The catalog entries of the system events, one per {@link LifecycleEventType}, in its order. */
final class LifecycleEntries {
    /** The component that emits lifecycle events: the topology, in the transaction that records the change. */
    static final String TOPOLOGY = "topology";
    /** The runner reports a step's start (with the attempt's result, or while it runs long). */
    static final String RUNNER = "runner";

    private LifecycleEntries() {
    }

    static List<CatalogEntry> all(TaskerTopics topics) {
        List<CatalogEntry> out = new ArrayList<>();
        for (LifecycleEventType type : LifecycleEventType.values()) {
            out.add(entry(type, topics));
        }
        return out;
    }

    static CatalogEntry entry(LifecycleEventType type, TaskerTopics topics) {
        JsonNode schema = LifecyclePayload.schema(type);
        Optional<? extends JsonNode> built = LifecycleExamples.of(type);
        JsonNode example = built.isPresent() ? built.get() : SchemaExamples.generate(schema);
        CatalogEntry.ExampleSource source = built.isPresent() ? CatalogEntry.ExampleSource.BUILDER : CatalogEntry.ExampleSource.GENERATED;
        String topic = type.delivery() == DeliveryMode.DURABLE ? topics.lifecycle() : null;
        String firedBy = type == LifecycleEventType.STEP_STARTED ? RUNNER : TOPOLOGY;
        return new CatalogEntry(type.wireName(), type.category(), null, type.description(), type.delivery(),
                type.condition(), topic, List.of(firedBy), List.of(), schema, example, source, List.of(), List.of());
    }
}
