package io.tasker.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasker.runner.testing.RecordedEvent;
import io.tasker.runner.testing.TestStepContext;
import io.tasker.schemas.TaskerLimits;
import io.tasker.templates.EventDeclaration;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** {@code ctx.publish}: what is checked at the call, what is recorded, and how a refused publish fails the step. */
class EventPublishingTest {

    static final TaskTemplate TEMPLATE = new TemplateLoader(null).loadResource("templates/events.yaml");
    static final ObjectMapper JSON = new ObjectMapper();

    record Line(String sku, int quantity) {
    }

    static TestStepContext createOrder() {
        return TestStepContext.builder().template(TEMPLATE, "create_order").taskId("task-1").attempt(2).build();
    }

    @Test
    void aRecordAMapAndAJsonNodeArePublishedAsTheSameJson() throws Exception {
        TestStepContext ctx = createOrder();
        ctx.publish("order.itemized", new Line("A-1", 2));
        ctx.publish("order.itemized", Map.of("sku", "A-1", "quantity", 2));
        ctx.publish("order.itemized", JSON.readTree("{\"sku\":\"A-1\",\"quantity\":2}"));

        assertThat(ctx.published("order.itemized")).hasSize(3).extracting(RecordedEvent::payload)
                .allSatisfy(p -> assertThat(p).isEqualTo(JSON.readTree("{\"sku\":\"A-1\",\"quantity\":2}")));
        assertThat(ctx.published()).extracting(RecordedEvent::sequence).containsExactly(0, 1, 2);
        assertThat(ctx.published()).allSatisfy(e -> {
            assertThat(e.delivery()).isEqualTo(EventDeclaration.Delivery.DURABLE);
            assertThat(e.declarative()).isFalse();
        });
    }

    @Test
    void anUndeclaredNameThrowsListingTheDeclaredNames() {
        TestStepContext ctx = createOrder();
        assertThatThrownBy(() -> ctx.publish("order.shipped", Map.of()))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> {
                    assertThat(e).isInstanceOf(IllegalArgumentException.class);
                    assertThat(e.eventName()).isEqualTo("order.shipped");
                    assertThat(e.violations()).isEmpty();
                })
                .hasMessage("step 'create_order' does not declare event 'order.shipped' (declared: order.created,"
                        + " order.itemized, order.viewed, order.audited, order.failed)");
        assertThat(ctx.published()).isEmpty();
    }

    @Test
    void aStepWithoutEventsSaysItDeclaresNone() {
        TestStepContext ctx = TestStepContext.builder().template(TEMPLATE, "notify").build();
        assertThatThrownBy(() -> ctx.publish("order.created", Map.of("order_id", "o")))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("step 'notify' does not declare event 'order.created' (it declares no events in"
                        + " publishes_events)");
    }

    @Test
    void aPayloadNotMatchingTheSchemaThrowsNamingTheEventAndEveryViolation() {
        TestStepContext ctx = createOrder();
        assertThatThrownBy(() -> ctx.publish("order.created", Map.of("order_id", 42, "total", -1)))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> {
                    assertThat(e.eventName()).isEqualTo("order.created");
                    assertThat(e.violations()).hasSize(2);
                    assertThat(e.violations()).anySatisfy(v -> assertThat(v).startsWith("$.order_id"));
                    assertThat(e.violations()).anySatisfy(v -> assertThat(v).startsWith("$.total"));
                })
                .hasMessageStartingWith("payload of event 'order.created' does not match its schema: $.");
        assertThat(ctx.published()).isEmpty();
    }

    @Test
    void aNullPayloadIsJsonNullAndChecked() {
        TestStepContext ctx = createOrder();
        assertThatThrownBy(() -> ctx.publish("order.created", null)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("null");
    }

    @Test
    void aPayloadOverTheSizeLimitThrowsNamingSizeAndLimit() {
        TestStepContext ctx = createOrder();
        String big = "x".repeat(TaskerLimits.EVENT_PAYLOAD_MAX_BYTES);
        int bytes = ("{\"sku\":\"" + big + "\"}").length();
        assertThatThrownBy(() -> ctx.publish("order.itemized", Map.of("sku", big)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("payload of event 'order.itemized' is too large: " + bytes
                        + " bytes, limit 65536 bytes (64 KiB)");
        // exactly at the limit is fine
        String fits = "x".repeat(TaskerLimits.EVENT_PAYLOAD_MAX_BYTES - "{\"sku\":\"\"}".length());
        ctx.publish("order.itemized", Map.of("sku", fits));
        assertThat(ctx.published()).hasSize(1);
    }

    @Test
    void aPayloadJacksonCannotMapThrowsNamingTheEvent() {
        TestStepContext ctx = createOrder();
        assertThatThrownBy(() -> ctx.publish("order.viewed", new Object()))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("payload of event 'order.viewed' cannot be converted to JSON: ");
    }

    @Test
    void thePayloadIsCopiedAtTheCall() {
        TestStepContext ctx = createOrder();
        Map<String, Object> payload = new HashMap<>(Map.of("sku", "A"));
        ctx.publish("order.itemized", payload);
        payload.put("sku", "changed later");
        assertThat(ctx.published().get(0).payload().path("sku").asText()).isEqualTo("A");
    }

    @Test
    void anUncaughtPublishErrorFailsTheStepPermanentlyEvenWhenWrapped() {
        StepOutcome direct = createOrder().run(ctx -> {
            ctx.publish("order.created", Map.of("order_id", 1));
            return StepOutcome.success(Map.of());
        });
        assertThat(direct).isInstanceOfSatisfying(StepOutcome.Failure.class, f -> {
            assertThat(f.retryable()).isFalse();
            assertThat(f.exceptionClass()).isEqualTo(InvalidEventException.class.getName());
            assertThat(f.message()).startsWith("payload of event 'order.created' does not match its schema");
        });
        StepOutcome wrapped = createOrder().run(ctx -> {
            try {
                ctx.publish("no.such", Map.of());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("could not announce the order", e);
            }
            return StepOutcome.success(Map.of());
        });
        assertThat(wrapped).isInstanceOfSatisfying(StepOutcome.Failure.class,
                f -> assertThat(f.retryable()).isFalse());
    }

    @Test
    void aHandlerMayCatchAPublishErrorAndCarryOn() {
        TestStepContext ctx = createOrder();
        StepOutcome out = ctx.run(c -> {
            try {
                c.publish("order.created", Map.of("order_id", 1));
            } catch (InvalidEventException e) {
                // a handler may decide the event is optional
            }
            c.publish("order.itemized", Map.of("sku", "A"));
            return StepOutcome.success(Map.of("order_id", "o-1"));
        });
        assertThat(out).isInstanceOf(StepOutcome.Success.class);
        assertThat(ctx.published()).extracting(RecordedEvent::name, RecordedEvent::declarative)
                .startsWith(org.assertj.core.groups.Tuple.tuple("order.itemized", false));
    }

    @Test
    void publishAfterTheHandlerReturnedThrows() {
        List<StepContext> kept = new ArrayList<>();
        TestStepContext ctx = createOrder();
        ctx.run(c -> {
            kept.add(c);
            c.publish("order.itemized", Map.of("sku", "A"));
            return StepOutcome.success(Map.of("order_id", "o-1"));
        });
        assertThatThrownBy(() -> kept.get(0).publish("order.itemized", Map.of("sku", "B")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot publish event 'order.itemized': attempt of step 'create_order' is already"
                        + " finished (the handler returned)");
    }

    @Test
    void aContextWithoutTheStepsDeclarationsRefusesPublishSayingHowToBuildOne() {
        TestStepContext ctx = TestStepContext.builder().stepName("create_order").build();
        assertThatThrownBy(() -> ctx.publish("order.created", Map.of("order_id", "o")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot publish event 'order.created'")
                .hasMessageContaining(".template(template, \"create_order\")");
        // like any exception but a refused payload, it fails the attempt retryably
        StepOutcome out = ctx.run(c -> {
            c.publish("order.created", Map.of("order_id", "o"));
            return StepOutcome.success(null);
        });
        assertThat(out).isInstanceOfSatisfying(StepOutcome.Failure.class, f -> assertThat(f.retryable()).isTrue());
    }

    @Test
    void eventsPublishedFromThreadsTheHandlerStartsAreAllKeptWithDistinctSequences() throws Exception {
        TestStepContext ctx = createOrder();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String sku = "sku-" + i;
                calls.add(pool.submit(() -> ctx.publish("order.itemized", Map.of("sku", sku))));
            }
            for (Future<?> f : calls) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ctx.published()).hasSize(100).extracting(RecordedEvent::sequence)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 100).boxed().toList());
    }

    @Test
    void aTemplateWithoutTheStepIsRefusedAtBuild() {
        assertThatThrownBy(() -> TestStepContext.builder().template(TEMPLATE, "ship").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("template shop/order_events/1.0.0 has no step 'ship' (steps: create_order, charge,"
                        + " notify)");
    }
}
