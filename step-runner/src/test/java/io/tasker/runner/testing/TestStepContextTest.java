package io.tasker.runner.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasker.runner.StepOutcome;
import io.tasker.templates.EventDeclaration;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a handler's unit test builds a context that knows the step's events and asserts what was published. */
class TestStepContextTest {

    static final TaskTemplate TEMPLATE = new TemplateLoader(null).loadResource("templates/events.yaml");

    @Test
    void aTemplateAndStepGiveTheIdentityAndTheDeclarations() {
        TestStepContext ctx = TestStepContext.builder().template(TEMPLATE, "charge").build();
        assertThat(ctx.namespace()).isEqualTo("shop");
        assertThat(ctx.templateName()).isEqualTo("order_events");
        assertThat(ctx.templateVersion()).isEqualTo("1.0.0");
        assertThat(ctx.stepName()).isEqualTo("charge");

        StepOutcome out = ctx.run(c -> {
            c.publish("payment.charged", Map.of("charge_id", "ch-1"));
            return StepOutcome.success(Map.of("charge_id", "ch-1"));
        });

        assertThat(out).isInstanceOf(StepOutcome.Success.class);
        assertThat(ctx.published()).containsExactly(new RecordedEvent("payment.charged",
                ctx.published().get(0).payload(), EventDeclaration.Delivery.DURABLE, 0, false));
        assertThat(ctx.published("payment.charged")).singleElement()
                .satisfies(e -> assertThat(e.payload().path("charge_id").asText()).isEqualTo("ch-1"));
        assertThat(ctx.published("payment.declined")).isEmpty();
    }

    @Test
    void declarationsCanBeGivenWithoutATemplate() {
        EventDeclaration viewed = TEMPLATE.step("create_order").orElseThrow().publishesEvents().stream()
                .filter(e -> e.name().equals("order.viewed")).findFirst().orElseThrow();
        TestStepContext ctx = TestStepContext.builder().stepName("s").declaredEvents(java.util.List.of(viewed))
                .build();
        ctx.publish("order.viewed", Map.of("page", 1));
        assertThat(ctx.published()).singleElement().satisfies(e -> {
            assertThat(e.delivery()).isEqualTo(EventDeclaration.Delivery.FIRE_AND_FORGET);
            assertThat(e.sequence()).isZero();
        });
    }

    @Test
    void eventsPublishedByCallingTheHandlerDirectlyAreRecordedToo() throws Exception {
        TestStepContext ctx = TestStepContext.builder().template(TEMPLATE, "charge").build();
        StepOutcome out = ((io.tasker.runner.StepHandler) c -> {
            c.publish("payment.charged", Map.of("charge_id", "ch-2"));
            return StepOutcome.success(null);
        }).handle(ctx);
        assertThat(out).isInstanceOf(StepOutcome.Success.class);
        // no run(): no declarative publication, only what the handler published
        assertThat(ctx.published()).extracting(RecordedEvent::name).containsExactly("payment.charged");
    }
}
