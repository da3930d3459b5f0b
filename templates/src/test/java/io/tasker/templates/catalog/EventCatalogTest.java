package io.tasker.templates.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.schemas.DeliveryMode;
import io.tasker.schemas.EventCategory;
import io.tasker.schemas.LifecycleEventType;
import io.tasker.schemas.PayloadKey;
import io.tasker.schemas.TaskerTopics;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The catalog of lifecycle and declared domain events: fields, examples, merging of declarations, filters. */
class EventCatalogTest {
    /** The demo's order events, as examples/.../order_fulfillment.yaml declares them. */
    static final String ORDER = """
            name: order_fulfillment
            namespace: ecommerce
            version: %s
            steps:
              - name: validate_products
                handler: ecommerce.validate_products
                publishes_events:
                  - name: order.fulfillment_failed
                    description: The cart could not be turned into an order.
                    condition: failure
                    schema:
                      type: object
                      required: [error_message, attempt, retryable]
                      properties:
                        error_message: {type: string}
                        exception_class: {type: [string, "null"]}
                        attempt: {type: integer, minimum: 1}
                        retryable: {type: boolean}
              - name: create_order
                depends_on: [validate_products]
                handler: ecommerce.create_order
                publishes_events:
                  - name: order.created
                    description: %s
                    schema:
                      type: object
                      required: [order_id, customer_id, total_cents]
                      properties:
                        order_id: {type: string}
                        customer_id: {type: string}
                        total_cents: {type: integer, minimum: 0}
                        currency: {type: string}
                    examples:
                      - {order_id: ord-0f8e, customer_id: c-1, total_cents: 2699, currency: USD}
              - name: publish_event
                depends_on: [create_order]
                handler: ecommerce.publish_event
                publishes_events:
                  - name: order.announced
                    delivery: fire_and_forget
                    schema: {type: object, required: [order_id], properties: {order_id: {type: string}, at: {type: string, format: date-time}}}
            """;

    static TaskTemplate order(String version, String description) {
        return new TemplateLoader(null).parse(ORDER.formatted(version, description), "order_fulfillment.yaml");
    }

    static TaskTemplate template(String namespace, String name, String version, String steps) {
        return new TemplateLoader(null).parse("name: " + name + "\nnamespace: " + namespace + "\nversion: " + version
                + "\nsteps:\n" + steps, name + ".yaml");
    }

    private static CatalogEntry only(EventCatalog catalog, String name) {
        List<CatalogEntry> named = catalog.named(name, null);
        assertThat(named).as(name).hasSize(1);
        return named.get(0);
    }

    @Test
    void listsEveryLifecycleEventWithItsDeliveryAndTopic() {
        EventCatalog catalog = EventCatalog.of(List.of());

        assertThat(catalog.entries()).extracting(CatalogEntry::name)
                .containsExactly(java.util.Arrays.stream(LifecycleEventType.values()).map(LifecycleEventType::wireName).toArray(String[]::new));
        CatalogEntry completed = only(catalog, "task.completed");
        assertThat(completed.category()).isEqualTo(EventCategory.TASK);
        assertThat(completed.delivery()).isEqualTo(DeliveryMode.DURABLE);
        assertThat(completed.topic()).isEqualTo("tasker.lifecycle");
        assertThat(completed.firedBy()).containsExactly("topology");
        assertThat(completed.condition()).isEqualTo(LifecycleEventType.TASK_COMPLETED.condition());
        assertThat(completed.namespace()).isNull();
        CatalogEntry enqueued = only(catalog, "step.enqueued");
        assertThat(enqueued.delivery()).isEqualTo(DeliveryMode.TELEMETRY);
        assertThat(enqueued.topic()).isNull();
        assertThat(only(catalog, "step.started").firedBy()).containsExactly("runner");
        assertThat(only(catalog, "workflow.no_viable_steps").category()).isEqualTo(EventCategory.WORKFLOW);
    }

    @Test
    void topicsFollowThePlatformPrefix() {
        EventCatalog catalog = EventCatalog.of(List.of(order("1.0.0", "An order was created.")), SubscribedBy.NONE, new TaskerTopics("acme."));

        assertThat(only(catalog, "task.failed").topic()).isEqualTo("acme.lifecycle");
        assertThat(only(catalog, "order.created").topic()).isEqualTo("acme.domain-events.ecommerce");
    }

    @Test
    void everyExampleValidatesAgainstItsSchema() {
        List<TaskTemplate> templates = List.of(order("1.0.0", "An order was created."),
                template("billing", "invoice", "2.0.0", """
                          - name: bill
                            handler: h.bill
                            publishes_events:
                              - name: invoice.issued
                                schema:
                                  type: object
                                  required: [invoice_id, lines, due]
                                  properties:
                                    invoice_id: {type: string, pattern: '^inv-[0-9]+$'}
                                    due: {type: string, format: date}
                                    email: {type: string, format: email}
                                    lines: {type: array, minItems: 2, items: {$ref: '#/$defs/line'}}
                                  $defs:
                                    line: {type: object, required: [sku, cents], properties: {sku: {type: string}, cents: {type: integer, minimum: 1}}}
                        """));
        EventCatalog catalog = EventCatalog.of(templates);

        assertThat(catalog.entries()).hasSize(LifecycleEventType.values().length + 4);
        for (CatalogEntry e : catalog.entries()) {
            assertThat(Validation.problems(e.payloadSchema(), e.example())).as("%s example %s", e.name(), e.example()).isEmpty();
            assertThat(e.exampleProblems()).as(e.name()).isEmpty();
        }
    }

    @Test
    void lifecycleExamplesAreBuiltByTheStandardBuilderWithEveryKeyOfTheType() {
        for (CatalogEntry e : EventCatalog.of(List.of()).entries()) {
            LifecycleEventType type = LifecycleEventType.fromWire(e.name());
            assertThat(e.exampleSource()).as(e.name()).isEqualTo(CatalogEntry.ExampleSource.BUILDER);
            for (PayloadKey k : type.requiredKeys()) {
                assertThat(e.example().has(k.key())).as("%s has %s", e.name(), k.key()).isTrue();
            }
            assertThat(e.example().path("event_type").asText()).isEqualTo(e.name());
        }
        JsonNode failed = only(EventCatalog.of(List.of()), "step.failed").example();
        assertThat(failed.path("next_attempt_at").asText()).isNotBlank(); // the optional retry keys show too
        assertThat(failed.path("backtrace")).isNotEmpty();
    }

    @Test
    void aDomainEventNamesWhereItIsDeclaredAndHowItIsDelivered() {
        EventCatalog catalog = EventCatalog.of(List.of(order("1.0.0", "An order was created.")));

        CatalogEntry created = only(catalog, "order.created");
        assertThat(created.category()).isEqualTo(EventCategory.DOMAIN);
        assertThat(created.namespace()).isEqualTo("ecommerce");
        assertThat(created.firedBy()).containsExactly("ecommerce/order_fulfillment@1.0.0:create_order");
        assertThat(created.delivery()).isEqualTo(DeliveryMode.DURABLE);
        assertThat(created.condition()).isEqualTo("success");
        assertThat(created.description()).isEqualTo("An order was created.");
        assertThat(created.example().path("order_id").asText()).isEqualTo("ord-0f8e");
        assertThat(created.exampleSource()).isEqualTo(CatalogEntry.ExampleSource.DECLARED);
        assertThat(created.payloadSchema().path("required")).hasSize(3);
        assertThat(only(catalog, "order.fulfillment_failed").condition()).isEqualTo("failure");
        CatalogEntry announced = only(catalog, "order.announced");
        assertThat(announced.delivery()).isEqualTo(DeliveryMode.FIRE_AND_FORGET);
        assertThat(announced.exampleSource()).isEqualTo(CatalogEntry.ExampleSource.GENERATED);
        assertThat(announced.example().path("at").asText()).isEqualTo("2025-01-15T10:00:00Z");
    }

    @Test
    void firedByListsEveryVersionAndStepNewestFirstAndCountsARepeatedRegistrationOnce() {
        TaskTemplate v1 = order("1.0.0", "old words");
        TaskTemplate v2 = order("1.10.0", "An order was created.");
        TaskTemplate v19 = order("1.9.0", "older words");
        TaskTemplate other = template("ecommerce", "backorder", "1.0.0", """
                  - name: reorder
                    handler: h.reorder
                    publishes_events:
                      - name: order.created
                        delivery: fire_and_forget
                        schema:
                          type: object
                          required: [order_id, customer_id, total_cents]
                          properties:
                            order_id: {type: string}
                            customer_id: {type: string}
                            total_cents: {type: integer, minimum: 0}
                            currency: {type: string}
                """);
        EventCatalog catalog = EventCatalog.of(List.of(v1, v19, other, v2, v1));

        CatalogEntry created = only(catalog, "order.created");
        assertThat(created.firedBy()).containsExactly("ecommerce/backorder@1.0.0:reorder",
                "ecommerce/order_fulfillment@1.10.0:create_order", "ecommerce/order_fulfillment@1.9.0:create_order",
                "ecommerce/order_fulfillment@1.0.0:create_order");
        assertThat(created.declarations()).extracting(CatalogEntry.Declaration::delivery)
                .containsExactly(DeliveryMode.FIRE_AND_FORGET, DeliveryMode.DURABLE, DeliveryMode.DURABLE, DeliveryMode.DURABLE);
        assertThat(created.delivery()).isEqualTo(DeliveryMode.FIRE_AND_FORGET); // the first declaration's
        assertThat(created.description()).isEqualTo("An order was created."); // the first description there is
        assertThat(created.exampleSource()).isEqualTo(CatalogEntry.ExampleSource.DECLARED);
    }

    @Test
    void theSameNameInTwoNamespacesIsTwoEvents() {
        TaskTemplate shop = template("shop", "checkout", "1.0.0", """
                  - {name: pay, handler: h, publishes_events: [{name: order.created, schema: {type: object, properties: {id: {type: integer}}}}]}
                """);
        EventCatalog catalog = EventCatalog.of(List.of(order("1.0.0", "x"), shop));

        assertThat(catalog.named("order.created", null)).extracting(CatalogEntry::namespace).containsExactly("ecommerce", "shop");
        assertThat(catalog.named("order.created", "shop")).singleElement()
                .satisfies(e -> assertThat(e.topic()).isEqualTo("tasker.domain-events.shop"));
        assertThat(catalog.named("task.failed", "shop")).hasSize(1);
        assertThat(catalog.named("order.nope", null)).isEmpty();
        assertThat(catalog.namespaces()).containsExactly("ecommerce", "shop");
    }

    @Test
    void aGeneratedExampleTheSchemaRejectsSaysWhy() {
        TaskTemplate t = template("shop", "odd", "1.0.0", """
                  - {name: a, handler: h, publishes_events: [{name: odd.thing, schema: {type: object, required: [code], properties: {code: {type: string, pattern: '^[qz]{7}$'}}}}]}
                """);

        CatalogEntry odd = only(EventCatalog.of(List.of(t)), "odd.thing");

        assertThat(odd.exampleSource()).isEqualTo(CatalogEntry.ExampleSource.GENERATED);
        assertThat(odd.exampleProblems()).singleElement().asString().contains("$.code");
    }

    @Test
    void fieldsTheSchemaMarksSensitiveShowTheMaskInDeclaredAndGeneratedExamples() {
        TaskTemplate t = template("shop", "vault", "1.0.0", """
                  - name: a
                    handler: h
                    publishes_events:
                      - name: card.stored
                        schema: {type: object, properties: {last4: {type: string}, number: {type: string, x-sensitive: true, examples: ['4111111111114242'], default: '4111111111114242'}}}
                        examples: [{last4: '4242', number: '4111111111114242'}]
                      - name: key.rotated
                        schema: {type: object, required: [key_id, secret], properties: {key_id: {type: string}, secret: {type: string, writeOnly: true}}}
                """);
        EventCatalog catalog = EventCatalog.of(List.of(t));

        CatalogEntry card = only(catalog, "card.stored");
        assertThat(card.payloadSchema().toString()).as("the schema shown").doesNotContain("4111111111114242")
                .contains("x-sensitive");
        assertThat(card.example().path("number").asText()).isEqualTo("***REDACTED***");
        assertThat(card.example().path("last4").asText()).isEqualTo("4242");
        CatalogEntry key = only(catalog, "key.rotated");
        assertThat(key.exampleSource()).isEqualTo(CatalogEntry.ExampleSource.GENERATED);
        assertThat(key.example().path("secret").asText()).isEqualTo("***REDACTED***");
        assertThat(key.example().path("key_id").isTextual()).isTrue();
        assertThat(AsyncApiDocument.build(catalog, new TaskerTopics("tasker."), null).toString())
                .contains("***REDACTED***").doesNotContain("4111111111114242");
    }

    @Test
    void subscribersComeFromTheHook() {
        List<String> asked = new ArrayList<>();
        SubscribedBy hook = (name, namespace) -> {
            asked.add(name + "@" + namespace);
            return switch (name) {
                case "order.created" -> List.of("audit", "order-notifications");
                case "task.failed" -> List.of("alerting");
                default -> null;
            };
        };

        EventCatalog catalog = EventCatalog.of(List.of(order("1.0.0", "x")), hook);

        assertThat(only(catalog, "order.created").subscribedBy()).containsExactly("audit", "order-notifications");
        assertThat(only(catalog, "task.failed").subscribedBy()).containsExactly("alerting");
        assertThat(only(catalog, "task.completed").subscribedBy()).isEmpty();
        assertThat(asked).contains("order.created@ecommerce", "task.failed@null");
        assertThat(only(EventCatalog.of(List.of()), "task.failed").subscribedBy()).isEmpty();
    }

    @Test
    void filtersByCategoryNamespaceAndNamePattern() {
        TaskTemplate shop = template("shop", "checkout", "1.0.0", """
                  - {name: pay, handler: h, publishes_events: [{name: payment.failed, schema: {type: object}}]}
                """);
        EventCatalog catalog = EventCatalog.of(List.of(order("1.0.0", "x"), shop));

        assertThat(catalog.select(CatalogFilter.parse("domain", null, null))).extracting(CatalogEntry::name)
                .containsExactly("order.announced", "order.created", "order.fulfillment_failed", "payment.failed");
        assertThat(catalog.select(CatalogFilter.parse("STEP", null, "*.failed"))).extracting(CatalogEntry::name)
                .containsExactly("step.failed");
        assertThat(catalog.select(CatalogFilter.parse(null, null, "*.failed"))).extracting(CatalogEntry::name)
                .containsExactly("task.failed", "step.failed", "payment.failed");
        assertThat(catalog.select(CatalogFilter.parse(null, null, "order.*"))).extracting(CatalogEntry::name)
                .containsExactly("order.announced", "order.created", "order.fulfillment_failed");
        assertThat(catalog.select(CatalogFilter.parse(null, null, "order.created"))).hasSize(1);
        assertThat(catalog.select(CatalogFilter.parse("", " ", "*"))).hasSize(catalog.entries().size());
        assertThat(catalog.select(CatalogFilter.ALL)).hasSize(catalog.entries().size());
        // lifecycle events fire for every namespace's tasks, so a namespace keeps them and narrows the domain ones
        List<CatalogEntry> shopOnly = catalog.select(CatalogFilter.parse(null, "shop", null));
        assertThat(shopOnly).filteredOn(e -> !e.isLifecycle()).extracting(CatalogEntry::name).containsExactly("payment.failed");
        assertThat(shopOnly).filteredOn(CatalogEntry::isLifecycle).hasSize(LifecycleEventType.values().length);
        assertThat(catalog.select(CatalogFilter.parse("domain", "nowhere", null))).isEmpty();
    }

    @Test
    void anUnknownCategoryIsRefusedNamingTheAllowedOnes() {
        assertThatThrownBy(() -> CatalogFilter.parse("lifecycle", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown category 'lifecycle'; allowed: task, step, workflow, domain");
    }

    @Test
    void namePatternsMatchLikeSubscriptions() {
        assertThat(CatalogFilter.nameMatches("order.*", "order.line.added")).isTrue();
        assertThat(CatalogFilter.nameMatches("order.*", "orders.created")).isFalse();
        assertThat(CatalogFilter.nameMatches("*", "task.started")).isTrue();
        assertThat(CatalogFilter.nameMatches("task.started", "task.started")).isTrue();
        assertThat(CatalogFilter.nameMatches("task.start", "task.started")).isFalse();
        assertThat(CatalogFilter.nameMatches("*.created", "order.created")).isTrue();
        assertThat(CatalogFilter.nameMatches("a.(b)", "a.(b)")).isTrue(); // regex characters are literal
    }

    @Test
    void theJsonFormUsesWireNamesAndNullsForWhatDoesNotApply() {
        EventCatalog catalog = EventCatalog.of(List.of(order("1.0.0", "An order was created.")), (n, ns) -> List.of("audit"));

        JsonNode enqueued = CatalogJson.toJson(only(catalog, "step.enqueued"));
        assertThat(enqueued.path("category").asText()).isEqualTo("step");
        assertThat(enqueued.path("delivery").asText()).isEqualTo("telemetry");
        assertThat(enqueued.get("topic").isNull()).isTrue();
        assertThat(enqueued.get("namespace").isNull()).isTrue();
        assertThat(enqueued.path("example_source").asText()).isEqualTo("builder");
        JsonNode created = CatalogJson.toJson(only(catalog, "order.created"));
        assertThat(created.path("fired_by").toString()).isEqualTo("[\"ecommerce/order_fulfillment@1.0.0:create_order\"]");
        assertThat(created.path("subscribed_by").toString()).isEqualTo("[\"audit\"]");
        assertThat(created.path("declarations").get(0).path("condition").asText()).isEqualTo("success");
        assertThat(created.path("payload_schema").path("type").asText()).isEqualTo("object");
        assertThat(created.path("example").path("total_cents").asInt()).isEqualTo(2699);
        assertThat(CatalogJson.toJson(catalog.entries())).hasSize(catalog.entries().size());
    }
}
