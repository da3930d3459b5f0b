package io.tasker.launcher.cli;

import io.tasker.launcher.cli.FakeApi.Reply;
import io.tasker.launcher.cli.FakeApi.Result;
import io.tasker.schemas.TaskerTopics;
import io.tasker.templates.TemplateLoader;
import io.tasker.templates.catalog.AsyncApiDocument;
import io.tasker.templates.catalog.CatalogEntry;
import io.tasker.templates.catalog.CatalogJson;
import io.tasker.templates.catalog.EventCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tasker events list|show|asyncapi} against a stand-in API answering with a real catalog. */
class EventsCommandTest {
    private static final EventCatalog CATALOG = EventCatalog.of(List.of(new TemplateLoader(null).parse("""
            name: order_fulfillment
            namespace: ecommerce
            version: 1.0.0
            steps:
              - name: create_order
                handler: ecommerce.create_order
                publishes_events:
                  - name: order.created
                    description: An order was created for a customer.
                    schema:
                      type: object
                      required: [order_id, customer_id, total_cents]
                      properties:
                        order_id: {type: string}
                        customer_id: {type: string, description: Who ordered.}
                        total_cents: {type: integer, minimum: 0}
                        placed_at: {type: string, format: date-time}
                        note: {type: [string, "null"]}
                    examples:
                      - {order_id: ord-0f8e, customer_id: c-1, total_cents: 2699}
            """, "order_fulfillment.yaml")), (name, ns) -> name.equals("order.created") ? List.of("audit", "order-notifications") : List.of());

    private final FakeApi api;

    @TempDir
    Path dir;

    EventsCommandTest() throws IOException {
        api = new FakeApi();
        api.handler = req -> {
            if (req.path().equals("/v1/events")) return Reply.of(200, CatalogJson.toJson(CATALOG.entries()).toString());
            if (req.path().equals("/v1/events/asyncapi")) {
                String servers = req.query() == null ? null : req.query().replace("bootstrap_servers=", "").replace("%3A", ":");
                return Reply.of(200, AsyncApiDocument.build(CATALOG, TaskerTopics.defaults(), servers).toString());
            }
            String name = req.path().substring("/v1/events/".length());
            List<CatalogEntry> found = CATALOG.named(name, null);
            return found.isEmpty() ? Reply.of(404, "{\"error\":\"no event named '" + name + "'\"}")
                    : Reply.of(200, CatalogJson.toJson(found.get(0)).toString());
        };
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void listPrintsOneRowPerEventAndACount() {
        Result r = api.tasker("events", "list");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("NAME +CATEGORY +DELIVERY +TOPIC +FIRED_BY +SUBSCRIBED_BY")
                .containsPattern("task\\.completed +task +durable +tasker\\.lifecycle +topology +-")
                .containsPattern("step\\.enqueued +step +telemetry +- +topology")
                .containsPattern("order\\.created +domain +durable +tasker\\.domain-events\\.ecommerce"
                        + " +ecommerce/order_fulfillment@1\\.0\\.0:create_order +audit, order-notifications")
                .contains("19 events (18 lifecycle, 1 domain)");
    }

    @Test
    void listPassesTheFiltersAndJsonPrintsWhatTheServerSaid() {
        Result r = api.tasker("events", "list", "--category", "domain", "--namespace", "ecommerce", "--name", "order.*", "--output", "json");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(api.requests.get(0).query()).isEqualTo("category=domain&namespace=ecommerce&name=order.*");
        assertThat(r.out()).startsWith("[ {").contains("\"fired_by\" : [ \"ecommerce/order_fulfillment@1.0.0:create_order\" ]");
    }

    @Test
    void showPrintsTheFieldsThePayloadKeysAndTheExample() {
        Result r = api.tasker("events", "show", "order.created");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(api.requests.get(0).path()).isEqualTo("/v1/events/order.created");
        assertThat(r.out()).containsPattern("event +order\\.created")
                .containsPattern("description +An order was created for a customer\\.")
                .containsPattern("delivery +durable")
                .containsPattern("topic +tasker\\.domain-events\\.ecommerce")
                .containsPattern("condition +success")
                .containsPattern("fired by +ecommerce/order_fulfillment@1\\.0\\.0:create_order")
                .containsPattern("subscribed by +audit, order-notifications")
                .containsPattern("  KEY +TYPE +REQUIRED +DESCRIPTION")
                .containsPattern("  customer_id +string +yes +Who ordered\\.")
                .containsPattern("  total_cents +integer +yes")
                .containsPattern("  placed_at +string \\(date-time\\) +no")
                .containsPattern("  note +string \\| null +no")
                .contains("example (declared):", "\"order_id\" : \"ord-0f8e\"");
    }

    @Test
    void showListsTheDeclarationsWhenTheyDifferInHowTheEventIsDelivered() throws IOException {
        String yaml = """
                name: %s
                namespace: shop
                version: 1.0.0
                steps:
                  - {name: a, handler: h, publishes_events: [{name: order.created, delivery: %s, schema: {type: object}}]}
                """;
        EventCatalog two = EventCatalog.of(List.of(new TemplateLoader(null).parse(yaml.formatted("x", "durable"), "x.yaml"),
                new TemplateLoader(null).parse(yaml.formatted("y", "fire_and_forget"), "y.yaml")));
        api.handler = req -> Reply.of(200, CatalogJson.toJson(two.named("order.created", null).get(0)).toString());

        Result r = api.tasker("events", "show", "order.created");

        assertThat(r.out()).contains("declared by:").containsPattern("  shop/x@1\\.0\\.0:a +durable +success")
                .containsPattern("  shop/y@1\\.0\\.0:a +fire_and_forget +success");
        assertThat(api.tasker("events", "show", "order.created").out()).isEqualTo(r.out());
        api.handler = req -> Reply.of(200, CatalogJson.toJson(CATALOG.named("order.created", null).get(0)).toString());
        assertThat(api.tasker("events", "show", "order.created").out()).doesNotContain("declared by:");
    }

    @Test
    void showOfALifecycleEventSaysTelemetryHasNoTopic() {
        Result r = api.tasker("events", "show", "step.enqueued");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("topic +none \\(telemetry: span events and metrics only\\)")
                .containsPattern("subscribed by +none known")
                .containsPattern("  event_type +const \"step\\.enqueued\" +yes")
                .contains("example (builder):");
    }

    @Test
    void showOfAnUnknownEventExitsTwoWithTheServersWords() {
        Result r = api.tasker("events", "show", "order.shipped", "--namespace", "ecommerce");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: no event named 'order.shipped'" + System.lineSeparator());
        assertThat(api.requests.get(0).query()).isEqualTo("namespace=ecommerce");
    }

    @Test
    void asyncapiWritesJsonOrYamlByTheFileName() throws IOException {
        Path json = dir.resolve("tasker.json");
        Path yaml = dir.resolve("tasker.yaml");

        Result r = api.tasker("events", "asyncapi", "--output", json.toString(), "--bootstrap-servers", "broker:9092");
        Result y = api.tasker("events", "asyncapi", "--output", yaml.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("wrote " + json + ": AsyncAPI 3.0.0, ").contains(" channels, ").contains(" messages");
        assertThat(api.requests.get(0).query()).isEqualTo("bootstrap_servers=broker%3A9092");
        assertThat(FakeApi.JSON.readTree(json.toFile()).at("/servers/kafka/host").asText()).isEqualTo("broker:9092");
        assertThat(y.exit()).as(y.err()).isZero();
        assertThat(Files.readString(yaml)).contains("asyncapi: \"3.0.0\"").contains("domainEvents.ecommerce:");
    }

    @Test
    void asyncapiPrintsToStandardOutputByDefault() throws IOException {
        Result r = api.tasker("events", "asyncapi");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(FakeApi.JSON.readTree(r.out()).path("asyncapi").asText()).isEqualTo("3.0.0");
    }

    @Test
    void anUnreachableServerExitsThree() {
        Result list = FakeApi.run("events", "list", "--url", "http://127.0.0.1:1");
        Result doc = FakeApi.run("events", "asyncapi", "--url", "http://127.0.0.1:1");

        assertThat(list.exit()).isEqualTo(3);
        assertThat(doc.exit()).isEqualTo(3);
        assertThat(doc.err()).startsWith("error: cannot connect to Tasker at http://127.0.0.1:1");
    }
}
