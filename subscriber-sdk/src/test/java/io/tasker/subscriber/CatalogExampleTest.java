package io.tasker.subscriber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateLoader;
import io.tasker.templates.catalog.CatalogJson;
import io.tasker.templates.catalog.EventCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test kit fed from the event catalog's entries, as `GET /v1/events/{name}` answers them. */
class CatalogExampleTest {
    static final String TEMPLATE = """
            name: orders
            namespace: shop
            version: 1.0.0
            steps:
              - name: create_order
                handler: {name: shop.create_order}
                publishes_events:
                  - name: order.created
                    schema: {type: object, required: [order_id, total_cents], properties: {order_id: {type: string}, total_cents: {type: integer}}}
                    examples: [{order_id: ord-7, total_cents: 1250}]
            """;

    static final EventCatalog CATALOG = EventCatalog.of(List.<TaskTemplate>of(new TemplateLoader(null).parse(TEMPLATE, "orders.yaml")));

    static JsonNode entry(String name) {
        return CatalogJson.toJson(CATALOG.named(name, null).get(0));
    }

    @Subscribe({"order.created", "task.failed"})
    static class Orders extends TaskerSubscriber {
        final List<String> seen = new ArrayList<>();

        Orders() {
            super("orders");
        }

        void handleOrderCreated(Event e) {
            seen.add(e.name() + " " + e.getString("order_id", "?") + " " + e.getLong("total_cents", -1) + " " + e.namespace());
        }

        void handleTaskFailed(Event e) {
            seen.add(e.name() + " " + e.taskId() + " " + e.templateName() + " " + e.getString("error_message", "?"));
        }
    }

    @Test
    void deliversTheDeclaredExampleOfADomainEventAndTheStandardExampleOfASystemEvent() {
        Orders orders = new Orders();
        SubscriberTestKit kit = SubscriberTestKit.of(orders);
        JsonNode failed = entry("task.failed");

        assertThat(kit.sendCatalogExample(entry("order.created")).handled()).containsExactly("handleOrderCreated");
        assertThat(kit.sendCatalogExample(failed).handled()).containsExactly("handleTaskFailed");
        assertThat(orders.seen).containsExactly("order.created ord-7 1250 shop",
                "task.failed " + failed.path("example").path("task_id").asText() + " "
                        + failed.path("example").path("template_name").asText() + " "
                        + failed.path("example").path("error_message").asText());
        assertThat(failed.path("example").path("task_id").asText()).isNotBlank();
    }

    @Test
    void refusesSomethingThatIsNotACatalogEntry() {
        SubscriberTestKit kit = SubscriberTestKit.of(new Orders());
        assertThatThrownBy(() -> kit.sendCatalogExample(new ObjectMapper().valueToTree(Map.of("name", "order.created"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("example");
    }
}
