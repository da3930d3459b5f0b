package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.templates.ContextValidator;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /v1/events}, {@code /v1/events/{name}} and {@code /v1/events/asyncapi} on the registered templates. */
class HttpApiEventsTest {
    private static final String ORDERS = """
            name: %s
            namespace: %s
            version: %s
            steps:
              - name: create_order
                handler: h.create
                publishes_events:
                  - name: order.created
                    description: An order was created.
                    schema: {type: object, required: [order_id], properties: {order_id: {type: string}}}
                    examples: [{order_id: ord-1}]
                  - name: order.rejected
                    condition: failure
                    delivery: fire_and_forget
                    schema: {type: object, properties: {reason: {type: string}}}
            """;

    private final ApiHarness api = new ApiHarness((name, namespace) -> name.equals("order.created") ? List.of("audit") : List.of());

    @AfterEach
    void stop() {
        api.close();
    }

    private void register(String name, String namespace, String version) {
        TaskTemplate t = new TemplateLoader(null).parse(ORDERS.formatted(name, namespace, version), name + ".yaml");
        api.view.templates.add(new TemplateCatalog.Entry(t, ContextValidator.forTemplate(t), new byte[0], "d-" + name + version));
    }

    private static List<String> names(JsonNode entries) {
        List<String> out = new ArrayList<>();
        entries.forEach(e -> out.add(e.path("name").asText()));
        return out;
    }

    @Test
    void listsTheLifecycleEventsAndTheDomainEventsOfEveryRegisteredVersion() {
        register("orders", "shop", "1.0.0");
        register("orders", "shop", "1.1.0");

        ApiHarness.Reply r = api.get("/v1/events");

        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        assertThat(names(r.body())).contains("task.started", "task.completed", "step.failed", "workflow.no_viable_steps",
                "order.created", "order.rejected");
        JsonNode created = find(r.body(), "order.created");
        assertThat(created.path("category").asText()).isEqualTo("domain");
        assertThat(created.path("fired_by").toString())
                .isEqualTo("[\"shop/orders@1.1.0:create_order\",\"shop/orders@1.0.0:create_order\"]");
        assertThat(created.path("topic").asText()).isEqualTo("tasker.domain-events.shop");
        assertThat(created.path("subscribed_by").toString()).isEqualTo("[\"audit\"]");
        assertThat(created.path("example").path("order_id").asText()).isEqualTo("ord-1");
        assertThat(find(r.body(), "task.completed").path("topic").asText()).isEqualTo("tasker.lifecycle");
    }

    @Test
    void filtersByCategoryNamespaceAndNamePattern() {
        register("orders", "shop", "1.0.0");
        register("orders", "warehouse", "1.0.0");

        assertThat(names(api.get("/v1/events?category=domain&namespace=shop").body())).containsExactly("order.created", "order.rejected");
        assertThat(names(api.get("/v1/events?name=order.*&namespace=warehouse").body())).containsExactly("order.created", "order.rejected");
        assertThat(names(api.get("/v1/events?category=TASK&name=*.failed").body())).containsExactly("task.failed");
        assertThat(names(api.get("/v1/events?name=nothing.*").body())).isEmpty();
    }

    @Test
    void anUnknownCategoryIs400NamingTheAllowedOnes() {
        ApiHarness.Reply r = api.get("/v1/events?category=lifecycle");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().path("error").asText()).isEqualTo("unknown category 'lifecycle'; allowed: task, step, workflow, domain");
        assertThat(r.body().path("allowed").toString()).isEqualTo("[\"task\",\"step\",\"workflow\",\"domain\"]");
    }

    @Test
    void showsOneEvent() {
        register("orders", "shop", "1.0.0");

        ApiHarness.Reply lifecycle = api.get("/v1/events/task.failed");
        ApiHarness.Reply domain = api.get("/v1/events/order.rejected");

        assertThat(lifecycle.status()).isEqualTo(200);
        assertThat(lifecycle.body().path("delivery").asText()).isEqualTo("durable");
        assertThat(lifecycle.body().path("payload_schema").path("required").toString()).contains("failed_steps");
        assertThat(domain.status()).isEqualTo(200);
        assertThat(domain.body().path("delivery").asText()).isEqualTo("fire_and_forget");
        assertThat(domain.body().path("condition").asText()).isEqualTo("failure");
        assertThat(domain.body().path("example_source").asText()).isEqualTo("generated");
    }

    @Test
    void anUnknownEventIs404NamingIt() {
        ApiHarness.Reply r = api.get("/v1/events/order.shipped");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body().path("error").asText()).startsWith("no event named 'order.shipped'");
        assertThat(api.get("/v1/events/order.created?namespace=nowhere").body().path("error").asText())
                .startsWith("no event named 'order.created' in namespace 'nowhere'");
    }

    @Test
    void aNameDeclaredInSeveralNamespacesNeedsTheNamespace() {
        register("orders", "shop", "1.0.0");
        register("orders", "warehouse", "1.0.0");

        ApiHarness.Reply ambiguous = api.get("/v1/events/order.created");
        ApiHarness.Reply chosen = api.get("/v1/events/order.created?namespace=warehouse");

        assertThat(ambiguous.status()).isEqualTo(400);
        assertThat(ambiguous.body().path("error").asText()).contains("several namespaces (shop, warehouse)").contains("?namespace=");
        assertThat(chosen.status()).isEqualTo(200);
        assertThat(chosen.body().path("topic").asText()).isEqualTo("tasker.domain-events.warehouse");
    }

    @Test
    void servesTheAsyncApiDocument() {
        register("orders", "shop", "1.0.0");

        ApiHarness.Reply r = api.get("/v1/events/asyncapi?bootstrap_servers=broker:9092");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(r.body().at("/channels/domainEvents.shop/address").asText()).isEqualTo("tasker.domain-events.shop");
        assertThat(r.body().at("/components/messages/domain.shop.order.created/x-tasker/subscribed_by/0").asText()).isEqualTo("audit");
        assertThat(r.body().at("/servers/kafka/host").asText()).isEqualTo("broker:9092");
        assertThat(api.get("/v1/events/asyncapi").body().has("servers")).isFalse();
    }

    private static JsonNode find(JsonNode entries, String name) {
        for (JsonNode e : entries) {
            if (e.path("name").asText().equals(name)) return e;
        }
        throw new AssertionError("no " + name + " in " + entries);
    }
}
