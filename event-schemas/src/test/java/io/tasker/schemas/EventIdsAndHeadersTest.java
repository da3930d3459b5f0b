package io.tasker.schemas;

import io.tasker.avro.DomainEvent;
import io.tasker.avro.EventDelivery;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class EventIdsAndHeadersTest {
    @Test
    void anEventIdIsTheSameForTheSameAttemptNameAndSequenceAndDiffersOtherwise() {
        String id = EventIds.of("t1", "charge", 1, "payment.charged", 0);
        assertThat(EventIds.of("t1", "charge", 1, "payment.charged", 0)).isEqualTo(id);
        assertThat(EventIds.of("t1", "charge", 2, "payment.charged", 0)).isNotEqualTo(id);
        assertThat(EventIds.of("t1", "charge", 1, "payment.charged", 1)).isNotEqualTo(id);
        assertThat(EventIds.of("t1", "charge", 1, "payment.refunded", 0)).isNotEqualTo(id);
        assertThat(EventIds.of("t2", "charge", 1, "payment.charged", 0)).isNotEqualTo(id);
        // no field may bleed into the next: ("a", "bc") and ("ab", "c") are different events
        assertThat(EventIds.of("a", "bc", 1, "x.y", 0)).isNotEqualTo(EventIds.of("ab", "c", 1, "x.y", 0));
    }

    @Test
    void cloudEventsHeadersCarryIdTypeSourceTimeAndContentType() {
        DomainEvent e = DomainEvent.newBuilder().setEventId("e-1").setName("order.created").setNamespace("shop")
                .setTaskId("t-9").setStepName("create_order").setAttempt(1).setSequence(0).setTemplateName("orders")
                .setTemplateVersion("1.0.0").setFiredAt(Instant.parse("2026-11-28T10:00:00.123Z"))
                .setDelivery(EventDelivery.DURABLE).setPayloadJson("{}").setPayloadSchema("tasker:shop/orders/1.0.0#create_order/order.created")
                .build();

        Headers h = CloudEventHeaders.of(e);

        assertThat(text(h, "ce_specversion")).isEqualTo("1.0");
        assertThat(text(h, "ce_id")).isEqualTo("e-1");
        assertThat(text(h, "ce_type")).isEqualTo("order.created");
        assertThat(text(h, "ce_source")).isEqualTo("/tasker/shop/tasks/t-9/steps/create_order");
        assertThat(text(h, "ce_time")).isEqualTo("2026-11-28T10:00:00.123Z");
        assertThat(text(h, "ce_subject")).isEqualTo("t-9");
        assertThat(text(h, "ce_dataschema")).isEqualTo("tasker:shop/orders/1.0.0#create_order/order.created");
        assertThat(text(h, "content-type")).isEqualTo("application/avro");
    }

    private static String text(Headers h, String key) {
        return new String(h.lastHeader(key).value(), StandardCharsets.UTF_8);
    }
}
