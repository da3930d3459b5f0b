package io.tasker.launcher.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JavaNamesTest {
    @Test
    void spellsClassSubscriberAndStepNamesFromAnyCase() {
        assertThat(JavaNames.typeName("order-notifications")).isEqualTo("OrderNotifications");
        assertThat(JavaNames.typeName("OrderNotifications")).isEqualTo("OrderNotifications");
        assertThat(JavaNames.typeName("order_notifications.v2")).isEqualTo("OrderNotificationsV2");
        assertThat(JavaNames.kebab("OrderNotifications")).isEqualTo("order-notifications");
        assertThat(JavaNames.snake("ChargeCard")).isEqualTo("charge_card");
        assertThat(JavaNames.snake("HTTPCall")).isEqualTo("httpcall");
    }

    @Test
    void makesVariablesThatAreNeverKeywordsOrTheEventParameter() {
        assertThat(JavaNames.variable("total_cents")).isEqualTo("totalCents");
        assertThat(JavaNames.variable("class")).isEqualTo("classValue");
        assertThat(JavaNames.variable("e")).isEqualTo("eValue");
        assertThat(JavaNames.variable("1st_item")).isEqualTo("v1stItem");
        assertThat(JavaNames.variable("$")).isEqualTo("value");
    }

    @Test
    void namesHandlerMethodsLikeTheSubscriberSdkRoutesThem() {
        assertThat(JavaNames.handlerMethod("order.created")).isEqualTo("handleOrderCreated");
        assertThat(JavaNames.handlerMethod("order_line.added")).isEqualTo("handleOrderLineAdded");
        assertThat(JavaNames.handlerMethod("step.max_retries_reached")).isEqualTo("handleStepMaxRetriesReached");
    }

    @Test
    void escapesLiteralsAndComments() {
        assertThat(JavaNames.literal("a\"b\\c\n")).isEqualTo("\"a\\\"b\\\\c\\n\"");
        assertThat(JavaNames.comment("ends */ here \\u0041")).isEqualTo("ends *&#47; here \\\\u0041");
    }

    @Test
    void refusesNamesAndPackagesJavaCannotUse() {
        assertThatThrownBy(() -> JavaNames.requireName("1abc", "subscriber name"))
                .hasMessageStartingWith("subscriber name '1abc' must start with a letter");
        assertThatThrownBy(() -> JavaNames.requirePackage("com.Example")).hasMessageContaining("not a Java package");
        assertThatThrownBy(() -> JavaNames.requirePackage("com.class.x")).hasMessageContaining("not a Java package");
        assertThat(JavaNames.requirePackage("com.example.orders")).isEqualTo("com.example.orders");
    }
}
