package io.tasker.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.runner.StepOutcome;
import io.tasker.runner.testing.TestStepContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EcommerceHandlersTest {

    static Map<String, Object> context(List<Map<String, Object>> items) {
        return Map.of("customer_id", "cust-1", "cart_id", "cart-9", "items", items);
    }

    static JsonNode success(StepOutcome out) {
        assertThat(out).isInstanceOf(StepOutcome.Success.class);
        return ((StepOutcome.Success) out).result();
    }

    static StepOutcome.Failure failure(StepOutcome out) {
        assertThat(out).isInstanceOf(StepOutcome.Failure.class);
        return (StepOutcome.Failure) out;
    }

    static final io.tasker.templates.TaskTemplate ORDER = Examples.templates(null).stream()
            .filter(t -> t.name().equals("order_fulfillment")).findFirst().orElseThrow();

    /** Runs the whole chain on a context the way the topology would, feeding dependency results forward. */
    static Map<String, StepOutcome> runChain(String taskId, Object ctx, Object createOrderConfig) {
        var cart = TestStepContext.builder().taskId(taskId).stepName("fetch_cart").context(ctx).build()
                .run(EcommerceHandlers.fetchCart());
        var products = TestStepContext.builder().taskId(taskId).stepName("fetch_products").context(ctx).build()
                .run(EcommerceHandlers.fetchProducts(ProductCatalog.defaultCatalog()));
        var validated = TestStepContext.builder().taskId(taskId).stepName("validate_products").context(ctx)
                .dependencyResult("fetch_cart", success(cart)).dependencyResult("fetch_products", success(products))
                .build().run(EcommerceHandlers.validateProducts());
        if (validated instanceof StepOutcome.Failure) {
            return Map.of("validate_products", validated);
        }
        var order = TestStepContext.builder().taskId(taskId).template(ORDER, "create_order").context(ctx)
                .config(createOrderConfig).dependencyResult("validate_products", success(validated)).build()
                .run(EcommerceHandlers.createOrder());
        var event = TestStepContext.builder().taskId(taskId).template(ORDER, "publish_event").context(ctx)
                .dependencyResult("create_order", success(order)).build().run(EcommerceHandlers.publishEvent());
        return Map.of("fetch_cart", cart, "fetch_products", products, "validate_products", validated,
                "create_order", order, "publish_event", event);
    }

    @Test
    void fetchCartMergesRepeatedSkusAndCountsLines() {
        JsonNode r = success(TestStepContext.builder().context(context(List.of(
                Map.of("sku", "SKU-1001", "quantity", 2), Map.of("sku", "SKU-1003", "quantity", 1),
                Map.of("sku", "SKU-1001", "quantity", 3)))).build().run(EcommerceHandlers.fetchCart()));
        assertThat(r.path("cart_id").asText()).isEqualTo("cart-9");
        assertThat(r.path("line_count").asInt()).isEqualTo(2);
        assertThat(r.path("total_quantity").asInt()).isEqualTo(6);
        assertThat(r.path("lines").get(0).path("sku").asText()).isEqualTo("SKU-1001");
        assertThat(r.path("lines").get(0).path("quantity").asInt()).isEqualTo(5);
    }

    @Test
    void fetchCartRejectsBadQuantityPermanently() {
        StepOutcome.Failure f = failure(TestStepContext.builder().context(context(List.of(
                Map.of("sku", "SKU-1001", "quantity", 0)))).build().run(EcommerceHandlers.fetchCart()));
        assertThat(f.retryable()).isFalse();
        assertThat(f.message()).contains("SKU-1001").contains("quantity");
    }

    @Test
    void fetchProductsLooksUpCatalogAndReportsMissing() {
        JsonNode r = success(TestStepContext.builder().context(context(List.of(
                Map.of("sku", "SKU-1004", "quantity", 1), Map.of("sku", "NOPE", "quantity", 1)))).build()
                .run(EcommerceHandlers.fetchProducts(ProductCatalog.defaultCatalog())));
        assertThat(r.path("products")).hasSize(1);
        assertThat(r.path("products").get(0).path("name").asText()).isEqualTo("27\" Monitor");
        assertThat(r.path("products").get(0).path("unit_price_cents").asLong()).isEqualTo(27999);
        assertThat(r.path("missing_skus").get(0).asText()).isEqualTo("NOPE");
    }

    @Test
    void totalsAreComputedCorrectly() {
        // 2 x 2499 + 1 x 8999 = 13997; tax 8% = 1119.76 -> 1120; total 15117
        var out = runChain("task-1", context(List.of(Map.of("sku", "SKU-1001", "quantity", 2),
                Map.of("sku", "SKU-1002", "quantity", 1))), null);
        JsonNode validated = success(out.get("validate_products"));
        assertThat(validated.path("lines").get(0).path("line_total_cents").asLong()).isEqualTo(4998);
        assertThat(validated.path("item_count").asInt()).isEqualTo(3);
        JsonNode order = success(out.get("create_order"));
        assertThat(order.path("subtotal_cents").asLong()).isEqualTo(13997);
        assertThat(order.path("tax_cents").asLong()).isEqualTo(1120);
        assertThat(order.path("total_cents").asLong()).isEqualTo(15117);
        assertThat(order.path("customer_id").asText()).isEqualTo("cust-1");
        JsonNode event = success(out.get("publish_event")).path("announced");
        assertThat(event.path("order_id").asText()).isEqualTo(order.path("order_id").asText());
        assertThat(event.path("total_cents").asLong()).isEqualTo(15117);
        assertThat(event.path("customer_id").asText()).isEqualTo("cust-1");
    }

    @Test
    void taxRateComesFromConfig() {
        var out = runChain("task-2", context(List.of(Map.of("sku", "SKU-1003", "quantity", 2))),
                Map.of("tax_rate", 0.25));
        JsonNode order = success(out.get("create_order"));
        assertThat(order.path("subtotal_cents").asLong()).isEqualTo(6900);
        assertThat(order.path("tax_cents").asLong()).isEqualTo(1725);
        assertThat(order.path("total_cents").asLong()).isEqualTo(8625);
    }

    @Test
    void outOfStockFailsPermanentlyNamingTheSku() {
        var out = runChain("task-3", context(List.of(Map.of("sku", "SKU-1001", "quantity", 1),
                Map.of("sku", "SKU-1010", "quantity", 3))), null);
        StepOutcome.Failure f = failure(out.get("validate_products"));
        assertThat(f.retryable()).isFalse();
        assertThat(f.message()).contains("SKU-1010").contains("requested 3").contains("available 2");
    }

    @Test
    void unknownSkuFailsPermanentlyNamingTheSku() {
        var out = runChain("task-4", context(List.of(Map.of("sku", "SKU-9999", "quantity", 1))), null);
        StepOutcome.Failure f = failure(out.get("validate_products"));
        assertThat(f.retryable()).isFalse();
        assertThat(f.message()).contains("unknown SKU 'SKU-9999'");
    }

    @Test
    void orderIdIsDeterministicPerTaskId() {
        Object ctx = context(List.of(Map.of("sku", "SKU-1005", "quantity", 1)));
        String first = success(runChain("task-x", ctx, null).get("create_order")).path("order_id").asText();
        String retried = success(runChain("task-x", ctx, null).get("create_order")).path("order_id").asText();
        String other = success(runChain("task-y", ctx, null).get("create_order")).path("order_id").asText();
        assertThat(first).startsWith("ord-").isEqualTo(retried).isNotEqualTo(other);
    }

    @Test
    void sampleContextsAreValidOrders() {
        for (int i = 0; i < 30; i++) {
            var out = runChain("sample-" + i, Examples.sampleContext(i), null);
            assertThat(out.get("publish_event")).as("sample %d", i).isInstanceOf(StepOutcome.Success.class);
        }
        assertThat(Examples.sampleContext(1)).isNotEqualTo(Examples.sampleContext(2));
    }

    @Test
    void createOrderAnnouncesOrderCreatedDeclarativelyAndPublishEventAnnouncesTheOrderFireAndForget() {
        Object ctx = context(List.of(Map.of("sku", "SKU-1001", "quantity", 1)));
        TestStepContext create = TestStepContext.builder().taskId("task-e").template(ORDER, "create_order").context(ctx)
                .dependencyResult("validate_products", success(runChain("task-e", ctx, null).get("validate_products"))).build();
        JsonNode order = success(create.run(EcommerceHandlers.createOrder()));
        assertThat(create.published("order.created")).singleElement().satisfies(e -> {
            assertThat(e.declarative()).isTrue();
            assertThat(e.payload().path("order_id").asText()).isEqualTo(order.path("order_id").asText());
        });

        TestStepContext announce = TestStepContext.builder().taskId("task-e").template(ORDER, "publish_event").context(ctx)
                .dependencyResult("create_order", order).build();
        success(announce.run(EcommerceHandlers.publishEvent()));
        assertThat(announce.published("order.announced")).singleElement().satisfies(e -> {
            assertThat(e.declarative()).isFalse();
            assertThat(e.delivery()).isEqualTo(io.tasker.templates.EventDeclaration.Delivery.FIRE_AND_FORGET);
            assertThat(e.payload().path("total_cents").asLong()).isEqualTo(order.path("total_cents").asLong());
        });
    }
}
