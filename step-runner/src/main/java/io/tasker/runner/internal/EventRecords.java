package io.tasker.runner.internal;

import io.tasker.avro.DomainEvent;
import io.tasker.avro.EventDelivery;
import io.tasker.avro.PublishedEvent;
import io.tasker.avro.StepCommand;
import io.tasker.schemas.EventIds;

/** Maps an attempt's events to their records: inside the step result (durable) or on the domain-events topic. */
final class EventRecords {
    private EventRecords() {
    }

    static String eventId(StepCommand cmd, AttemptEvents.Event e) {
        return EventIds.of(cmd.getTaskId(), cmd.getStepName(), cmd.getAttempt(), e.name(), e.sequence());
    }

    /** A durable event, carried by the attempt's {@code StepResult}. */
    static PublishedEvent published(StepCommand cmd, AttemptEvents.Event e) {
        return PublishedEvent.newBuilder().setEventId(eventId(cmd, e)).setName(e.name()).setSequence(e.sequence())
                .setPayloadJson(e.payloadJson()).setFiredAt(e.firedAt()).build();
    }

    /** A fire-and-forget event as the runner produces it: not recorded by the topology, so no {@code recorded_at}. */
    static DomainEvent fireAndForget(StepCommand cmd, AttemptEvents.Event e, String runnerId) {
        return DomainEvent.newBuilder()
                .setEventId(eventId(cmd, e))
                .setName(e.name())
                .setNamespace(cmd.getNamespace())
                .setTaskId(cmd.getTaskId())
                .setStepName(cmd.getStepName())
                .setAttempt(cmd.getAttempt())
                .setSequence(e.sequence())
                .setTemplateName(cmd.getTemplateName())
                .setTemplateVersion(cmd.getTemplateVersion())
                .setCorrelationId(cmd.getCorrelationId())
                .setFiredAt(e.firedAt())
                .setFiredBy(runnerId)
                .setRecordedAt(null)
                .setDelivery(EventDelivery.FIRE_AND_FORGET)
                .setPayloadJson(e.payloadJson())
                .setPayloadSchema(e.declaration().schema() == null ? null
                        : EventIds.payloadSchemaRef(cmd.getNamespace(), cmd.getTemplateName(),
                                cmd.getTemplateVersion(), cmd.getStepName(), e.name()))
                .build();
    }
}
