package io.tasker.launcher.generate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasker.schemas.LifecycleEventType;
import io.tasker.schemas.LifecyclePayload;
import io.tasker.schemas.PayloadKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** System (lifecycle) events as generators see them: fields from {@link PayloadKey}, examples from {@link LifecyclePayload}. */
final class SystemEvents {
    static final String NAMESPACE = "ecommerce";
    static final String TEMPLATE = "order_fulfillment";
    static final String VERSION = "1.0.0";
    static final String STEP = "create_order";
    private static final Instant STARTED = Instant.parse("2026-01-15T10:00:00Z");
    private static final Instant DONE = Instant.parse("2026-01-15T10:00:02.350Z");

    private SystemEvents() {
    }

    static EventSpec spec(LifecycleEventType type) {
        boolean stepEvent = type.requiredKeys().contains(PayloadKey.STEP_NAME);
        return new EventSpec(type.wireName(), true, type.description(), "the platform (" + type.category().wireName()
                + " event, " + type.delivery().wireName() + ")", fields(type), example(type), NAMESPACE, TEMPLATE,
                VERSION, stepEvent ? STEP : null);
    }

    /** The keys of {@code type}'s payload beyond the common ones ({@code Event} has those as methods), typed. */
    static List<PayloadField> fields(LifecycleEventType type) {
        List<PayloadField> out = new ArrayList<>();
        List<PayloadKey> keys = new ArrayList<>(type.requiredKeys());
        keys.addAll(type.optionalKeys());
        for (PayloadKey k : keys) {
            if (!PayloadKey.COMMON.contains(k)) {
                out.add(new PayloadField(k.key(), jsonType(k), k.description()));
            }
        }
        return out;
    }

    static PayloadField.JsonType jsonType(PayloadKey k) {
        return switch (k.type()) {
            case "string", "nullable-string", "date-time" -> PayloadField.JsonType.STRING;
            case "integer" -> PayloadField.JsonType.INTEGER;
            case "boolean" -> PayloadField.JsonType.BOOLEAN;
            default -> PayloadField.JsonType.TREE;
        };
    }

    /**
     * A payload of {@code type} as the platform emits it, built with {@link LifecyclePayload} (so it has every
     * required key and validates against {@link LifecyclePayload#schema}); optional keys are set too, so a test
     * exercises every accessor.
     */
    static ObjectNode example(LifecycleEventType type) {
        Set<PayloadKey> keys = EnumSet.noneOf(PayloadKey.class);
        keys.addAll(type.requiredKeys());
        keys.addAll(type.optionalKeys());
        LifecyclePayload.Builder b = LifecyclePayload.builder(type, "evt-" + type.wireName().replace('.', '-') + "-1",
                        keys.contains(PayloadKey.COMPLETED_AT) ? DONE : STARTED)
                .task("task-1", NAMESPACE, TEMPLATE, VERSION, "order-42", taskState(type));
        if (keys.contains(PayloadKey.STEP_NAME)) {
            boolean lastAttempt = type == LifecycleEventType.STEP_MAX_RETRIES_REACHED;
            b.step(STEP, stepState(type), lastAttempt ? 3 : 1, 3);
        }
        if (keys.contains(PayloadKey.STARTED_AT)) {
            b.timing(STARTED, keys.contains(PayloadKey.COMPLETED_AT) ? DONE : null);
        }
        if (keys.contains(PayloadKey.EXCEPTION_CLASS)) {
            b.failure("payment service timed out", "java.net.SocketTimeoutException",
                    List.of("java.net.SocketTimeoutException: payment service timed out",
                            "\tat com.example.Payments.charge(Payments.java:42)"),
                    type != LifecycleEventType.STEP_MAX_RETRIES_REACHED);
        } else if (keys.contains(PayloadKey.ERROR_MESSAGE)) {
            b.errorMessage("step create_order failed: payment service timed out");
        }
        if (keys.contains(PayloadKey.RETRY_DELAY_MS)) {
            b.retry(200, DONE.plusMillis(200));
        }
        if (keys.contains(PayloadKey.STEP_COUNT)) {
            b.stepCount(5);
        }
        if (keys.contains(PayloadKey.FAILED_STEPS)) {
            b.failedSteps(List.of(new LifecyclePayload.FailedStep(STEP, 3, "payment service timed out",
                    "java.net.SocketTimeoutException")));
        }
        if (keys.contains(PayloadKey.READY_STEPS)) {
            b.readySteps(List.of("fetch_cart", "fetch_products"));
        }
        if (keys.contains(PayloadKey.BLOCKED_STEPS)) {
            b.blockedSteps(List.of("publish_event"));
        }
        if (keys.contains(PayloadKey.REASON)) {
            b.reason("customer called support");
        }
        if (keys.contains(PayloadKey.COMPLETED_MANUALLY)) {
            b.completedManually(false);
        }
        return b.build();
    }

    private static String taskState(LifecycleEventType type) {
        return switch (type) {
            case TASK_COMPLETED -> "complete";
            case TASK_FAILED, STEP_MAX_RETRIES_REACHED, WORKFLOW_BLOCKED_BY_FAILURES -> "error";
            case TASK_CANCELLED, STEP_CANCELLED -> "cancelled";
            case TASK_RESOLVED_MANUALLY -> "resolved_manually";
            case TASK_INITIALIZE_REQUESTED -> "pending";
            default -> "in_progress";
        };
    }

    private static String stepState(LifecycleEventType type) {
        return switch (type) {
            case STEP_ENQUEUED -> "enqueued";
            case STEP_COMPLETED -> "complete";
            case STEP_FAILED, STEP_RETRY_REQUESTED -> "waiting_for_retry";
            case STEP_MAX_RETRIES_REACHED -> "error";
            case STEP_CANCELLED -> "cancelled";
            case STEP_RESOLVED_MANUALLY -> "resolved_manually";
            default -> "in_progress";
        };
    }
}
