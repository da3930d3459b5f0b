package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasker.avro.LifecycleEvent;
import io.tasker.schemas.LifecycleEventType;
import io.tasker.schemas.LifecyclePayload;
import io.tasker.schemas.PayloadKey;
import io.tasker.topology.TelemetryEvents;

import io.tasker.schemas.redaction.Redactor;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Maps the engine's {@link Decision.Event}s to what leaves the topology: a {@link LifecycleEvent} record for a
 * {@code DURABLE} type, a {@link TelemetryEvents.Event} for a {@code TELEMETRY} one. The standard payload is built here
 * with {@link LifecyclePayload} and nowhere else; the record's other fields repeat its routing keys as before
 * {@code payload_json} existed. Stateless.
 */
final class LifecycleEvents {
    private LifecycleEvents() {
    }

    /** How an event's texts are masked: the task's redactor and the secrets its context holds. */
    record Masking(Redactor redactor, Set<String> secrets) {
        static final Masking NONE = new Masking(Redactor.none(), Set.of());

        String text(String s) {
            return redactor.redactText(s, secrets);
        }

        /** The payload with its strings (error message, backtrace, reason) masked, the context's secrets included. */
        ObjectNode payload(ObjectNode p) {
            return (ObjectNode) redactor.redact(p, secrets);
        }
    }

    /** The record of a durable event, its texts masked; {@code task} is the task as the decision leaves it. */
    static LifecycleEvent toRecord(TaskRecord task, Decision.Event e, Masking masking) {
        if (!e.type().isPublished()) {
            throw new IllegalArgumentException(e.type() + " is telemetry only, never a lifecycle record");
        }
        String eventId = eventId();
        Decision.StepFacts step = e.step();
        return LifecycleEvent.newBuilder()
                .setEventId(eventId)
                .setEventType(e.type().wireName())
                .setTaskId(task.taskId())
                .setNamespace(task.namespace())
                .setTemplateName(task.templateName())
                .setTemplateVersion(task.templateVersion())
                .setTaskState(task.state().wireName())
                .setStepName(step == null ? null : step.name())
                .setStepState(step == null ? null : step.state().wireName())
                .setAttempt(step == null ? null : step.attempt())
                .setErrorMessage(masking.text(errorMessage(task, e)))
                .setCorrelationId(task.correlationId())
                .setOccurredAt(Instant.ofEpochMilli(e.occurredAt()))
                .setPayloadJson(masking.payload(payload(task, e, eventId)).toString())
                .build();
    }

    /** A telemetry event, its payload masked; the payload is built only if the sink asks for it. */
    static TelemetryEvents.Event toTelemetry(TaskRecord task, Decision.Event e, Masking masking) {
        if (e.type().isPublished()) {
            throw new IllegalArgumentException(e.type() + " is durable: it is a lifecycle record");
        }
        Decision.StepFacts step = e.step();
        return new TelemetryEvents.Event(e.type(), task.taskId(), task.namespace(), step == null ? null : step.name(),
                step == null ? null : step.attempt(), Instant.ofEpochMilli(e.occurredAt()),
                () -> masking.payload(payload(task, e, eventId())));
    }

    /**
     * The standard payload of {@code e}: every fact the event carries, through the one builder, which refuses a missing
     * required key and a key the type does not define.
     */
    static ObjectNode payload(TaskRecord task, Decision.Event e, String eventId) {
        LifecycleEventType type = e.type();
        LifecyclePayload.Builder b = LifecyclePayload.builder(type, eventId, Instant.ofEpochMilli(e.occurredAt()))
                .task(task.taskId(), task.namespace(), task.templateName(), task.templateVersion(), task.correlationId(),
                        task.state().wireName());
        Decision.StepFacts step = e.step();
        if (step != null) b.step(step.name(), step.state().wireName(), step.attempt(), step.maxAttempts());
        Decision.Times times = e.times();
        if (times != null) {
            b.timing(Instant.ofEpochMilli(times.startedAt()),
                    times.completedAt() == null ? null : Instant.ofEpochMilli(times.completedAt()));
        }
        Decision.Failure f = e.failure();
        if (f != null) b.failure(f.message(), f.exceptionClass(), f.backtrace(), f.retryable());
        Decision.Retry retry = e.retry();
        if (retry != null) b.retry(retry.delayMs(), Instant.ofEpochMilli(retry.nextAttemptAt()));
        Decision.TaskFacts facts = e.task();
        if (facts != null) {
            b.stepCount(facts.stepCount());
            if (facts.errorMessage() != null) b.errorMessage(facts.errorMessage());
            if (facts.failedSteps() != null) b.failedSteps(facts.failedSteps());
        }
        Decision.Workflow w = e.workflow();
        if (w != null) {
            if (w.readySteps() != null) b.readySteps(w.readySteps());
            if (w.failedSteps() != null) b.failedSteps(w.failedSteps());
            if (w.blockedSteps() != null) b.blockedSteps(w.blockedSteps());
        }
        // the reason is null when the operator gave none, and the key is there all the same
        if (type.optionalKeys().contains(PayloadKey.REASON) || e.reason() != null) b.reason(e.reason());
        if (e.completedManually()) b.completedManually(true);
        return b.build();
    }

    /**
     * A random (version 4) UUID. Event ids must be unique, not unguessable, so they come from {@link ThreadLocalRandom}
     * rather than {@link UUID#randomUUID()}'s SecureRandom, which is shared and costly on the stream thread (one per
     * lifecycle record).
     */
    static String eventId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /** The record's {@code error_message}, filled as before {@code payload_json} existed. */
    private static String errorMessage(TaskRecord task, Decision.Event e) {
        if (e.failure() != null) return e.failure().message();
        return switch (e.type()) {
            case TASK_FAILED, TASK_CANCELLED -> task.error();
            default -> e.reason();
        };
    }
}
