package io.tasker.examples.subscribers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasker.examples.EcommerceHandlers;
import io.tasker.subscriber.Event;
import io.tasker.subscriber.SubscriberDefinitionException;
import io.tasker.subscriber.SubscriberTestKit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrderNotificationsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    SubscriberTestKit kit() {
        return SubscriberTestKit.of(new OrderNotifications(), Map.of(OrderNotifications.OUTPUT_DIR, dir.toString()));
    }

    static Event orderCreated(String taskId) {
        JsonNode example = CatalogExamples.example("order.created").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) example).put("order_id", EcommerceHandlers.orderId(taskId));
        return Event.builder("order.created").taskId(taskId).namespace("ecommerce")
                .template("order_fulfillment", "1.0.0").firedAt(Instant.parse("2026-11-28T10:00:00Z"))
                .payload(example).build();
    }

    static Event taskCompleted(String taskId) {
        return Event.builder("task.completed").kind(Event.Kind.LIFECYCLE).taskId(taskId).namespace("ecommerce")
                .template("order_fulfillment", "1.0.0").firedAt(Instant.parse("2026-11-28T10:00:01Z"))
                .payload(Map.of("task_state", "complete")).build();
    }

    JsonNode notification(String taskId) throws Exception {
        return JSON.readTree(dir.resolve(EcommerceHandlers.orderId(taskId) + ".json").toFile());
    }

    @Test
    void writesOneNotificationPerOrderWithTheCreatedOrderAndItsFulfilment() throws Exception {
        SubscriberTestKit kit = kit();
        assertThat(kit.send(orderCreated("t-1")).handled()).containsExactly("handleOrderCreated");
        assertThat(notification("t-1").path("message").asText()).isEqualTo("Order " + EcommerceHandlers.orderId("t-1")
                + " for 26.99 USD has been received and is being prepared.");
        assertThat(kit.send(taskCompleted("t-1")).handled()).containsExactly("handleTaskCompleted");
        JsonNode n = notification("t-1");
        assertThat(n.path("message").asText()).endsWith("for 26.99 USD has been fulfilled. Thank you, c-1!");
        assertThat(n.path("fulfilled_at").asText()).isEqualTo("2026-11-28T10:00:01Z");
        kit.send(orderCreated("t-2"));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    EcommerceHandlers.orderId("t-1") + ".json", EcommerceHandlers.orderId("t-2") + ".json");
        }
    }

    @Test
    void endsWithTheSameNotificationWhicheverEventArrivesFirstAndOnRedelivery() throws Exception {
        SubscriberTestKit kit = kit();
        kit.send(taskCompleted("t-1"));
        assertThat(notification("t-1").path("message").asText()).endsWith("has been fulfilled.");
        kit.send(orderCreated("t-1"));
        JsonNode reversed = notification("t-1");
        kit.send(orderCreated("t-1"));
        kit.send(taskCompleted("t-1"));
        assertThat(notification("t-1")).isEqualTo(reversed);
        assertThat(reversed.path("message").asText()).endsWith("has been fulfilled. Thank you, c-1!");
    }

    @Test
    void ignoresCompletedTasksThatAreNotOrders() throws Exception {
        SubscriberTestKit kit = kit();
        kit.send(Event.builder("task.completed").kind(Event.Kind.LIFECYCLE).taskId("t-9").namespace("billing")
                .template("invoice_run", "1.0.0").build());
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void deadLettersAnOrderCreatedWithoutOrderIdWithoutRetrying() {
        SubscriberTestKit kit = kit();
        var d = kit.send(Event.builder("order.created").taskId("t-1").payload(Map.of("customer_id", "c-1")).build());
        assertThat(d.deadLettered()).singleElement().satisfies(l -> {
            assertThat(l.reason()).isEqualTo("non_retryable");
            assertThat(l.attempts()).isEqualTo(1);
        });
    }

    @Test
    void refusesToStartWithoutAnOutputDirectory() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SubscriberTestKit.of(new OrderNotifications(), Map.of()))
                .isInstanceOf(SubscriberDefinitionException.class).hasMessageContaining("config.output_dir");
    }
}
