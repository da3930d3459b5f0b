package io.tasker.schemas;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Domain event ids. An id is derived from what makes the event unique (task, step, attempt, name, and the order of
 * publication within the attempt), never random: a re-executed attempt or a duplicated fire-and-forget record
 * carries the same id, so consumers can tell a duplicate from a new fact. Thread-safe.
 */
public final class EventIds {
    private EventIds() {
    }

    /**
     * @param sequence 0-based position of the event among those the attempt published
     * @return a name-based UUID (version 3) as text
     */
    public static String of(String taskId, String stepName, int attempt, String eventName, int sequence) {
        String key = "tasker-event\0" + taskId + "\0" + stepName + "\0" + attempt + "\0" + eventName + "\0" + sequence;
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * Where an event's payload schema is declared, for {@code DomainEvent.payload_schema} and {@code ce_dataschema}:
     * {@code tasker:<namespace>/<template>/<version>#<step>/<event name>} (the template's definition, from
     * {@code GET /v1/templates}, holds the schema).
     */
    public static String payloadSchemaRef(String namespace, String template, String version, String step, String eventName) {
        return "tasker:" + namespace + "/" + template + "/" + version + "#" + step + "/" + eventName;
    }
}
