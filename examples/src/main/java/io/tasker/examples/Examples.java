package io.tasker.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasker.runner.HandlerRegistry;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateLoader;
import java.util.List;

/**
 * Entry point to the examples: the handlers, the templates and sample task contexts for the demo and benchmarks.
 * All methods are thread-safe.
 */
public final class Examples {

    /** Classpath resources of every example template; keep in sync with {@code src/main/resources/templates}. */
    public static final List<String> TEMPLATE_RESOURCES = List.of("templates/order_fulfillment.yaml",
            "templates/order_fulfillment_flaky.yaml", "templates/order_fulfillment_noevents.yaml",
            "templates/order_fulfillment_events.yaml");

    /** SKUs {@link #sampleContext(int)} draws from: plenty of stock, so sample orders always validate. */
    private static final List<String> SAMPLE_SKUS = List.of("SKU-1001", "SKU-1002", "SKU-1003", "SKU-1004",
            "SKU-1005", "SKU-1006", "SKU-1007", "SKU-1008");

    private Examples() {
    }

    /**
     * A new registry with every example handler: {@code ecommerce.fetch_cart}, {@code ecommerce.fetch_products}
     * (default {@link ProductCatalog}), {@code ecommerce.validate_products}, {@code ecommerce.create_order},
     * {@code ecommerce.publish_event}, {@code demo.flaky}, {@code demo.always_fail} and {@code demo.noop}.
     */
    public static HandlerRegistry handlers() {
        return new HandlerRegistry()
                .register(EcommerceHandlers.FETCH_CART, EcommerceHandlers.fetchCart())
                .register(EcommerceHandlers.FETCH_PRODUCTS,
                        EcommerceHandlers.fetchProducts(ProductCatalog.defaultCatalog()))
                .register(EcommerceHandlers.VALIDATE_PRODUCTS, EcommerceHandlers.validateProducts())
                .register(EcommerceHandlers.CREATE_ORDER, EcommerceHandlers.createOrder())
                .register(EcommerceHandlers.PUBLISH_EVENT, EcommerceHandlers.publishEvent())
                .register(DemoHandlers.FLAKY, DemoHandlers.flaky())
                .register(DemoHandlers.ALWAYS_FAIL, DemoHandlers.alwaysFail())
                .register(DemoHandlers.NOOP, DemoHandlers.noop())
                .register(DemoHandlers.SLOW, DemoHandlers.slow())
                .register(EcommerceHandlers.FETCH_CART + "_flaky", DemoHandlers.failingFirstAttempt(EcommerceHandlers.fetchCart()));
    }

    /**
     * Loads every example template from the classpath ({@link #TEMPLATE_RESOURCES}).
     *
     * @param environment the environment whose overrides apply; {@code null} for the base templates
     * @throws io.tasker.templates.TemplateValidationException if a template is invalid
     */
    public static List<TaskTemplate> templates(String environment) {
        TemplateLoader loader = new TemplateLoader(environment);
        return TEMPLATE_RESOURCES.stream().map(loader::loadResource).toList();
    }

    /**
     * A valid {@code ecommerce/order_fulfillment} context for sample number {@code i} (any int): customer, cart and
     * one to three distinct in-stock items with quantities 1 to 3, varying with {@code i}. Deterministic.
     *
     * @return the context as JSON text
     */
    public static String sampleContext(int i) {
        int n = Math.floorMod(i, 3) + 1;
        ObjectNode ctx = Json.MAPPER.createObjectNode();
        ctx.put("customer_id", "customer-" + Math.floorMod(i, 97));
        ctx.put("cart_id", "cart-" + i);
        ArrayNode items = ctx.putArray("items");
        for (int k = 0; k < n; k++) {
            String sku = SAMPLE_SKUS.get(Math.floorMod(i * 7 + k * 3, SAMPLE_SKUS.size()));
            items.addObject().put("sku", sku).put("quantity", Math.floorMod(i + k, 3) + 1);
        }
        try {
            return Json.MAPPER.writeValueAsString(ctx);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
