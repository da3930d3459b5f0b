package io.tasker.subscriber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskerSubscriberTest {
    @Subscribe({"order.created", "task.failed", "payment.*"})
    static class OrderNotifications extends TaskerSubscriber {
        final List<String> seen = new ArrayList<>();

        OrderNotifications() {
            super("order-notifications");
        }

        void handleOrderCreated(Event e) {
            seen.add("created:" + e.getString("order_id", "?"));
        }

        void handleTaskFailed(Event e) {
            seen.add("failed:" + e.taskId());
        }

        void handlePaymentAny(Event e) {
            seen.add("payment:" + e.name());
        }
    }

    @Subscribe({"order.created", "order.shipped"})
    static class MissingMethod extends TaskerSubscriber {
        MissingMethod() {
            super("missing");
        }

        void handleOrderCreated(Event e) {
        }
    }

    static class ByCall extends TaskerSubscriber {
        final List<String> seen = new ArrayList<>();

        ByCall() {
            super("by-call");
            subscribeTo("*");
            on("order.created", "audit", e -> seen.add("audit"));
        }

        private void handleAny(Event e) {
            seen.add("any:" + e.name());
        }
    }

    record OrderCreated(String orderId, double amount) {
    }

    @Test
    void routesEachSubscribedNameToItsMethod() {
        OrderNotifications s = new OrderNotifications();
        SubscriberTestKit kit = SubscriberTestKit.of(s);
        kit.send("order.created", Map.of("order_id", "o-1"));
        kit.send(Event.builder("task.failed").taskId("t-9").build());
        kit.send("payment.card.declined", Map.of());
        SubscriberTestKit.Delivery unmatched = kit.send("order.shipped", Map.of());
        assertThat(s.seen).containsExactly("created:o-1", "failed:t-9", "payment:payment.card.declined");
        assertThat(unmatched.handled()).isEmpty();
        assertThat(kit.handlerNames()).containsExactly("handleOrderCreated", "handleTaskFailed", "handlePaymentAny");
        assertThat(kit.metrics().unmatched()).isEqualTo(1);
    }

    @Test
    void aSubscribedNameWithoutItsMethodIsAStartUpErrorNamingTheMethod() {
        assertThatThrownBy(() -> SubscriberTestKit.of(new MissingMethod()))
                .isInstanceOf(SubscriberDefinitionException.class)
                .hasMessageContaining("handleOrderShipped(Event)").hasMessageContaining("order.shipped");
    }

    @Test
    void eventsFromConfigAreRoutedByMethodNameToo() {
        OrderNotifications s = new OrderNotifications();
        SubscriberConfig cfg = SubscriberConfig.fromMap(Map.of(SubscriberConfig.SUBSCRIBER_NAME, s.name(),
                SubscriberConfig.BOOTSTRAP_SERVERS, "localhost:9092", SubscriberConfig.SCHEMA_REGISTRY_URL,
                "http://localhost:8081", SubscriberConfig.EVENTS, "order.refunded"));
        assertThatThrownBy(() -> SubscriberTestKit.of(s, cfg)).hasMessageContaining("handleOrderRefunded");
    }

    @Test
    void subscribeToAndOnCanBeUsedInAConstructorAndBothRun() {
        ByCall s = new ByCall();
        SubscriberTestKit.Delivery d = SubscriberTestKit.of(s).send("order.created", Map.of());
        assertThat(s.seen).containsExactlyInAnyOrder("any:order.created", "audit");
        assertThat(d.handled()).containsExactlyInAnyOrder("handleAny", "audit");
    }

    @Test
    void builderHandlersGetEventsAndTypedPayloads() {
        List<String> seen = new ArrayList<>();
        TaskerSubscriber s = TaskerSubscriber.builder("audit")
                .on("payment.*", e -> seen.add("payment:" + e.name()))
                .on("order.created", OrderCreated.class, (e, o) -> seen.add(o.orderId() + "=" + o.amount()))
                .on("*", e -> seen.add("all")).named("everything")
                .build();
        SubscriberTestKit kit = SubscriberTestKit.of(s);
        kit.send("payment.charged", Map.of());
        kit.send("order.created", Map.of("orderId", "o-2", "amount", 3.5));
        assertThat(seen).containsExactly("payment:payment.charged", "all", "o-2=3.5", "all");
        assertThat(kit.handlerNames()).containsExactly("payment.*", "order.created", "everything");
    }

    @Test
    void unnamedBuilderHandlersOfOnePatternGetDistinctNames() {
        TaskerSubscriber s = TaskerSubscriber.builder("two").on("a.b", e -> { }).on("a.b", e -> { }).build();
        assertThat(SubscriberTestKit.of(s).handlerNames()).containsExactly("a.b", "a.b#2");
        assertThatThrownBy(() -> TaskerSubscriber.builder("dup").on("a.b", e -> { }).named("x")
                .on("c.d", e -> { }).named("x")).hasMessageContaining("two handlers named x");
    }

    @Test
    void badPatternsAndNamesAreRejected() {
        assertThatThrownBy(() -> TaskerSubscriber.builder("s").on("order.*.x", e -> { }))
                .isInstanceOf(SubscriberDefinitionException.class).hasMessageContaining("order.*.x");
        assertThatThrownBy(() -> TaskerSubscriber.builder("bad name")).hasMessageContaining("subscriber.name");
        assertThatThrownBy(() -> SubscriberTestKit.of(TaskerSubscriber.builder("empty").build()))
                .hasMessageContaining("handles no events");
    }

    @Test
    void configureReceivesTheFreeConfigMap() {
        Map<String, Object>[] got = new Map[1];
        TaskerSubscriber s = new TaskerSubscriber("cfg") {
            {
                on("*", e -> { });
            }

            @Override
            protected void configure(Map<String, Object> config) {
                got[0] = config;
            }
        };
        SubscriberConfig cfg = SubscriberConfig.fromMap(Map.of(SubscriberConfig.SUBSCRIBER_NAME, "cfg",
                SubscriberConfig.BOOTSTRAP_SERVERS, "x:1", SubscriberConfig.SCHEMA_REGISTRY_URL, "http://r"));
        SubscriberTestKit.of(s, cfg);
        assertThat(got[0]).isEmpty();
        assertThat(s.config()).isEmpty();
    }

    @Subscribe("order.created")
    static class WithPolicies extends TaskerSubscriber {
        final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

        WithPolicies(String handlerWithPolicy) {
            super("with-policies");
            retryPolicy(RetryPolicy.defaults().withMaxAttempts(5));
            retryPolicy(handlerWithPolicy, RetryPolicy.noRetries());
        }

        void handleOrderCreated(Event e) {
            calls.incrementAndGet();
            throw new IllegalStateException("always");
        }
    }

    @Test
    void aHandlerPolicyOverridesTheSubscriberPolicyAndMustNameAnExistingHandler() {
        WithPolicies s = new WithPolicies("handleOrderCreated");
        SubscriberTestKit.Delivery d = SubscriberTestKit.of(s).send("order.created", Map.of());
        assertThat(s.calls).hasValue(1);
        assertThat(d.deadLettered()).singleElement().extracting(SubscriberTestKit.DeadLettered::attempts)
                .isEqualTo(1);
        assertThatThrownBy(() -> SubscriberTestKit.of(new WithPolicies("handleOrderCreate")))
                .isInstanceOf(SubscriberDefinitionException.class).hasMessageContaining("handleOrderCreate");
    }

    @Test
    void theSubscriberPolicyOverridesTheConfigPolicy() {
        TaskerSubscriber s = TaskerSubscriber.builder("p").retry(RetryPolicy.defaults().withMaxAttempts(2))
                .on("a.b", e -> {
                    throw new IllegalStateException("x");
                }).build();
        assertThat(SubscriberTestKit.of(s, RetryPolicy.defaults().withMaxAttempts(9)).send("a.b", Map.of())
                .deadLettered().get(0).attempts()).isEqualTo(2);
        TaskerSubscriber plain = TaskerSubscriber.builder("q").on("a.b", e -> {
            throw new IllegalStateException("x");
        }).build();
        assertThat(SubscriberTestKit.of(plain, RetryPolicy.defaults().withMaxAttempts(3)).send("a.b", Map.of())
                .deadLettered().get(0).attempts()).isEqualTo(3);
    }
}
