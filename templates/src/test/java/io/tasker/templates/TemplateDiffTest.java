package io.tasker.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateDiffTest {

    private static final String BASE = """
            name: order_fulfillment
            namespace: ecommerce
            version: 1.0.0
            description: Order flow
            input_schema: { type: object, required: [cart_id] }
            lifecycle: { max_duration_seconds: 3600 }
            steps:
              - name: fetch_cart
                handler: { name: ecommerce.fetch_cart, config: { source: db, limits: { items: 50 } } }
                retry: { max_attempts: 3 }
              - name: reserve
                handler: ecommerce.reserve
                depends_on: [fetch_cart]
                timeout_seconds: 30
                publishes_events:
                  - { name: stock.reserved, schema: { type: object } }
              - name: ship
                handler: ecommerce.ship
                depends_on: [reserve]
            """;

    private static TaskTemplate t(String yaml) {
        return new TemplateLoader(null).parse(yaml, "t.yaml");
    }

    private static List<String> diff(String changed) {
        return TemplateDiff.between(t(BASE), t(changed));
    }

    @Test
    void isEmptyForTheSameDefinitionWrittenDifferently() {
        String respelled = BASE
                .replace("handler: ecommerce.reserve", "handler: { name: ecommerce.reserve, config: {} }")
                .replace("retry: { max_attempts: 3 }", "retry: { max_attempts: 3, backoff: exponential, jitter: 0.1 }")
                .replace("  - { name: stock.reserved, schema: { type: object } }",
                        "  - { name: stock.reserved, schema: { type: object }, condition: success, delivery: durable,"
                                + " examples: [] }");
        assertThat(TemplateDiff.between(t(BASE), t(respelled))).isEmpty();
        assertThat(TemplateDiff.between(t(BASE), t(BASE))).isEmpty();
    }

    @Test
    void namesRemovedAndAddedSteps() {
        String changed = BASE.replace("""
                  - name: ship
                    handler: ecommerce.ship
                    depends_on: [reserve]
                """, """
                  - name: deliver
                    handler: ecommerce.ship
                    depends_on: [reserve]
                """);
        assertThat(diff(changed)).containsExactly("step 'ship' removed", "step 'deliver' added");
    }

    @Test
    void namesChangedStepFieldsWithOldAndNewValues() {
        String changed = BASE
                .replace("name: ecommerce.fetch_cart", "name: ecommerce.fetch_cart_v2")
                .replace("max_attempts: 3", "max_attempts: 5")
                .replace("source: db", "source: cache")
                .replace("items: 50", "items: 60")
                .replace("timeout_seconds: 30", "timeout_seconds: 60")
                .replace("depends_on: [reserve]", "depends_on: [fetch_cart, reserve]");
        assertThat(diff(changed)).containsExactly(
                "steps.fetch_cart.handler.config.limits.items: 50 -> 60",
                "steps.fetch_cart.handler.config.source: 'db' -> 'cache'",
                "steps.fetch_cart.handler.name: 'ecommerce.fetch_cart' -> 'ecommerce.fetch_cart_v2'",
                "steps.fetch_cart.retry.max_attempts: 3 -> 5",
                "steps.reserve.timeout_seconds: 30 -> 60",
                "steps.ship.depends_on: [\"reserve\"] -> [\"fetch_cart\",\"reserve\"]");
    }

    @Test
    void namesTopLevelChanges() {
        String changed = BASE
                .replace("description: Order flow", "description: Order flow v2")
                .replace("required: [cart_id]", "required: [cart_id, customer_id]")
                .replace("max_duration_seconds: 3600", "max_duration_seconds: 7200");
        assertThat(diff(changed)).containsExactly(
                "description: 'Order flow' -> 'Order flow v2'",
                "input_schema changed",
                "lifecycle.max_duration_seconds: 3600 -> 7200");
        assertThat(diff(BASE.replace("description: Order flow\n", "")
                .replace("lifecycle: { max_duration_seconds: 3600 }\n", "")
                .replace("input_schema: { type: object, required: [cart_id] }\n", ""))).containsExactly(
                "description: 'Order flow' -> (none)",
                "input_schema removed",
                "lifecycle.max_duration_seconds: 3600 -> (none)");
    }

    @Test
    void namesEventChanges() {
        assertThat(diff(BASE.replace("  - { name: stock.reserved, schema: { type: object } }",
                "  - { name: stock.reserved, schema: { type: string }, delivery: fire_and_forget }\n"
                        + "      - { name: stock.held, schema: { type: object } }"))).containsExactly(
                "steps.reserve: event 'stock.held' added",
                "steps.reserve.publishes_events.stock.reserved.delivery: 'durable' -> 'fire_and_forget'",
                "steps.reserve.publishes_events.stock.reserved.schema changed");
        assertThat(diff(BASE.replace("  - { name: stock.reserved, schema: { type: object } }",
                "  - { name: stock.held, schema: { type: object } }"))).containsExactly(
                "steps.reserve: event 'stock.reserved' removed", "steps.reserve: event 'stock.held' added");
    }

    @Test
    void namesChangedAddedAndRemovedEventExamples() {
        String withExamples = BASE.replace("  - { name: stock.reserved, schema: { type: object } }",
                "  - { name: stock.reserved, schema: { type: object }, examples: [ {sku: a}, {sku: b} ] }");
        assertThat(TemplateDiff.between(t(BASE), t(withExamples))).containsExactly(
                "steps.reserve.publishes_events.stock.reserved.examples[0] added",
                "steps.reserve.publishes_events.stock.reserved.examples[1] added");
        assertThat(TemplateDiff.between(t(withExamples), t(withExamples.replace("{sku: b}", "{sku: c}"))))
                .containsExactly("steps.reserve.publishes_events.stock.reserved.examples[1] changed");
        assertThat(TemplateDiff.between(t(withExamples), t(withExamples.replace(", {sku: b}", ""))))
                .containsExactly("steps.reserve.publishes_events.stock.reserved.examples[1] removed");
    }

    @Test
    void countsListsAnOlderWriterLeftOutAsEmpty() {
        String candidate = TemplateJson.toJson(t(BASE));
        String older = candidate.replace(",\"examples\":[]", "").replace(",\"publishes_events\":[]", "")
                .replace("\"depends_on\":[],", "");
        assertThat(older).doesNotContain("examples").doesNotContain("\"depends_on\":[]");
        assertThat(TemplateDiff.betweenJson(older, candidate)).isEmpty();
        assertThat(TemplateDiff.betweenJson(older.replace("\"timeout_seconds\":30", "\"timeout_seconds\":31"),
                candidate)).containsExactly("steps.reserve.timeout_seconds: 31 -> 30");
    }

    @Test
    void namesAReorderingOfSteps() {
        String reordered = BASE.replace("""
                  - name: reserve
                    handler: ecommerce.reserve
                    depends_on: [fetch_cart]
                    timeout_seconds: 30
                    publishes_events:
                      - { name: stock.reserved, schema: { type: object } }
                  - name: ship
                    handler: ecommerce.ship
                    depends_on: [reserve]
                """, """
                  - name: ship
                    handler: ecommerce.ship
                    depends_on: [reserve]
                  - name: reserve
                    handler: ecommerce.reserve
                    depends_on: [fetch_cart]
                    timeout_seconds: 30
                    publishes_events:
                      - { name: stock.reserved, schema: { type: object } }
                """);
        assertThat(diff(reordered)).containsExactly("steps reordered: fetch_cart, reserve, ship -> fetch_cart, ship,"
                + " reserve");
    }

    @Test
    void namesAChangedKey() {
        assertThat(diff(BASE.replace("version: 1.0.0", "version: 1.1.0"))).containsExactly(
                "version: '1.0.0' -> '1.1.0'");
    }

    @Test
    void comparesCanonicalJsonTextsIgnoringKeyOrder() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        String canonical = TemplateJson.toJson(t(BASE));
        ObjectNode reordered = mapper.createObjectNode();
        JsonNode tree = mapper.readTree(canonical);
        List<String> keys = new ArrayList<>();
        tree.fieldNames().forEachRemaining(keys::add);
        Collections.reverse(keys);
        keys.forEach(k -> reordered.set(k, tree.get(k)));
        assertThat(TemplateDiff.betweenJson(reordered.toString(), canonical)).isEmpty();
    }

    @Test
    void comparesARegisteredDefinitionThatTodaysValidationWouldRefuse() {
        String candidate = TemplateJson.toJson(t(BASE));
        String registered = candidate.replace("\"timeout_seconds\":30", "\"timeout_seconds\":9999999");
        assertThat(registered).isNotEqualTo(candidate);
        assertThat(TemplateDiff.betweenJson(registered, candidate))
                .containsExactly("steps.reserve.timeout_seconds: 9999999 -> 30");
        assertThatThrownBy(() -> TemplateDiff.betweenJson("[1]", candidate))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void redefinitionErrorNamesTheKeyTheChangesAndTheFix() {
        TaskTemplate changed = t(BASE.replace("max_attempts: 3", "max_attempts: 5"));
        assertThat(TemplateDiff.redefinitionError(changed, TemplateDiff.between(t(BASE), changed))).isEqualTo(
                "version 1.0.0 of ecommerce/order_fulfillment is already registered with a different definition:"
                        + " steps.fetch_cart.retry.max_attempts: 3 -> 5; bump the version");
    }
}
