package io.tasker.launcher.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tasker.examples.Examples;
import io.tasker.templates.TemplateLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnownEventsTest {
    static final KnownEvents EXAMPLES = KnownEvents.of(Examples.templates(null), "the example templates");

    @Test
    void resolvesDomainEventsWithTheirDeclaredSchemaAndExample() {
        EventSpec e = EXAMPLES.resolve(List.of("order.created")).get(0);
        assertThat(e.system()).isFalse();
        assertThat(e.source()).isEqualTo("ecommerce/order_fulfillment/1.0.0 step create_order");
        assertThat(e.fields()).extracting(PayloadField::key, PayloadField::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("order_id", PayloadField.JsonType.STRING),
                org.assertj.core.groups.Tuple.tuple("customer_id", PayloadField.JsonType.STRING),
                org.assertj.core.groups.Tuple.tuple("total_cents", PayloadField.JsonType.INTEGER),
                org.assertj.core.groups.Tuple.tuple("currency", PayloadField.JsonType.STRING));
        assertThat(e.example().path("order_id").asText()).isEqualTo("ord-0f8e");
    }

    @Test
    void resolvesSystemEventsPublishedToTheLifecycleTopic() {
        List<EventSpec> specs = EXAMPLES.resolve(List.of("task.failed", "step.completed", "task.failed"));
        assertThat(specs).extracting(EventSpec::name).containsExactly("task.failed", "step.completed");
        assertThat(specs.get(0).system()).isTrue();
        assertThat(specs.get(0).step()).isNull();
        assertThat(specs.get(1).step()).isNotNull();
        assertThat(specs.get(0).example().path("event_type").asText()).isEqualTo("task.failed");
    }

    @Test
    void suggestsCloseNamesForAnUnknownEvent() {
        assertThatThrownBy(() -> EXAMPLES.resolve(List.of("order.creatd"))).isInstanceOf(GeneratorException.class)
                .hasMessageStartingWith("unknown event 'order.creatd', did you mean order.created?")
                .hasMessageContaining("the domain events declared by the example templates");
        assertThatThrownBy(() -> EXAMPLES.resolve(List.of("task.fail"))).hasMessageContaining("did you mean task.failed?");
    }

    @Test
    void listsEveryKnownEventWhenNoneIsClose() {
        assertThatThrownBy(() -> EXAMPLES.resolve(List.of("invoice.paid"))).hasMessageEndingWith(
                "Known events: " + String.join(", ", EXAMPLES.names()) + ".")
                .hasMessageContaining("order.created").hasMessageContaining("task.completed");
    }

    @Test
    void refusesTelemetryOnlyEventsPatternsAndNoEvents() {
        assertThatThrownBy(() -> EXAMPLES.resolve(List.of("step.started"))).hasMessageStartingWith(
                "'step.started' is telemetry only: it is never published to the lifecycle topic")
                .hasMessageContaining("step.completed");
        assertThatThrownBy(() -> EXAMPLES.resolve(List.of("order.*"))).hasMessageContaining("name exact events");
        assertThatThrownBy(() -> EXAMPLES.resolve(List.of(" "))).hasMessageContaining("at least one event");
    }

    @Test
    void takesDomainEventsFromTheGivenTemplatesAndBuildsAnExampleWhenNoneIsDeclared() {
        var t = new TemplateLoader(null).parse("""
                name: billing
                namespace: finance
                version: 2.0.0
                steps:
                  - name: charge
                    handler: finance.charge
                    publishes_events:
                      - name: payment.charged
                        schema:
                          type: object
                          required: [amount_cents, currency, refunded]
                          properties:
                            amount_cents: {type: integer, minimum: 1}
                            currency: {enum: [EUR, USD]}
                            refunded: {type: boolean}
                            note: {type: [string, "null"]}
                            lines: {type: array, items: {type: object}}
                """, "billing.yaml");
        KnownEvents known = KnownEvents.of(List.of(t), "billing.yaml");
        EventSpec e = known.resolve(List.of("payment.charged")).get(0);
        assertThat(e.namespace()).isEqualTo("finance");
        assertThat(e.example().toString()).isEqualTo(
                "{\"amount_cents\":1,\"currency\":\"EUR\",\"refunded\":true,\"note\":\"note-1\",\"lines\":[]}");
        assertThat(e.fields()).extracting(PayloadField::type).containsExactly(PayloadField.JsonType.INTEGER,
                PayloadField.JsonType.TREE, PayloadField.JsonType.BOOLEAN, PayloadField.JsonType.STRING,
                PayloadField.JsonType.TREE);
        assertThatThrownBy(() -> known.resolve(List.of("order.created"))).hasMessageContaining(
                "declared by billing.yaml");
    }
}
