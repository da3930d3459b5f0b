package io.tasker.templates.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasker.avro.DomainEvent;
import io.tasker.avro.LifecycleEvent;
import io.tasker.avro.StepCommand;
import io.tasker.avro.StepResult;
import io.tasker.avro.TaskCommand;
import io.tasker.avro.TaskRequest;
import io.tasker.avro.TemplateRegistration;
import io.tasker.schemas.CloudEventHeaders;
import io.tasker.schemas.EventIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Avro records on Tasker's topics (their schemas, from the generated classes, so they cannot drift from the
 * {@code .avsc} files) and example records wrapping a catalog entry's example payload, for the AsyncAPI document.
 */
final class AvroEnvelopes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Every record type, by its Avro name. */
    static final Map<String, org.apache.avro.Schema> SCHEMAS = schemas();

    private AvroEnvelopes() {
    }

    private static Map<String, org.apache.avro.Schema> schemas() {
        Map<String, org.apache.avro.Schema> m = new LinkedHashMap<>();
        for (org.apache.avro.Schema s : List.of(TemplateRegistration.getClassSchema(), TaskRequest.getClassSchema(),
                TaskCommand.getClassSchema(), StepCommand.getClassSchema(), StepResult.getClassSchema(),
                LifecycleEvent.getClassSchema(), DomainEvent.getClassSchema())) {
            m.put(s.getName(), s);
        }
        return m;
    }

    /** The schema of record type {@code name} as Avro JSON (the {@code .avsc} form, nested types inline). */
    static JsonNode schemaJson(String name) {
        try {
            return JSON.readTree(SCHEMAS.get(name).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The {@code LifecycleEvent} record carrying {@code e}'s example payload, union values plain and times as epoch
     * millis (the decoded record, as a consumer sees it after deserializing).
     */
    static ObjectNode lifecycleRecord(CatalogEntry e) {
        JsonNode p = e.example();
        ObjectNode r = NODES.objectNode();
        r.put("event_id", p.path("event_id").asText("example-event-id"));
        r.put("event_type", e.name());
        r.put("task_id", p.path("task_id").asText());
        r.put("namespace", p.path("namespace").asText());
        r.put("template_name", p.path("template_name").asText());
        r.put("template_version", p.path("template_version").asText());
        r.put("task_state", p.path("task_state").asText("in_progress"));
        textOrNull(r, "step_name", p.get("step_name"));
        textOrNull(r, "step_state", p.get("step_state"));
        if (p.path("attempt").isInt()) r.put("attempt", p.get("attempt").asInt());
        else r.putNull("attempt");
        textOrNull(r, "error_message", p.get("error_message"));
        textOrNull(r, "correlation_id", p.get("correlation_id"));
        r.put("occurred_at", millis(p.path("occurred_at").asText()));
        r.put("payload_json", p.toString());
        return r;
    }

    /** The {@code DomainEvent} record a task of the first declaring template would carry with {@code e}'s example. */
    static ObjectNode domainRecord(CatalogEntry e) {
        String firedBy = e.firedBy().get(0); // namespace/template@version:step
        String template = firedBy.substring(firedBy.indexOf('/') + 1, firedBy.lastIndexOf('@'));
        String version = firedBy.substring(firedBy.lastIndexOf('@') + 1, firedBy.lastIndexOf(':'));
        String step = firedBy.substring(firedBy.lastIndexOf(':') + 1);
        String taskId = "3b0c1d6e-2f4a-4c8e-9a51-7d2f0e6b8c14";
        ObjectNode r = NODES.objectNode();
        r.put("event_id", EventIds.of(taskId, step, 1, e.name(), 0));
        r.put("name", e.name());
        r.put("namespace", e.namespace());
        r.put("task_id", taskId);
        r.put("step_name", step);
        r.put("attempt", 1);
        r.put("sequence", 0);
        r.put("template_name", template);
        r.put("template_version", version);
        r.put("correlation_id", "order-1001");
        r.put("fired_at", millis("2025-01-15T10:00:01Z"));
        r.put("fired_by", "runner-1");
        boolean durable = e.delivery() == io.tasker.schemas.DeliveryMode.DURABLE;
        if (durable) r.put("recorded_at", millis("2025-01-15T10:00:01.050Z"));
        else r.putNull("recorded_at");
        r.put("delivery", durable ? "DURABLE" : "FIRE_AND_FORGET");
        r.put("payload_json", e.example().toString());
        r.put("payload_schema", EventIds.payloadSchemaRef(e.namespace(), template, version, step, e.name()));
        return r;
    }

    /** The CloudEvents headers of {@link #domainRecord}. */
    static ObjectNode domainHeaders(ObjectNode record) {
        ObjectNode h = NODES.objectNode();
        h.put(CloudEventHeaders.SPEC_VERSION, "1.0");
        h.put(CloudEventHeaders.ID, record.path("event_id").asText());
        h.put(CloudEventHeaders.TYPE, record.path("name").asText());
        h.put(CloudEventHeaders.SOURCE, CloudEventHeaders.source(record.path("namespace").asText(),
                record.path("task_id").asText(), record.path("step_name").asText()));
        h.put(CloudEventHeaders.TIME, "2025-01-15T10:00:01Z");
        h.put(CloudEventHeaders.SUBJECT, record.path("task_id").asText());
        h.put(CloudEventHeaders.DATA_SCHEMA, record.path("payload_schema").asText());
        h.put(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.AVRO_CONTENT_TYPE);
        return h;
    }

    private static void textOrNull(ObjectNode r, String key, JsonNode value) {
        if (value == null || value.isNull()) r.putNull(key);
        else r.put(key, value.asText());
    }

    private static long millis(String instant) {
        try {
            return Instant.parse(instant).toEpochMilli();
        } catch (RuntimeException e) {
            return Instant.parse("2025-01-15T10:00:00Z").toEpochMilli();
        }
    }
}
