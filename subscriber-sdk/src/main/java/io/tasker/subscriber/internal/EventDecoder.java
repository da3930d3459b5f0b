package io.tasker.subscriber.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasker.avro.DomainEvent;
import io.tasker.avro.LifecycleEvent;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.schemas.TaskerTopics;
import io.tasker.subscriber.Event;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Turns a record of the lifecycle or a domain-events topic into an {@link Event}. Thread-safe. Throws
 * {@link io.tasker.schemas.SchemaRegistryException} as is (the caller tells a registry outage from a bad record) and
 * {@link SerializationException} for anything else that cannot be decoded.
 */
public final class EventDecoder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TaskerTopics topics;
    private final TaskerAvroSerde<DomainEvent> domain;
    private final TaskerAvroSerde<LifecycleEvent> lifecycle;

    public EventDecoder(TaskerTopics topics, String registryUrl, io.tasker.schemas.SchemaRegistrySettings registryClient) {
        this.topics = topics;
        this.domain = TaskerAvroSerde.forValues(DomainEvent.class, registryUrl, registryClient);
        this.lifecycle = TaskerAvroSerde.forValues(LifecycleEvent.class, registryUrl, registryClient);
    }

    public boolean isLifecycleTopic(String topic) {
        return topic.equals(topics.lifecycle());
    }

    public Event decode(ConsumerRecord<byte[], byte[]> rec) {
        return decode(rec, rec.topic());
    }

    /** Decodes {@code rec} as a record of {@code originTopic} (a replayed record's original topic). */
    public Event decode(ConsumerRecord<byte[], byte[]> rec, String originTopic) {
        if (rec.value() == null) {
            throw new SerializationException("record has no value (tombstone)");
        }
        if (isLifecycleTopic(originTopic)) {
            LifecycleEvent e = lifecycle.deserializer().deserialize(rec.topic(), rec.headers(), rec.value());
            if (e == null) {
                throw new SerializationException("lifecycle record decoded to null");
            }
            return fromLifecycle(e);
        }
        DomainEvent e = domain.deserializer().deserialize(rec.topic(), rec.headers(), rec.value());
        if (e == null) {
            throw new SerializationException("domain-event record decoded to null");
        }
        return fromDomain(e);
    }

    public static Event fromDomain(DomainEvent e) {
        return Event.builder(e.getName()).kind(Event.Kind.DOMAIN).id(e.getEventId()).taskId(e.getTaskId())
                .step(e.getStepName()).attempt(e.getAttempt()).namespace(e.getNamespace())
                .correlationId(e.getCorrelationId()).firedAt(e.getFiredAt()).delivery(e.getDelivery().name())
                .template(e.getTemplateName(), e.getTemplateVersion()).payloadJson(e.getPayloadJson()).build();
    }

    /** The record written before {@code payload_json} existed carries the schema default. */
    static final String NO_PAYLOAD = "{}";

    /**
     * The event of a lifecycle record: its standard payload ({@code payload_json}), or for a record written before
     * standard payloads existed ({@code payload_json} is {@code {}}) the three keys such records had.
     */
    public static Event fromLifecycle(LifecycleEvent e) {
        String payload = e.getPayloadJson();
        if (payload == null || payload.isBlank() || payload.equals(NO_PAYLOAD)) {
            payload = legacyPayload(e);
        }
        return Event.builder(e.getEventType()).kind(Event.Kind.LIFECYCLE).id(e.getEventId()).taskId(e.getTaskId())
                .step(e.getStepName()).attempt(e.getAttempt()).namespace(e.getNamespace())
                .correlationId(e.getCorrelationId()).firedAt(e.getOccurredAt()).delivery("LIFECYCLE")
                .template(e.getTemplateName(), e.getTemplateVersion()).payloadJson(payload).build();
    }

    private static String legacyPayload(LifecycleEvent e) {
        ObjectNode old = JSON.createObjectNode();
        old.put("task_state", e.getTaskState());
        old.put("step_state", e.getStepState());
        old.put("error_message", e.getErrorMessage());
        return old.toString();
    }
}
