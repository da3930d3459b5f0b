package io.tasker.subscriber.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tasker.avro.LifecycleEvent;
import io.tasker.schemas.LifecycleEventNames;
import io.tasker.subscriber.Event;
import io.tasker.subscriber.SubscriberDefinitionException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Lifecycle records become events with their standard payload; subscriptions name system events that exist. */
class LifecycleEventsDecodingTest {
    private static LifecycleEvent.Builder record(String type) {
        return LifecycleEvent.newBuilder().setEventId("e-1").setEventType(type).setTaskId("t-1").setNamespace("shop")
                .setTemplateName("orders").setTemplateVersion("1.0.0").setTaskState("in_progress").setStepName("charge")
                .setStepState("waiting_for_retry").setAttempt(1).setErrorMessage("card declined").setCorrelationId("c")
                .setOccurredAt(Instant.parse("2026-11-28T10:00:00Z"));
    }

    @Test
    void standardPayloadIsTheEventsPayload() {
        Event e = EventDecoder.fromLifecycle(record(LifecycleEventNames.STEP_FAILED)
                .setPayloadJson("{\"event_type\":\"step.failed\",\"attempt\":1,\"max_attempts\":3,"
                        + "\"next_attempt_at\":\"2026-11-28T10:00:00.500Z\",\"error_message\":\"card declined\"}").build());

        assertThat(e.kind()).isEqualTo(Event.Kind.LIFECYCLE);
        assertThat(e.getInt("max_attempts", 0)).isEqualTo(3);
        assertThat(e.getString("next_attempt_at", null)).isEqualTo("2026-11-28T10:00:00.500Z");
        assertThat(e.getString("error_message", null)).isEqualTo("card declined");
        assertThat(e.step()).isEqualTo("charge");
    }

    @Test
    void recordWrittenBeforeStandardPayloadsKeepsItsThreeKeys() {
        Event e = EventDecoder.fromLifecycle(record(LifecycleEventNames.STEP_FAILED).build()); // payload_json default {}

        assertThat(e.getString("task_state", null)).isEqualTo("in_progress");
        assertThat(e.getString("step_state", null)).isEqualTo("waiting_for_retry");
        assertThat(e.getString("error_message", null)).isEqualTo("card declined");
    }

    @Test
    void subscriptionToATelemetryOnlyEventIsRefusedNamingWhatCanBeReceived() {
        assertThatThrownBy(() -> EventPattern.parse(LifecycleEventNames.STEP_ENQUEUED))
                .isInstanceOf(SubscriberDefinitionException.class)
                .hasMessageContaining("step.enqueued is telemetry only").hasMessageContaining("task.completed");
    }

    @Test
    void subscriptionToASystemEventThePlatformDoesNotEmitIsRefused() {
        assertThatThrownBy(() -> EventPattern.parse("task.retried"))
                .isInstanceOf(SubscriberDefinitionException.class)
                .hasMessageContaining("no system event named task.retried").hasMessageContaining("task.retry_requested");
    }

    @Test
    void durableSystemEventsAndPrefixesAreAccepted() {
        assertThat(EventPattern.parse(LifecycleEventNames.TASK_RESOLVED_MANUALLY).coversLifecycle()).isTrue();
        assertThat(EventPattern.parse(LifecycleEventNames.STEP_MAX_RETRIES_REACHED).coversDomain()).isFalse();
        assertThat(EventPattern.parse("step.*").matches(LifecycleEventNames.STEP_FAILED)).isTrue();
        assertThat(EventPattern.parse("workflow.*").coversLifecycle()).isTrue();
    }
}
