package io.tasker.templates.catalog;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasker.schemas.DlqHeaders;
import io.tasker.schemas.RejectReason;
import io.tasker.schemas.RejectedHeaders;
import io.tasker.schemas.TaskerTopics;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An AsyncAPI 3.0 document of Tasker's topics and messages, from the {@link EventCatalog}: one channel per topic
 * (per namespace for domain events; step commands and dead letters as parameterized addresses), Kafka bindings
 * (key = task id; Confluent wire format: schema id in the payload), every record type as an embedded Avro schema
 * ({@value #AVRO_FORMAT}), and one message per published event with its JSON payload schema and an example.
 * Telemetry events are on no topic and so in no channel. Pure and thread-safe.
 */
public final class AsyncApiDocument {
    public static final String ASYNCAPI_VERSION = "3.0.0";
    public static final String AVRO_FORMAT = "application/vnd.apache.avro+json;version=1.9.0";
    public static final String KAFKA_BINDING_VERSION = "0.5.0";
    /** The version of the contract this document describes (the Avro envelopes and the catalog's payload rules). */
    public static final String API_VERSION = "1.0.0";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AsyncApiDocument() {
    }

    /**
     * The document.
     *
     * @param bootstrapServers listed as the {@code kafka} server when given; {@code null} for none (channels are then
     *                         available on any server the reader connects to)
     */
    public static ObjectNode build(EventCatalog catalog, TaskerTopics topics, String bootstrapServers) {
        ObjectNode doc = NODES.objectNode();
        doc.put("asyncapi", ASYNCAPI_VERSION);
        doc.put("id", "urn:tasker:" + AsyncApiMessages.key(topics.prefix().isEmpty() ? "platform" : topics.prefix()));
        ObjectNode info = doc.putObject("info");
        info.put("title", "Tasker on Kafka");
        info.put("version", API_VERSION);
        info.put("description", "The topics of a Tasker platform (topic prefix '" + topics.prefix() + "') and every"
                + " message on them. Records are Avro in the Confluent wire format (magic byte, 4-byte schema id, Avro"
                + " binary); keys are UTF-8 strings. Lifecycle and domain events carry their JSON payload in the"
                + " payload_json field; each event's message names its JSON Schema (x-tasker.payload_json_schema).");
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            doc.putObject("servers").putObject("kafka").put("host", bootstrapServers).put("protocol", "kafka")
                    .put("description", "Kafka bootstrap servers");
        }
        doc.put("defaultContentType", io.tasker.schemas.CloudEventHeaders.AVRO_CONTENT_TYPE);
        ObjectNode channels = doc.putObject("channels");
        ObjectNode operations = doc.putObject("operations");
        AsyncApiMessages messages = new AsyncApiMessages(doc.putObject("components"));

        channel(channels, "templates", topics.templates(), "Template registrations (compacted)",
                "Runners register their template versions here; every topology instance reads all of it.",
                Map.of("TemplateRegistration", messages.record("TemplateRegistration", "A template version, as canonical JSON",
                        "namespace/name/version")), true);
        operation(operations, "receiveTemplateRegistrations", "receive", "templates");
        channel(channels, "taskRequests", topics.taskRequests(), "Task requests", "Clients ask for tasks (POST /v1/tasks produces these).",
                Map.of("TaskRequest", messages.record("TaskRequest", "A client asks for a task to run", "the task id")), false);
        operation(operations, "receiveTaskRequests", "receive", "taskRequests");
        channel(channels, "taskCommands", topics.taskCommands(), "Task commands", "Cancel, retry, resolve or complete by hand.",
                Map.of("TaskCommand", messages.record("TaskCommand", "An operator command on a task", "the task id")), false);
        operation(operations, "receiveTaskCommands", "receive", "taskCommands");
        ObjectNode steps = channel(channels, "stepCommands", topics.stepCommands("{namespace}"), "Step commands",
                "One topic per namespace; the runners serving the namespace consume it.",
                Map.of("StepCommand", messages.record("StepCommand", "Run one attempt of a step", "the task id")), false);
        parameter(steps, "namespace", "The namespace of the step's template.", catalog);
        operation(operations, "sendStepCommands", "send", "stepCommands");
        channel(channels, "stepResults", topics.stepResults(), "Step results",
                "Runners report every attempt's outcome (and the durable domain events it published) here.",
                Map.of("StepResult", messages.record("StepResult", "The outcome of one attempt", "the task id")), false);
        operation(operations, "receiveStepResults", "receive", "stepResults");

        ObjectNode lifecycle = NODES.objectNode();
        catalog.entries().stream().filter(e -> e.isLifecycle() && e.topic() != null)
                .forEach(e -> lifecycle.putObject(e.name()).put("$ref", messages.event(e)));
        channel(channels, "lifecycle", topics.lifecycle(), "Lifecycle events",
                "The durable task and step events, written in the transaction that records the change. Telemetry events"
                        + " (see GET /v1/events?category=...) are not on this topic.", lifecycle);
        operation(operations, "sendLifecycleEvents", "send", "lifecycle");
        for (String ns : catalog.namespaces()) {
            ObjectNode domain = NODES.objectNode();
            catalog.entries().stream().filter(e -> !e.isLifecycle() && ns.equals(e.namespace()))
                    .forEach(e -> domain.putObject(e.name()).put("$ref", messages.event(e)));
            String key = "domainEvents." + AsyncApiMessages.key(ns);
            channel(channels, key, topics.domainEvents(ns), "Domain events of " + ns,
                    "The business events the templates of namespace " + ns + " declare, with CloudEvents headers.", domain);
            operation(operations, "sendDomainEvents." + AsyncApiMessages.key(ns), "send", key);
        }

        channel(channels, "rejected", topics.rejected(), "Rejected records",
                "Records the platform could not accept, unchanged, with headers that say why.",
                Map.of("RejectedRecord", messages.raw("RejectedRecord", "A record the platform refused",
                        "Reason codes: " + String.join(", ", Arrays.stream(RejectReason.values()).map(RejectReason::code).toList()) + ".",
                        headers(List.of(RejectedHeaders.REASON, RejectedHeaders.DETAIL, RejectedHeaders.SOURCE_TOPIC,
                                RejectedHeaders.SOURCE_PARTITION, RejectedHeaders.SOURCE_OFFSET, RejectedHeaders.EXCEPTION_CLASS,
                                RejectedHeaders.REJECTED_AT), RejectedHeaders.REASON))), false);
        operation(operations, "sendRejected", "send", "rejected");
        ObjectNode dlq = channel(channels, "deadLetters", topics.dlq("{subscriber}"), "Dead letters of a subscriber",
                "Records a subscriber's handlers gave up on: the original key, value and headers plus tasker.dlq.* headers."
                        + " Replayed records go to the same name with the suffix .replay.",
                Map.of("DeadLetter", messages.raw("DeadLetter", "An event a subscriber could not handle",
                        "Reason codes: " + String.join(", ", DlqHeaders.REASONS) + ".",
                        headers(List.of(DlqHeaders.REASON, DlqHeaders.HANDLER, DlqHeaders.EVENT_NAME, DlqHeaders.EVENT_ID,
                                DlqHeaders.ATTEMPTS, DlqHeaders.EXCEPTION_CLASS, DlqHeaders.EXCEPTION_MESSAGE,
                                DlqHeaders.FIRST_FAILURE_AT, DlqHeaders.LAST_FAILURE_AT, DlqHeaders.SOURCE_TOPIC,
                                DlqHeaders.SOURCE_PARTITION, DlqHeaders.SOURCE_OFFSET, DlqHeaders.SUBSCRIBER), DlqHeaders.REASON))), false);
        dlq.putObject("parameters").putObject("subscriber").put("description", "The subscriber's name.");
        operation(operations, "sendDeadLetters", "send", "deadLetters");
        return doc;
    }

    private static ObjectNode channel(ObjectNode channels, String key, String address, String title, String description,
            Map<String, String> messageRefs, boolean compacted) {
        ObjectNode refs = NODES.objectNode();
        messageRefs.forEach((name, ref) -> refs.putObject(name).put("$ref", ref));
        ObjectNode c = channel(channels, key, address, title, description, refs);
        if (compacted) {
            c.withObjectProperty("bindings").withObjectProperty("kafka").putObject("topicConfiguration").putArray("cleanup.policy").add("compact");
        }
        return c;
    }

    private static ObjectNode channel(ObjectNode channels, String key, String address, String title, String description,
            ObjectNode messageRefs) {
        ObjectNode c = channels.putObject(key);
        c.put("address", address);
        c.put("title", title);
        c.put("description", description);
        c.set("messages", messageRefs);
        c.putObject("bindings").putObject("kafka").put("bindingVersion", KAFKA_BINDING_VERSION);
        return c;
    }

    private static void parameter(ObjectNode channel, String name, String description, EventCatalog catalog) {
        ObjectNode p = channel.putObject("parameters").putObject(name).put("description", description);
        if (!catalog.namespaces().isEmpty()) {
            catalog.namespaces().forEach(p.withArrayProperty("examples")::add);
        }
    }

    private static void operation(ObjectNode operations, String key, String action, String channelKey) {
        operations.putObject(key).put("action", action).putObject("channel").put("$ref", "#/channels/" + channelKey);
    }

    private static ObjectNode headers(List<String> names, String required) {
        ObjectNode h = NODES.objectNode().put("type", "object");
        ObjectNode p = h.putObject("properties");
        names.forEach(n -> p.putObject(n).put("type", "string"));
        h.putArray("required").add(required);
        return h;
    }
}
