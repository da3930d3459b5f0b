package io.tasker.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tasker.avro.DomainEvent;
import io.tasker.avro.EventDelivery;
import io.tasker.avro.PublishedEvent;
import io.tasker.avro.StepCommand;
import io.tasker.schemas.CloudEventHeaders;
import io.tasker.schemas.EventIds;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateLoader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

/** Where the runner finds declarations, and the records an attempt's events become. */
class EventRecordsTest {

    static final TaskTemplate TEMPLATE = new TemplateLoader(null).loadResource("templates/events.yaml");
    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    final EventCatalog catalog = new EventCatalog("runner-7", List.of(TEMPLATE), Clock.fixed(NOW, ZoneOffset.UTC));

    static StepCommand command(String template, String step, int attempt) {
        return StepCommand.newBuilder().setTaskId("task-9").setStepName(step).setAttempt(attempt)
                .setNamespace("shop").setTemplateName(template).setTemplateVersion("1.0.0").setHandler("h")
                .setContextJson("{}").setCorrelationId("corr-9").setDispatchedAt(NOW).build();
    }

    List<AttemptEvents.Event> publishTwice(StepCommand cmd) {
        AttemptEvents events = catalog.forAttempt(cmd, () -> { });
        events.publish("order.itemized", Map.of("sku", "A"));
        events.publish("order.viewed", Map.of("by", "x"));
        return events.seal("done");
    }

    @Test
    void durableEventsCarryDeterministicIdsInSequenceOrder() {
        StepCommand cmd = command("order_events", "create_order", 2);
        List<AttemptEvents.Event> first = publishTwice(cmd);
        List<AttemptEvents.Event> again = publishTwice(cmd);

        List<PublishedEvent> records = first.stream().map(e -> EventRecords.published(cmd, e)).toList();
        assertThat(records).extracting(PublishedEvent::getName, PublishedEvent::getSequence)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("order.itemized", 0),
                        org.assertj.core.groups.Tuple.tuple("order.viewed", 1));
        PublishedEvent p = records.get(0);
        assertThat(p.getEventId()).isEqualTo(EventIds.of("task-9", "create_order", 2, "order.itemized", 0));
        assertThat(p.getPayloadJson()).isEqualTo("{\"sku\":\"A\"}");
        assertThat(p.getFiredAt()).isEqualTo(NOW);
        // a re-executed attempt that publishes the same events gets the same ids; another attempt does not
        assertThat(again.stream().map(e -> EventRecords.eventId(cmd, e)))
                .containsExactlyElementsOf(records.stream().map(PublishedEvent::getEventId).toList());
        StepCommand retry = command("order_events", "create_order", 3);
        assertThat(EventRecords.eventId(retry, first.get(0))).isNotEqualTo(p.getEventId());
    }

    @Test
    void aFireAndForgetEventIsAFullEnvelopeWithCloudEventsHeaders() {
        StepCommand cmd = command("order_events", "create_order", 2);
        AttemptEvents.Event viewed = publishTwice(cmd).get(1);
        DomainEvent e = EventRecords.fireAndForget(cmd, viewed, "runner-7");

        assertThat(e.getEventId()).isEqualTo(EventIds.of("task-9", "create_order", 2, "order.viewed", 1));
        assertThat(e.getName()).isEqualTo("order.viewed");
        assertThat(e.getNamespace()).isEqualTo("shop");
        assertThat(e.getTaskId()).isEqualTo("task-9");
        assertThat(e.getStepName()).isEqualTo("create_order");
        assertThat(e.getAttempt()).isEqualTo(2);
        assertThat(e.getSequence()).isEqualTo(1);
        assertThat(e.getTemplateName()).isEqualTo("order_events");
        assertThat(e.getTemplateVersion()).isEqualTo("1.0.0");
        assertThat(e.getCorrelationId()).isEqualTo("corr-9");
        assertThat(e.getFiredAt()).isEqualTo(NOW);
        assertThat(e.getFiredBy()).isEqualTo("runner-7");
        assertThat(e.getRecordedAt()).isNull();
        assertThat(e.getDelivery()).isEqualTo(EventDelivery.FIRE_AND_FORGET);
        assertThat(e.getPayloadJson()).isEqualTo("{\"by\":\"x\"}");
        assertThat(e.getPayloadSchema()).isEqualTo("tasker:shop/order_events/1.0.0#create_order/order.viewed");

        Headers h = CloudEventHeaders.of(e);
        assertThat(header(h, CloudEventHeaders.ID)).isEqualTo(e.getEventId());
        assertThat(header(h, CloudEventHeaders.TYPE)).isEqualTo("order.viewed");
        assertThat(header(h, CloudEventHeaders.SOURCE)).isEqualTo("/tasker/shop/tasks/task-9/steps/create_order");
    }

    @Test
    void aStepOfAnUnknownTemplateRefusesPublishNamingTheTemplate() {
        AttemptEvents events = catalog.forAttempt(command("other_template", "create_order", 1), () -> { });
        assertThat(events.declarations()).isEmpty();
        assertThatThrownBy(() -> events.publish("order.created", Map.of("order_id", "o")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot publish event 'order.created': runner runner-7 was not started with template"
                        + " shop/other_template/1.0.0 (its templates in namespace 'shop': [shop/order_events/1.0.0]),"
                        + " so it does not know the events step 'create_order' declares; start the runner with that"
                        + " template to publish events");
        assertThat(catalog.knows(command("order_events", "charge", 1))).isTrue();
    }

    @Test
    void refusedPublishesAreCounted() {
        int[] refused = {0};
        AttemptEvents events = catalog.forAttempt(command("order_events", "charge", 1), () -> refused[0]++);
        assertThatThrownBy(() -> events.publish("order.created", Map.of())).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> events.publish("payment.charged", Map.of())).isInstanceOf(RuntimeException.class);
        events.publish("payment.charged", Map.of("charge_id", "c"));
        assertThat(refused[0]).isEqualTo(2);
    }

    private static String header(Headers h, String name) {
        return new String(h.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
