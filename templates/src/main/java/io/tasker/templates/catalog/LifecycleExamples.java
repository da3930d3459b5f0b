package io.tasker.templates.catalog;

import static io.tasker.schemas.PayloadKey.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasker.schemas.LifecycleEventType;
import io.tasker.schemas.LifecyclePayload;
import io.tasker.schemas.PayloadKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Realistic example payloads of the lifecycle events, made with {@link LifecyclePayload#builder} exactly as the
 * platform makes real ones: a demo order task whose {@code create_order} step runs. Which builder calls apply is read
 * from the type's keys, so a new event type gets an example without a change here as long as it uses known keys.
 */
final class LifecycleExamples {
    private static final Instant STARTED = Instant.parse("2025-01-15T10:00:00Z");
    private static final Instant FINISHED = Instant.parse("2025-01-15T10:00:01.250Z");
    private static final String TASK_ID = "3b0c1d6e-2f4a-4c8e-9a51-7d2f0e6b8c14";

    private LifecycleExamples() {
    }

    /** The example, or empty if the builder refuses the keys this class knows how to set (a type with new keys). */
    static Optional<ObjectNode> of(LifecycleEventType type) {
        try {
            return Optional.of(build(type));
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    private static ObjectNode build(LifecycleEventType type) {
        String eventId = UUID.nameUUIDFromBytes(("example\0" + type.wireName()).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        LifecyclePayload.Builder b = LifecyclePayload.builder(type, eventId, FINISHED)
                .task(TASK_ID, "ecommerce", "order_fulfillment", "1.0.0", "order-1001", taskState(type));
        if (has(type, STEP_NAME)) {
            // step.failed shows a retry being scheduled (its optional keys too); the final failure is attempt 3 of 3
            b.step("create_order", stepState(type), type == LifecycleEventType.STEP_MAX_RETRIES_REACHED ? 3 : 1, 3);
        }
        if (has(type, STARTED_AT)) {
            b.timing(STARTED, FINISHED);
        }
        if (has(type, EXCEPTION_CLASS)) {
            b.failure("payment gateway timed out after 30 s", "java.net.http.HttpTimeoutException",
                    List.of("java.net.http.HttpTimeoutException: request timed out",
                            "\tat io.tasker.examples.EcommerceHandlers.createOrder(EcommerceHandlers.java:88)"),
                    true);
        } else if (has(type, ERROR_MESSAGE)) {
            b.errorMessage("step create_order failed: payment gateway timed out after 30 s");
        }
        if (has(type, RETRY_DELAY_MS)) {
            b.retry(400, FINISHED.plusMillis(400));
        }
        if (has(type, STEP_COUNT)) b.stepCount(5);
        if (has(type, FAILED_STEPS)) {
            b.failedSteps(List.of(new LifecyclePayload.FailedStep("create_order", 3,
                    "payment gateway timed out after 30 s", "java.net.http.HttpTimeoutException")));
        }
        if (has(type, READY_STEPS)) b.readySteps(List.of("fetch_cart", "fetch_products"));
        if (has(type, BLOCKED_STEPS)) b.blockedSteps(List.of("publish_event"));
        if (has(type, REASON)) b.reason("customer called to cancel");
        if (has(type, COMPLETED_MANUALLY)) b.completedManually(false);
        return b.build();
    }

    private static boolean has(LifecycleEventType type, PayloadKey key) {
        return type.requiredKeys().contains(key) || type.optionalKeys().contains(key);
    }

    private static String taskState(LifecycleEventType type) {
        return switch (type) {
            case TASK_COMPLETED -> "complete";
            case TASK_FAILED, WORKFLOW_BLOCKED_BY_FAILURES -> "error";
            case TASK_CANCELLED, STEP_CANCELLED -> "cancelled";
            case TASK_RESOLVED_MANUALLY -> "resolved_manually";
            case TASK_INITIALIZE_REQUESTED -> "pending";
            default -> "in_progress";
        };
    }

    private static String stepState(LifecycleEventType type) {
        return switch (type) {
            case STEP_ENQUEUED -> "enqueued";
            case STEP_STARTED -> "in_progress";
            case STEP_COMPLETED -> "complete";
            case STEP_RETRY_REQUESTED, STEP_FAILED -> "waiting_for_retry";
            case STEP_MAX_RETRIES_REACHED -> "error";
            case STEP_CANCELLED -> "cancelled";
            case STEP_RESOLVED_MANUALLY -> "resolved_manually";
            default -> "pending";
        };
    }
}
