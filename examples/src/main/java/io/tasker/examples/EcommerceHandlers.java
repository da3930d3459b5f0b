package io.tasker.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasker.runner.PermanentStepException;
import io.tasker.runner.StepHandler;
import io.tasker.runner.StepOutcome;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The step handlers of the {@code ecommerce/order_fulfillment} template. All handlers are stateless and thread-safe;
 * invalid input fails permanently (a retry cannot fix it), and every result is derived from the task context and the
 * dependency results, so re-running an attempt gives the same result (idempotent).
 *
 * <p>Context shape: {@code {"customer_id": "c-1", "cart_id": "cart-1", "items": [{"sku": "SKU-1001",
 * "quantity": 2}]}}.
 */
public final class EcommerceHandlers {

    public static final String FETCH_CART = "ecommerce.fetch_cart";
    public static final String FETCH_PRODUCTS = "ecommerce.fetch_products";
    public static final String VALIDATE_PRODUCTS = "ecommerce.validate_products";
    public static final String CREATE_ORDER = "ecommerce.create_order";
    public static final String PUBLISH_EVENT = "ecommerce.publish_event";

    /** The tax rate used when the step config has no {@code tax_rate}. */
    public static final BigDecimal DEFAULT_TAX_RATE = new BigDecimal("0.08");

    private EcommerceHandlers() {
    }

    /**
     * {@code fetch_cart}: the cart lines from the context's {@code items}, repeated SKUs merged, in first-seen order.
     * Result: {@code {cart_id, customer_id, lines: [{sku, quantity}], line_count, total_quantity}}.
     */
    public static StepHandler fetchCart() {
        return ctx -> {
            JsonNode c = ctx.context();
            String cartId = Json.text(c, "cart_id", "context");
            String customerId = Json.text(c, "customer_id", "context");
            JsonNode items = Json.array(c, "items", "context");
            if (items.isEmpty()) {
                throw new PermanentStepException("cart " + cartId + " has no items");
            }
            Map<String, Integer> quantities = new LinkedHashMap<>();
            for (int i = 0; i < items.size(); i++) {
                JsonNode item = items.get(i);
                String sku = Json.text(item, "sku", "context.items[" + i + "]");
                JsonNode q = item.path("quantity");
                if (!q.canConvertToInt() || !q.isIntegralNumber() || q.asInt() < 1) {
                    throw new PermanentStepException("context.items[" + i + "] (" + sku
                            + "): quantity must be an integer >= 1, was " + q);
                }
                quantities.merge(sku, q.asInt(), Math::addExact);
            }
            ObjectNode out = Json.MAPPER.createObjectNode();
            out.put("cart_id", cartId);
            out.put("customer_id", customerId);
            ArrayNode lines = out.putArray("lines");
            int total = 0;
            for (var e : quantities.entrySet()) {
                lines.addObject().put("sku", e.getKey()).put("quantity", e.getValue());
                total += e.getValue();
            }
            out.put("line_count", lines.size());
            out.put("total_quantity", total);
            return StepOutcome.success(out);
        };
    }

    /**
     * {@code fetch_products}: looks up every distinct SKU of the context's items in {@code catalog}. Result:
     * {@code {products: [{sku, name, unit_price_cents, stock}], missing_skus: [..]}}; unknown SKUs are reported, not
     * failed (validation is the next step's job).
     */
    public static StepHandler fetchProducts(ProductCatalog catalog) {
        Objects.requireNonNull(catalog, "catalog");
        return ctx -> {
            JsonNode items = Json.array(ctx.context(), "items", "context");
            Set<String> skus = new LinkedHashSet<>();
            for (int i = 0; i < items.size(); i++) {
                skus.add(Json.text(items.get(i), "sku", "context.items[" + i + "]"));
            }
            ObjectNode out = Json.MAPPER.createObjectNode();
            ArrayNode products = out.putArray("products");
            ArrayNode missing = out.putArray("missing_skus");
            for (String sku : skus) {
                catalog.find(sku).ifPresentOrElse(p -> products.addObject()
                        .put("sku", p.sku())
                        .put("name", p.name())
                        .put("unit_price_cents", p.unitPriceCents())
                        .put("stock", p.stock()), () -> missing.add(sku));
            }
            return StepOutcome.success(out);
        };
    }

    /**
     * {@code validate_products}: joins the cart lines ({@code fetch_cart}) with the products ({@code fetch_products}).
     * Fails permanently, naming the SKU, when a SKU is unknown or its quantity exceeds the stock. Result:
     * {@code {lines: [{sku, name, quantity, unit_price_cents, line_total_cents}], item_count}}.
     */
    public static StepHandler validateProducts() {
        return ctx -> {
            JsonNode cart = ctx.dependencyResult("fetch_cart");
            JsonNode fetched = ctx.dependencyResult("fetch_products");
            Map<String, JsonNode> products = new LinkedHashMap<>();
            for (JsonNode p : Json.array(fetched, "products", "fetch_products result")) {
                products.put(p.path("sku").asText(), p);
            }
            ObjectNode out = Json.MAPPER.createObjectNode();
            ArrayNode lines = out.putArray("lines");
            int itemCount = 0;
            for (JsonNode line : Json.array(cart, "lines", "fetch_cart result")) {
                String sku = line.path("sku").asText();
                int quantity = line.path("quantity").asInt();
                JsonNode product = products.get(sku);
                if (product == null) {
                    throw new PermanentStepException("unknown SKU '" + sku + "': not in the product catalog");
                }
                int stock = product.path("stock").asInt();
                if (quantity > stock) {
                    throw new PermanentStepException("insufficient stock for SKU '" + sku + "': requested "
                            + quantity + ", available " + stock);
                }
                long unit = product.path("unit_price_cents").asLong();
                lines.addObject()
                        .put("sku", sku)
                        .put("name", product.path("name").asText())
                        .put("quantity", quantity)
                        .put("unit_price_cents", unit)
                        .put("line_total_cents", Math.multiplyExact(unit, quantity));
                itemCount += quantity;
            }
            out.put("item_count", itemCount);
            return StepOutcome.success(out);
        };
    }

    /**
     * {@code create_order}: prices the validated lines. Subtotal is the sum of line totals, tax is
     * {@code subtotal * tax_rate} rounded half-up to the cent (config {@code tax_rate}, default 0.08, within [0, 1]),
     * total is subtotal + tax. The order id is derived from the task id, so a retried attempt creates the same order.
     * Result: {@code {order_id, customer_id, cart_id, currency, lines, item_count, subtotal_cents, tax_rate,
     * tax_cents, total_cents}}.
     */
    public static StepHandler createOrder() {
        return ctx -> {
            JsonNode validated = ctx.dependencyResult("validate_products");
            BigDecimal taxRate = taxRate(ctx.config());
            long subtotal = 0;
            for (JsonNode line : Json.array(validated, "lines", "validate_products result")) {
                subtotal = Math.addExact(subtotal, line.path("line_total_cents").asLong());
            }
            long tax = BigDecimal.valueOf(subtotal).multiply(taxRate).setScale(0, RoundingMode.HALF_UP)
                    .longValueExact();
            ObjectNode out = Json.MAPPER.createObjectNode();
            out.put("order_id", orderId(ctx.taskId()));
            out.put("customer_id", Json.text(ctx.context(), "customer_id", "context"));
            out.put("cart_id", Json.text(ctx.context(), "cart_id", "context"));
            out.put("currency", ctx.config().path("currency").asText("USD"));
            out.set("lines", validated.path("lines").deepCopy());
            out.put("item_count", validated.path("item_count").asInt());
            out.put("subtotal_cents", subtotal);
            out.put("tax_rate", taxRate);
            out.put("tax_cents", tax);
            out.put("total_cents", Math.addExact(subtotal, tax));
            return StepOutcome.success(out);
        };
    }

    /**
     * {@code publish_event}: announces the order to downstream systems with the {@code order.announced} event, which
     * the template declares {@code fire_and_forget} (best effort, straight from the runner). Published imperatively with
     * {@link io.tasker.runner.StepContext#publish}; {@code order.created} is published declaratively by the runner when
     * {@code create_order} succeeds. Result: {@code {announced: {order_id, customer_id, total_cents, currency,
     * item_count}}}.
     */
    public static StepHandler publishEvent() {
        return ctx -> {
            JsonNode order = ctx.dependencyResult("create_order");
            ObjectNode event = Json.MAPPER.createObjectNode();
            event.put("order_id", Json.text(order, "order_id", "create_order result"));
            event.put("customer_id", Json.text(order, "customer_id", "create_order result"));
            event.put("total_cents", order.path("total_cents").asLong());
            event.put("currency", order.path("currency").asText("USD"));
            event.put("item_count", order.path("item_count").asInt());
            ctx.publish("order.announced", event);
            ObjectNode out = Json.MAPPER.createObjectNode();
            out.set("announced", event);
            return StepOutcome.success(out);
        };
    }

    /** The order id for a task: {@code ord-} plus a name-based UUID of the task id (stable across retries). */
    public static String orderId(String taskId) {
        return "ord-" + UUID.nameUUIDFromBytes(("order:" + taskId).getBytes(StandardCharsets.UTF_8));
    }

    private static BigDecimal taxRate(JsonNode config) {
        JsonNode v = config.path("tax_rate");
        if (v.isMissingNode() || v.isNull()) {
            return DEFAULT_TAX_RATE;
        }
        if (!v.isNumber()) {
            throw new PermanentStepException("config tax_rate must be a number, was " + v);
        }
        BigDecimal rate = v.decimalValue();
        if (rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) > 0) {
            throw new PermanentStepException("config tax_rate must be within [0, 1], was " + rate);
        }
        return rate;
    }
}
