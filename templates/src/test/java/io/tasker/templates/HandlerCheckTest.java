package io.tasker.templates;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class HandlerCheckTest {

    private final TaskTemplate order = new TemplateLoader(null).loadResource("templates/order.yaml");

    @Test
    void passesWhenEveryHandlerIsRegistered() {
        assertThatCode(() -> HandlerCheck.requireHandlers(order, Set.of("ecommerce.fetch_cart",
                "ecommerce.fetch_products", "ecommerce.validate_products", "ecommerce.create_order",
                "ecommerce.publish_event"))).doesNotThrowAnyException();
    }

    @Test
    void namesTemplateStepAndHandlerForEachMissingHandler() {
        assertThatThrownBy(() -> HandlerCheck.requireHandlers(order, Set.of("ecommerce.fetch_cart",
                "ecommerce.fetch_products", "ecommerce.validate_products")))
                .isInstanceOf(TemplateValidationException.class)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((TemplateValidationException) e).errors())
                        .containsExactly(
                                "ecommerce/order_fulfillment/1.0.0: steps[3] (create_order): handler"
                                        + " 'ecommerce.create_order' is not registered (known: ecommerce.fetch_cart,"
                                        + " ecommerce.fetch_products, ecommerce.validate_products)",
                                "ecommerce/order_fulfillment/1.0.0: steps[4] (publish_event): handler"
                                        + " 'ecommerce.publish_event' is not registered (known: ecommerce.fetch_cart,"
                                        + " ecommerce.fetch_products, ecommerce.validate_products)"));
    }
}
