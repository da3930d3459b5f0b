package io.tasker.subscriber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTest {
    record OrderCreated(String orderId, double amount) {
    }

    private final Event e = Event.builder("order.created").payloadJson("""
            {"amount": 12.5, "qty": 3, "big": 12345678901, "customer_id": "c-1", "vip": true,
             "address": {"city": "Lyon"}, "items": [{"sku": "A"}, {"sku": "B"}], "nothing": null, "orderId": "o-1"}
            """).build();

    @Test
    void safeAccessorsReturnTypedValues() {
        assertThat(e.get("amount", 0.0)).isEqualTo(12.5);
        assertThat(e.getString("customer_id", "unknown")).isEqualTo("c-1");
        assertThat(e.getInt("qty", 0)).isEqualTo(3);
        assertThat(e.getLong("big", 0)).isEqualTo(12345678901L);
        assertThat(e.getBoolean("vip", false)).isTrue();
        assertThat(e.getString("address.city", "?")).isEqualTo("Lyon");
        assertThat(e.getString("items.1.sku", "?")).isEqualTo("B");
    }

    @Test
    void safeAccessorsNeverThrowOnMissingNullOrMistypedFields() {
        assertThat(e.get("missing", 1.0)).isEqualTo(1.0);
        assertThat(e.getString("nothing", "d")).isEqualTo("d");
        assertThat(e.getString("amount", "d")).isEqualTo("d");
        assertThat(e.getInt("customer_id", 7)).isEqualTo(7);
        assertThat(e.getInt("big", 7)).isEqualTo(7);
        assertThat(e.getString("items.9.sku", "none")).isEqualTo("none");
        assertThat(e.getString("address.city.zip", "none")).isEqualTo("none");
        assertThat(e.get("customer_id", (String) null)).isEqualTo("c-1");
        assertThat(e.get("missing", (Object) null)).isNull();
        assertThat(e.get("items", List.of())).hasSize(2);
        Event notJson = Event.builder("x.y").payloadJson("not json").build();
        assertThat(notJson.getString("a", "d")).isEqualTo("d");
        assertThat(notJson.get("", 3)).isEqualTo(3);
    }

    @Test
    void mapsThePayloadToAUserTypeOrFailsNonRetryably() {
        assertThat(e.payload(OrderCreated.class)).isEqualTo(new OrderCreated("o-1", 12.5));
        assertThatThrownBy(() -> e.payload(Integer.class)).isInstanceOf(PayloadMappingException.class)
                .hasMessageContaining("order.created").isInstanceOf(NonRetryableException.class);
        assertThat(Event.builder("a.b").payload(Map.of("k", "v")).build().getString("k", "")).isEqualTo("v");
    }

    @Test
    void classifiesLifecycleNamesByReservedPrefix() {
        assertThat(Event.builder("task.completed").build().kind()).isEqualTo(Event.Kind.LIFECYCLE);
        assertThat(Event.builder("step.failed").build().delivery()).isEqualTo("LIFECYCLE");
        assertThat(Event.builder("order.created").build().kind()).isEqualTo(Event.Kind.DOMAIN);
    }
}
