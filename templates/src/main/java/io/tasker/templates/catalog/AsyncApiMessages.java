package io.tasker.templates.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasker.schemas.CloudEventHeaders;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The messages and schemas of {@link AsyncApiDocument}: one message per event (its record is an Avro envelope whose
 * {@code payload_json} carries the event's JSON payload) and one per other record type on Tasker's topics.
 */
final class AsyncApiMessages {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Keywords whose values are data, not subschemas: a {@code $ref} key in there is left alone. */
    private static final Set<String> DATA = Set.of("const", "enum", "default", "examples", "example");
    /** Keywords whose values map names to subschemas. */
    private static final Set<String> NAMED_SCHEMAS = Set.of("properties", "patternProperties", "$defs", "definitions",
            "dependentSchemas");

    private final ObjectNode schemas;
    private final ObjectNode messages;

    AsyncApiMessages(ObjectNode components) {
        this.schemas = components.putObject("schemas");
        this.messages = components.putObject("messages");
        for (String name : AvroEnvelopes.SCHEMAS.keySet()) {
            ObjectNode avro = schemas.putObject(avroKey(name));
            avro.put("schemaFormat", AsyncApiDocument.AVRO_FORMAT);
            avro.set("schema", AvroEnvelopes.schemaJson(name));
        }
    }

    /** A component key: the characters AsyncAPI allows ({@code [\w.-]}), others replaced by {@code _}. */
    static String key(String s) {
        return s.replaceAll("[^A-Za-z0-9_.\\-]", "_");
    }

    static String avroKey(String recordName) {
        return "avro." + recordName;
    }

    /** The component key of an event's message: {@code lifecycle.task.completed}, {@code domain.ecommerce.order.created}. */
    static String eventKey(CatalogEntry e) {
        return key(e.isLifecycle() ? "lifecycle." + e.name() : "domain." + e.namespace() + "." + e.name());
    }

    /** A message whose record is the Avro {@code recordName}, keyed as {@code keyDescription} says; returns its ref. */
    String record(String recordName, String summary, String keyDescription) {
        ObjectNode m = messages.putObject(recordName);
        m.put("name", recordName);
        m.put("title", recordName);
        m.put("summary", summary);
        m.put("contentType", CloudEventHeaders.AVRO_CONTENT_TYPE);
        m.putObject("payload").put("$ref", "#/components/schemas/" + avroKey(recordName));
        m.putObject("bindings").set("kafka", kafkaBinding(keyDescription));
        return "#/components/messages/" + recordName;
    }

    /** A message whose value is not decoded here (raw bytes) and whose headers say what it is; returns its ref. */
    String raw(String name, String summary, String description, ObjectNode headers) {
        ObjectNode m = messages.putObject(name);
        m.put("name", name);
        m.put("summary", summary);
        m.put("description", description);
        m.put("contentType", "application/octet-stream");
        m.putObject("payload").put("type", "string").put("format", "binary")
                .put("description", "the original record value, byte for byte");
        m.set("headers", headers);
        m.putObject("bindings").set("kafka", kafkaBinding("the original record's key"));
        return "#/components/messages/" + name;
    }

    /** The message of a catalog entry (its payload schema becomes a component of its own); returns its ref. */
    String event(CatalogEntry e) {
        String key = eventKey(e);
        String payloadKey = "payload." + key;
        schemas.set(payloadKey, embeddable(e.payloadSchema(), "#/components/schemas/" + payloadKey));
        String record = e.isLifecycle() ? "LifecycleEvent" : "DomainEvent";
        ObjectNode m = messages.putObject(key);
        m.put("name", e.name());
        m.put("title", e.name());
        m.put("summary", e.description());
        m.put("description", "When: " + e.condition() + ". Delivery: " + e.delivery().wireName() + ". Fired by: "
                + String.join(", ", e.firedBy()) + ". The record is the Avro " + record + "; its payload_json field holds"
                + " the JSON payload described by x-tasker.payload_json_schema.");
        m.put("contentType", CloudEventHeaders.AVRO_CONTENT_TYPE);
        m.putObject("payload").put("$ref", "#/components/schemas/" + avroKey(record));
        ObjectNode record0 = e.isLifecycle() ? AvroEnvelopes.lifecycleRecord(e) : AvroEnvelopes.domainRecord(e);
        if (!e.isLifecycle()) m.set("headers", cloudEventHeaders(e.name()));
        m.putObject("bindings").set("kafka", kafkaBinding("the task id"));
        ObjectNode example = m.putArray("examples").addObject();
        example.put("name", key);
        example.put("summary", "A " + e.name() + " record; payload_json is the catalog's example payload ("
                + e.exampleSource().wireName() + ")");
        if (!e.isLifecycle()) example.set("headers", AvroEnvelopes.domainHeaders(record0));
        example.set("payload", record0);
        ObjectNode x = m.putObject("x-tasker");
        x.put("category", e.category().wireName());
        if (e.namespace() != null) x.put("namespace", e.namespace());
        x.put("delivery", e.delivery().wireName());
        x.put("condition", e.condition());
        x.set("fired_by", strings(e.firedBy()));
        x.set("subscribed_by", strings(e.subscribedBy()));
        x.putObject("payload_json_schema").put("$ref", "#/components/schemas/" + payloadKey);
        x.set("payload_json_example", e.example().deepCopy());
        return "#/components/messages/" + key;
    }

    private static ObjectNode kafkaBinding(String keyDescription) {
        ObjectNode k = NODES.objectNode();
        k.putObject("key").put("type", "string").put("description", keyDescription);
        k.put("schemaIdLocation", "payload");
        k.put("schemaIdPayloadEncoding", "confluent");
        k.put("bindingVersion", AsyncApiDocument.KAFKA_BINDING_VERSION);
        return k;
    }

    private static ObjectNode cloudEventHeaders(String eventName) {
        ObjectNode h = NODES.objectNode().put("type", "object");
        h.put("description", "CloudEvents 1.0, Kafka protocol binding, binary mode (UTF-8 header values)");
        ObjectNode p = h.putObject("properties");
        p.putObject(CloudEventHeaders.SPEC_VERSION).put("type", "string").put("const", "1.0");
        p.putObject(CloudEventHeaders.ID).put("type", "string").put("description", "the event id (de-duplicate on it)");
        p.putObject(CloudEventHeaders.TYPE).put("type", "string").put("const", eventName);
        p.putObject(CloudEventHeaders.SOURCE).put("type", "string").put("description", "/tasker/<namespace>/tasks/<task id>/steps/<step>");
        p.putObject(CloudEventHeaders.TIME).put("type", "string").put("format", "date-time");
        p.putObject(CloudEventHeaders.SUBJECT).put("type", "string").put("description", "the task id");
        p.putObject(CloudEventHeaders.DATA_SCHEMA).put("type", "string").put("description", "tasker:<namespace>/<template>/<version>#<step>/<event name>");
        p.putObject(CloudEventHeaders.CONTENT_TYPE).put("type", "string").put("const", CloudEventHeaders.AVRO_CONTENT_TYPE);
        h.putArray("required").add(CloudEventHeaders.SPEC_VERSION).add(CloudEventHeaders.ID).add(CloudEventHeaders.TYPE)
                .add(CloudEventHeaders.SOURCE).add(CloudEventHeaders.TIME);
        return h;
    }

    /**
     * A copy of a JSON Schema that can sit at {@code base} inside the document: without {@code $schema} (the AsyncAPI
     * Schema Object is a JSON Schema dialect of its own) and with local references rebased, since {@code #} now means
     * the AsyncAPI document.
     */
    static JsonNode embeddable(JsonNode schema, String base) {
        JsonNode copy = schema.deepCopy();
        if (copy.isObject()) ((ObjectNode) copy).remove("$schema");
        rebase(copy, base);
        return copy;
    }

    private static void rebase(JsonNode node, String base) {
        if (node.isArray()) {
            node.forEach(n -> rebase(n, base));
            return;
        }
        if (!node.isObject()) return;
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals("$ref") && f.getValue().isTextual() && f.getValue().asText().startsWith("#")) {
                f.setValue(NODES.textNode(base + f.getValue().asText().substring(1)));
            } else if (NAMED_SCHEMAS.contains(f.getKey()) && f.getValue().isObject()) {
                f.getValue().forEach(sub -> rebase(sub, base)); // keys are names here, even "default" or "enum"
            } else if (!DATA.contains(f.getKey())) {
                rebase(f.getValue(), base);
            }
        }
    }

    private static ArrayNode strings(Iterable<String> values) {
        ArrayNode a = NODES.arrayNode();
        values.forEach(a::add);
        return a;
    }
}
