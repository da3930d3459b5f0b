package io.tasker.templates.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasker.avro.DomainEvent;
import io.tasker.avro.LifecycleEvent;
import io.tasker.schemas.LifecycleEventType;
import io.tasker.schemas.TaskerTopics;
import io.tasker.templates.TaskTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The AsyncAPI document: valid against the official AsyncAPI 3.0.0 JSON Schema, and saying what is on each topic. */
class AsyncApiDocumentTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EventCatalog catalog() {
        TaskTemplate billing = EventCatalogTest.template("billing", "invoice", "2.0.0", """
                  - name: bill
                    handler: h.bill
                    publishes_events:
                      - name: invoice.issued
                        schema:
                          type: object
                          required: [invoice_id, lines]
                          properties:
                            invoice_id: {type: string}
                            lines: {type: array, items: {$ref: '#/$defs/line'}}
                            default: {enum: [{$ref: not-a-reference}]}
                          $defs:
                            line: {type: object, required: [sku], properties: {sku: {type: string}}}
                """);
        return EventCatalog.of(List.of(EventCatalogTest.order("1.0.0", "An order was created."), billing),
                (name, ns) -> name.startsWith("order.") ? List.of("audit", "order-notifications") : List.of("audit"));
    }

    private static ObjectNode document() {
        return AsyncApiDocument.build(catalog(), TaskerTopics.defaults(), "localhost:9092");
    }

    @Test
    void theDocumentIsValidAsyncApi300() {
        assertThat(AsyncApiValidator.problems(document())).isEmpty();
        assertThat(AsyncApiValidator.problems(AsyncApiDocument.build(EventCatalog.of(List.of()), new TaskerTopics("acme."), null))).isEmpty();
    }

    @Test
    void theValidatorRejectsWhatTheSpecForbids() {
        ObjectNode noInfo = document();
        noInfo.remove("info");
        ObjectNode badAction = document();
        ((ObjectNode) badAction.path("operations").path("sendLifecycleEvents")).put("action", "publish");
        ObjectNode badBinding = document();
        ((ObjectNode) badBinding.at("/components/messages/TaskRequest/bindings/kafka")).put("schemaIdLocation", "footer");

        ObjectNode unknownMessageField = document();
        ((ObjectNode) unknownMessageField.at("/components/messages/lifecycle.task.completed")).put("topic", "x");
        ObjectNode badAvro = document();
        ((ObjectNode) badAvro.at("/components/schemas/avro.TaskRequest/schema")).remove("fields");

        assertThat(AsyncApiValidator.problems(unknownMessageField)).isNotEmpty();
        assertThat(AsyncApiValidator.problems(badAvro)).isNotEmpty();
        assertThat(AsyncApiValidator.problems(noInfo)).isNotEmpty();
        assertThat(AsyncApiValidator.problems(badAction)).isNotEmpty();
        assertThat(AsyncApiValidator.problems(badBinding)).isNotEmpty();
    }

    @Test
    void everyTopicIsAChannel() {
        ObjectNode doc = document();
        Set<String> addresses = new TreeSet<>();
        doc.path("channels").forEach(c -> addresses.add(c.path("address").asText()));

        assertThat(addresses).containsExactlyInAnyOrder("tasker.templates", "tasker.task-requests", "tasker.task-commands",
                "tasker.step-commands.{namespace}", "tasker.step-results", "tasker.lifecycle", "tasker.domain-events.billing",
                "tasker.domain-events.ecommerce", "tasker.rejected", "tasker.dlq.{subscriber}");
        assertThat(doc.at("/channels/stepCommands/parameters/namespace/examples").toString()).isEqualTo("[\"billing\",\"ecommerce\"]");
        assertThat(doc.at("/channels/templates/bindings/kafka/topicConfiguration/cleanup.policy/0").asText()).isEqualTo("compact");
        assertThat(doc.at("/servers/kafka/host").asText()).isEqualTo("localhost:9092");
        assertThat(doc.path("operations").size()).isEqualTo(addresses.size());
    }

    @Test
    void theLifecycleChannelCarriesTheDurableEventsOnly() {
        JsonNode messages = document().at("/channels/lifecycle/messages");
        List<String> names = new ArrayList<>();
        messages.fieldNames().forEachRemaining(names::add);

        assertThat(names).containsExactly(java.util.Arrays.stream(LifecycleEventType.values()).filter(LifecycleEventType::isPublished)
                .map(LifecycleEventType::wireName).toArray(String[]::new));
        assertThat(messages.path("task.completed").path("$ref").asText()).isEqualTo("#/components/messages/lifecycle.task.completed");
    }

    @Test
    void aDomainEventMessageHasTheEnvelopeItsPayloadSchemaAnExampleAndTheKafkaKey() {
        ObjectNode doc = document();
        JsonNode m = doc.at("/components/messages/domain.ecommerce.order.created");

        assertThat(doc.at("/channels/domainEvents.ecommerce/messages/order.created/$ref").asText())
                .isEqualTo("#/components/messages/domain.ecommerce.order.created");
        assertThat(m.path("name").asText()).isEqualTo("order.created");
        assertThat(m.at("/payload/$ref").asText()).isEqualTo("#/components/schemas/avro.DomainEvent");
        assertThat(m.at("/bindings/kafka/key/description").asText()).isEqualTo("the task id");
        assertThat(m.at("/headers/properties/ce_type/const").asText()).isEqualTo("order.created");
        assertThat(m.at("/x-tasker/fired_by/0").asText()).isEqualTo("ecommerce/order_fulfillment@1.0.0:create_order");
        assertThat(m.at("/x-tasker/subscribed_by").toString()).isEqualTo("[\"audit\",\"order-notifications\"]");
        JsonNode schema = doc.at(m.at("/x-tasker/payload_json_schema/$ref").asText().substring(1));
        JsonNode example = m.at("/examples/0/payload");
        assertThat(example.path("payload_schema").asText()).isEqualTo("tasker:ecommerce/order_fulfillment/1.0.0#create_order/order.created");
        assertThat(m.at("/examples/0/headers/ce_type").asText()).isEqualTo("order.created");
        assertThat(Validation.problems(schema, json(example.path("payload_json").asText()))).isEmpty();
        assertThat(fieldNames(example)).isEqualTo(avroFields(DomainEvent.getClassSchema()));
    }

    @Test
    void everyLifecycleExampleIsALifecycleEventRecordWhosePayloadMatchesItsSchema() {
        ObjectNode doc = document();
        for (LifecycleEventType t : LifecycleEventType.values()) {
            JsonNode m = doc.at("/components/messages/lifecycle." + t.wireName());
            if (!t.isPublished()) {
                assertThat(m.isMissingNode()).as(t.wireName()).isTrue();
                continue;
            }
            JsonNode record = m.at("/examples/0/payload");
            assertThat(fieldNames(record)).as(t.wireName()).isEqualTo(avroFields(LifecycleEvent.getClassSchema()));
            assertThat(record.path("event_type").asText()).isEqualTo(t.wireName());
            JsonNode schema = doc.at(m.at("/x-tasker/payload_json_schema/$ref").asText().substring(1));
            assertThat(Validation.problems(schema, json(record.path("payload_json").asText()))).as(t.wireName()).isEmpty();
        }
    }

    @Test
    void theAvroSchemasAreTheGeneratedClassesSchemas() {
        JsonNode avro = document().at("/components/schemas/avro.LifecycleEvent");

        assertThat(avro.path("schemaFormat").asText()).isEqualTo("application/vnd.apache.avro+json;version=1.9.0");
        assertThat(new Schema.Parser().parse(avro.path("schema").toString())).isEqualTo(LifecycleEvent.getClassSchema());
        assertThat(document().at("/components/schemas/avro.StepResult/schema/name").asText()).isEqualTo("StepResult");
    }

    @Test
    void localReferencesOfAnEmbeddedSchemaPointIntoTheDocumentAndDataIsLeftAlone() {
        ObjectNode doc = document();
        JsonNode schema = doc.at("/components/schemas/payload.domain.billing.invoice.issued");

        String ref = schema.at("/properties/lines/items/$ref").asText();
        assertThat(ref).isEqualTo("#/components/schemas/payload.domain.billing.invoice.issued/$defs/line");
        assertThat(doc.at(ref.substring(1)).path("required").get(0).asText()).isEqualTo("sku");
        assertThat(schema.at("/properties/default/enum/0/$ref").asText()).isEqualTo("not-a-reference");
        assertThat(schema.has("$schema")).isFalse();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }

    private static Set<String> fieldNames(JsonNode n) {
        Set<String> out = new TreeSet<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Set<String> avroFields(Schema s) {
        Set<String> out = new TreeSet<>();
        s.getFields().forEach(f -> out.add(f.name()));
        return out;
    }
}
