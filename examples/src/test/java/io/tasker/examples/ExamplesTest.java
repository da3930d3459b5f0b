package io.tasker.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasker.templates.ContextValidator;
import io.tasker.templates.HandlerCheck;
import io.tasker.templates.StepDefinition;
import io.tasker.templates.TaskTemplate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExamplesTest {

    @Test
    void templatesLoadAndEveryHandlerIsRegistered() {
        List<TaskTemplate> templates = Examples.templates(null);
        assertThat(templates).extracting(TaskTemplate::key).containsExactly("ecommerce/order_fulfillment/1.0.0", "ecommerce/order_fulfillment_flaky/1.0.0",
                "ecommerce/order_fulfillment_noevents/1.0.0", "ecommerce/order_fulfillment_events/1.0.0");
        assertThat(io.tasker.templates.EventContracts.conflicts(templates)).as("one contract per event name").isEmpty();
        var names = Examples.handlers().names();
        for (TaskTemplate t : templates) {
            HandlerCheck.requireHandlers(t, names);
            for (StepDefinition s : t.steps()) {
                assertThat(names).contains(s.handler().name());
            }
        }
    }

    @Test
    void orderTemplateHasTheDocumentedShape() {
        TaskTemplate t = Examples.templates(null).get(0);
        assertThat(t.steps()).extracting(StepDefinition::name).containsExactly("fetch_cart", "fetch_products",
                "validate_products", "create_order", "publish_event");
        assertThat(t.step("validate_products").orElseThrow().dependsOn())
                .containsExactly("fetch_cart", "fetch_products");
        StepDefinition create = t.step("create_order").orElseThrow();
        assertThat(create.publishesEvents()).extracting(e -> e.name()).containsExactly("order.created");
        assertThat(create.retry().maxAttempts()).isEqualTo(3);
        assertThat(create.retry().backoffBaseMs()).isEqualTo(100);
        assertThat(t.inputSchema().path("required").toString()).contains("items");
    }

    @Test
    void sampleContextsMatchTheInputSchemaAndBadOnesDoNot() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        ContextValidator v = ContextValidator.forTemplate(Examples.templates(null).get(0));
        for (int i = 0; i < 10; i++) {
            assertThat(v.validate(mapper.readTree(Examples.sampleContext(i)))).as("sample %d", i).isEmpty();
        }
        assertThat(v.validate(mapper.readTree(
                "{\"customer_id\":\"c\",\"cart_id\":\"x\",\"items\":[{\"sku\":\"SKU-1001\",\"quantity\":0}]}")))
                .isNotEmpty();
        assertThat(v.validate(mapper.readTree("{\"customer_id\":\"c\",\"cart_id\":\"x\",\"items\":[]}")))
                .isNotEmpty();
    }

    @Test
    void registryHasDemoHandlers() {
        assertThat(Examples.handlers().names()).contains("demo.flaky", "demo.always_fail", "demo.noop");
    }
}
