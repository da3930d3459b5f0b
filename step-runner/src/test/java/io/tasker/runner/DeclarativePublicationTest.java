package io.tasker.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.runner.testing.RecordedEvent;
import io.tasker.runner.testing.TestStepContext;
import io.tasker.templates.EventDeclaration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Declarative publication: the step result or error published for every declared event whose condition matches the
 * outcome and that the handler did not publish itself; a broken contract fails the step permanently.
 */
class DeclarativePublicationTest {

    static TestStepContext step(String name) {
        return TestStepContext.builder().template(EventPublishingTest.TEMPLATE, name).taskId("task-1").attempt(3)
                .build();
    }

    @Test
    void aSuccessPublishesTheResultUnderEverySuccessAndAlwaysEvent() {
        TestStepContext ctx = step("create_order");
        StepOutcome out = ctx.run(c -> StepOutcome.success(Map.of("order_id", "o-1", "sku", "A")));

        assertThat(out).isInstanceOf(StepOutcome.Success.class);
        assertThat(ctx.published()).extracting(RecordedEvent::name, RecordedEvent::sequence,
                RecordedEvent::delivery, RecordedEvent::declarative).containsExactly(
                tuple("order.created", 0, EventDeclaration.Delivery.DURABLE, true),
                tuple("order.itemized", 1, EventDeclaration.Delivery.DURABLE, true),
                tuple("order.viewed", 2, EventDeclaration.Delivery.FIRE_AND_FORGET, true),
                tuple("order.audited", 3, EventDeclaration.Delivery.DURABLE, true));
        assertThat(ctx.published()).allSatisfy(e -> assertThat(e.payload().path("order_id").asText())
                .isEqualTo("o-1"));
        assertThat(ctx.published("order.failed")).isEmpty();
    }

    @Test
    void publishingANameSuppressesItsDeclarativeEventAndDeclarativeOnesFollowInSequence() {
        TestStepContext ctx = step("create_order");
        StepOutcome out = ctx.run(c -> {
            c.publish("order.itemized", Map.of("sku", "A"));
            c.publish("order.itemized", Map.of("sku", "B"));
            c.publish("order.viewed", Map.of("by", "handler"));
            return StepOutcome.success(Map.of("order_id", "o-1"));
        });

        assertThat(out).isInstanceOf(StepOutcome.Success.class);
        assertThat(ctx.published()).extracting(RecordedEvent::name, RecordedEvent::sequence,
                RecordedEvent::declarative).containsExactly(
                tuple("order.itemized", 0, false),
                tuple("order.itemized", 1, false),
                tuple("order.viewed", 2, false),
                tuple("order.created", 3, true),
                tuple("order.audited", 4, true));
        assertThat(ctx.published("order.viewed")).singleElement()
                .satisfies(e -> assertThat(e.payload().path("by").asText()).isEqualTo("handler"));
    }

    @Test
    void aFailurePublishesTheErrorObjectUnderEveryFailureAndAlwaysEvent() {
        TestStepContext ctx = step("create_order");
        StepOutcome out = ctx.run(c -> {
            throw new java.io.IOException("warehouse unreachable");
        });

        assertThat(out).isInstanceOfSatisfying(StepOutcome.Failure.class, f -> assertThat(f.retryable()).isTrue());
        assertThat(ctx.published()).extracting(RecordedEvent::name, RecordedEvent::declarative)
                .containsExactly(tuple("order.audited", true), tuple("order.failed", true));
        JsonNode error = ctx.published("order.failed").get(0).payload();
        assertThat(error.path("error_message").asText()).isEqualTo("warehouse unreachable");
        assertThat(error.path("exception_class").asText()).isEqualTo("java.io.IOException");
        assertThat(error.path("attempt").asInt()).isEqualTo(3);
        assertThat(error.path("retryable").asBoolean()).isTrue();
        assertThat(error.size()).isEqualTo(4);
    }

    @Test
    void aReturnedFailureHasANullExceptionClassInItsErrorObject() {
        TestStepContext ctx = step("create_order");
        ctx.run(c -> StepOutcome.permanent("out of stock"));
        JsonNode error = ctx.published("order.failed").get(0).payload();
        assertThat(error.get("exception_class").isNull()).isTrue();
        assertThat(error.path("retryable").asBoolean()).isFalse();
    }

    @Test
    void aResultThatBreaksASuccessEventsSchemaFailsTheStepPermanentlyAndPublishesTheFailureEvents() {
        TestStepContext ctx = step("create_order");
        // order.itemized requires "sku": the result has none and the handler did not publish it
        StepOutcome out = ctx.run(c -> {
            c.publish("order.viewed", Map.of("by", "handler"));
            return StepOutcome.success(Map.of("order_id", "o-1"));
        });

        assertThat(out).isInstanceOfSatisfying(StepOutcome.Failure.class, f -> {
            assertThat(f.retryable()).isFalse();
            assertThat(f.exceptionClass()).isEqualTo(InvalidEventException.class.getName());
            assertThat(f.message()).startsWith("event contract violated: step 'create_order' succeeded and its"
                    + " declared event 'order.itemized' (condition success) would carry the step result as payload,"
                    + " which does not match its schema: $").contains("sku");
        });
        // the handler's event travels; the success events of the broken outcome do not; the failure ones do
        assertThat(ctx.published()).extracting(RecordedEvent::name, RecordedEvent::declarative).containsExactly(
                tuple("order.viewed", false), tuple("order.audited", true), tuple("order.failed", true));
        assertThat(ctx.published("order.failed").get(0).payload().path("error_message").asText())
                .startsWith("event contract violated");
    }

    @Test
    void whenTheFailureEventsBreakTheirContractTooTheMessageSaysBothAndNoDeclarativeEventIsPublished() {
        TestStepContext ctx = step("charge");
        // payment.charged requires charge_id; payment.declined requires decline_code, which no error object has
        StepOutcome out = ctx.run(c -> StepOutcome.success(Map.of("amount", 5)));

        assertThat(out).isInstanceOfSatisfying(StepOutcome.Failure.class, f -> {
            assertThat(f.retryable()).isFalse();
            assertThat(f.message()).contains("declared event 'payment.charged' (condition success)")
                    .contains("charge_id")
                    .contains("; also, event contract violated: step 'charge' failed and its declared event"
                            + " 'payment.declined' (condition failure) would carry the step error as payload")
                    .contains("decline_code");
        });
        assertThat(ctx.published()).isEmpty();
    }

    @Test
    void aFailingStepWhoseFailureEventBreaksItsContractStaysFailedButPermanently() {
        TestStepContext ctx = step("charge");
        StepOutcome out = ctx.run(c -> StepOutcome.retryable("card processor busy"));

        assertThat(out).isInstanceOfSatisfying(StepOutcome.Failure.class, f -> {
            assertThat(f.retryable()).isFalse();
            assertThat(f.message()).startsWith("card processor busy; also, event contract violated: step 'charge'"
                    + " failed and its declared event 'payment.declined' (condition failure)").contains("decline_code");
        });
        assertThat(ctx.published()).isEmpty();
    }

    @Test
    void publishingTheFailureEventItselfAvoidsTheDeclarativeOne() {
        TestStepContext ctx = step("charge");
        StepOutcome out = ctx.run(c -> {
            c.publish("payment.declined", Map.of("decline_code", "insufficient_funds"));
            return StepOutcome.permanent("card declined");
        });
        assertThat(out).isInstanceOfSatisfying(StepOutcome.Failure.class,
                f -> assertThat(f.message()).isEqualTo("card declined"));
        assertThat(ctx.published()).extracting(RecordedEvent::name, RecordedEvent::declarative)
                .containsExactly(tuple("payment.declined", false));
    }

    @Test
    void aResultOverTheEventSizeLimitBreaksTheContractOfItsSuccessEvents() {
        TestStepContext ctx = step("charge");
        StepOutcome out = ctx.run(c -> StepOutcome.success(Map.of("charge_id", "x".repeat(70_000))));
        assertThat(out).isInstanceOfSatisfying(StepOutcome.Failure.class, f -> assertThat(f.message())
                .contains("declared event 'payment.charged' (condition success) would carry the step result as"
                        + " payload, which is too large: 70016 bytes, limit 65536 bytes (64 KiB)"));
    }

    @Test
    void eachRunIsANewAttempt() {
        TestStepContext ctx = step("create_order");
        ctx.run(c -> StepOutcome.success(Map.of("order_id", "o-1", "sku", "A")));
        ctx.run(c -> {
            c.publish("order.itemized", Map.of("sku", "B"));
            throw new IllegalStateException("boom");
        });
        assertThat(ctx.published()).extracting(RecordedEvent::name)
                .containsExactly("order.itemized", "order.audited", "order.failed");
    }
}
