package io.tasker.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class LifecyclePayloadTest {
    static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    static final Instant T1 = Instant.parse("2026-11-28T10:00:01.250Z");

    /** A builder given every key the type defines, the way an emitting site would. */
    static LifecyclePayload.Builder full(LifecycleEventType type) {
        LifecyclePayload.Builder b = LifecyclePayload.builder(type, "e-1", T1)
                .task("t-1", "ecommerce", "order_fulfillment", "1.0.0", null, "in_progress");
        Set<PayloadKey> keys = new java.util.HashSet<>(type.requiredKeys());
        keys.addAll(type.optionalKeys());
        if (keys.contains(PayloadKey.STEP_NAME)) b.step("create_order", "error", 2, 3);
        if (keys.contains(PayloadKey.STARTED_AT)) b.timing(T0, T1);
        if (keys.contains(PayloadKey.RETRYABLE)) b.failure("boom", "java.lang.IllegalStateException", List.of("at a", "at b"), true);
        else if (keys.contains(PayloadKey.ERROR_MESSAGE)) b.errorMessage("steps failed: create_order (boom)");
        if (keys.contains(PayloadKey.NEXT_ATTEMPT_AT)) b.retry(400, T1.plusMillis(400));
        if (keys.contains(PayloadKey.STEP_COUNT)) b.stepCount(5);
        if (keys.contains(PayloadKey.FAILED_STEPS)) b.failedSteps(List.of(new LifecyclePayload.FailedStep("create_order", 3, "boom", null)));
        if (keys.contains(PayloadKey.READY_STEPS)) b.readySteps(List.of("a", "b"));
        if (keys.contains(PayloadKey.BLOCKED_STEPS)) b.blockedSteps(List.of("c"));
        if (keys.contains(PayloadKey.REASON)) b.reason("operator said so");
        if (keys.contains(PayloadKey.COMPLETED_MANUALLY)) b.completedManually(false);
        return b;
    }

    @ParameterizedTest
    @EnumSource(LifecycleEventType.class)
    void everyEventsPayloadCarriesTheCommonKeysAndValidatesAgainstItsSchema(LifecycleEventType type) {
        ObjectNode payload = full(type).build();
        assertThat(payload.path("event_type").asText()).isEqualTo(type.wireName());
        for (PayloadKey k : LifecycleEventType.COMMON_KEYS) {
            assertThat(payload.has(k.key())).as(k.key()).isTrue();
        }
        var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(LifecyclePayload.schema(type));
        assertThat(schema.validate(payload)).as(type + " " + payload).isEmpty();
    }

    @Test
    void computesTheDurationAndSaysWhenTheNextAttemptRuns() {
        ObjectNode p = full(LifecycleEventType.STEP_FAILED).build();
        assertThat(p.path("execution_duration_ms").asLong()).isEqualTo(1250);
        assertThat(p.path("next_attempt_at").asText()).isEqualTo("2026-11-28T10:00:01.650Z");
        assertThat(p.path("retry_delay_ms").asLong()).isEqualTo(400);
        assertThat(p.path("retryable").asBoolean()).isTrue();
        assertThat(p.path("max_attempts").asInt()).isEqualTo(3);
        assertThat(p.get("correlation_id").isNull()).isTrue();
    }

    @Test
    void refusesAPayloadMissingARequiredKeyNamingIt() {
        assertThatThrownBy(() -> LifecyclePayload.builder(LifecycleEventType.STEP_COMPLETED, "e", T0)
                .task("t", "n", "tp", "1", null, "in_progress").step("s", "complete", 1, 3).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("step.completed payload lacks [started_at, completed_at, execution_duration_ms]");
    }

    @Test
    void refusesAKeyTheEventDoesNotDefine() {
        assertThatThrownBy(() -> full(LifecycleEventType.TASK_STARTED).reason("why").build())
                .isInstanceOf(IllegalStateException.class).hasMessage("task.started payload does not define reason");
    }

    @Test
    void boundsErrorTextsAndBacktraces() {
        List<String> trace = Collections.nCopies(80, "x".repeat(600));
        JsonNode p = LifecyclePayload.builder(LifecycleEventType.STEP_MAX_RETRIES_REACHED, "e", T0)
                .task("t", "n", "tp", "1", "c", "in_progress").step("s", "error", 3, 3)
                .failure("m".repeat(5000), null, trace, false).build();
        assertThat(p.path("error_message").asText()).hasSizeLessThan(4200).endsWith("(904 more characters)");
        assertThat(p.has("backtrace")).isFalse(); // max_retries_reached does not repeat the trace of step.failed
        JsonNode failed = full(LifecycleEventType.STEP_FAILED).failure("m", null, trace, false).build();
        assertThat(failed.path("backtrace")).hasSize(51);
        assertThat(failed.path("backtrace").get(50).asText()).isEqualTo("... 30 more lines");
    }

    @Test
    void everyNameIsUniqueReservedAndFoundByItsWireName() {
        Set<String> names = java.util.Arrays.stream(LifecycleEventType.values()).map(LifecycleEventType::wireName)
                .collect(Collectors.toSet());
        assertThat(names).hasSize(LifecycleEventType.values().length).allMatch(LifecycleEventType::isReservedName);
        for (LifecycleEventType t : LifecycleEventType.values()) {
            assertThat(LifecycleEventType.fromWire(t.wireName())).isSameAs(t);
            assertThat(t.category().wireName()).isEqualTo(t.wireName().substring(0, t.wireName().indexOf('.')));
        }
        assertThat(LifecycleEventType.fromWire("task.resumed")).isNull();
    }
}
