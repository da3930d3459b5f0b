package io.tasker.launcher;

import io.tasker.avro.DomainEvent;
import io.tasker.avro.EventDelivery;
import io.tasker.schemas.CloudEventHeaders;
import io.tasker.schemas.EventIds;
import io.tasker.templates.TaskTemplate;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The records {@code tasker bench subscriber} produces: durable {@code order.created} events of the demo template
 * as the topology releases them (key = task id, CloudEvents headers, deterministic event ids, a schema-valid
 * payload), spread over {@code tasks} task ids so that a subscriber sees many keys, each a few times in order.
 */
final class BenchEvents {
    static final String EVENT_NAME = "order.created";
    static final String STEP = "create_order";

    private final String topic;
    private final TaskTemplate template;
    private final String runId;
    private final int tasks;
    private final int payloadBytes;

    /**
     * @param runId        makes task ids unique per run, so runs against one cluster never share keys or event ids
     * @param tasks        distinct task ids (record keys); event {@code i} belongs to task {@code i % tasks}
     * @param payloadBytes length the JSON payload is padded to (a smaller value keeps the unpadded order payload)
     */
    BenchEvents(String topic, TaskTemplate template, String runId, int tasks, int payloadBytes) {
        if (tasks < 1) throw new IllegalArgumentException("--tasks must be at least 1, got " + tasks);
        if (payloadBytes < 0) throw new IllegalArgumentException("--payload-bytes must not be negative, got " + payloadBytes);
        this.topic = topic;
        this.template = template;
        this.runId = runId;
        this.tasks = tasks;
        this.payloadBytes = payloadBytes;
    }

    String taskId(int task) {
        return UUID.nameUUIDFromBytes(("bench-task\0" + runId + "\0" + task).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The {@code i}-th event: the {@code i / tasks}-th event its task published. */
    DomainEvent event(int i, Instant now) {
        String taskId = taskId(i % tasks);
        int sequence = i / tasks;
        return DomainEvent.newBuilder()
                .setEventId(EventIds.of(taskId, STEP, 1, EVENT_NAME, sequence))
                .setName(EVENT_NAME).setNamespace(template.namespace()).setTaskId(taskId).setStepName(STEP)
                .setAttempt(1).setSequence(sequence)
                .setTemplateName(template.name()).setTemplateVersion(template.version())
                .setCorrelationId(taskId).setFiredAt(now).setFiredBy("bench").setRecordedAt(now)
                .setDelivery(EventDelivery.DURABLE)
                .setPayloadJson(payload(i))
                .setPayloadSchema(EventIds.payloadSchemaRef(template.namespace(), template.name(), template.version(), STEP, EVENT_NAME))
                .build();
    }

    ProducerRecord<String, DomainEvent> record(int i, Instant now) {
        DomainEvent e = event(i, now);
        return new ProducerRecord<>(topic, null, e.getTaskId(), e, CloudEventHeaders.of(e));
    }

    /** An {@code order.created} payload valid against the demo's schema, padded with a {@code note} to the size asked for. */
    String payload(int i) {
        long subtotal = 1000 + (i % 9000);
        long tax = subtotal * 8 / 100;
        String base = "{\"order_id\":\"ord-" + i + "\",\"customer_id\":\"c-" + (i % 5000) + "\",\"cart_id\":\"cart-" + i
                + "\",\"currency\":\"USD\",\"item_count\":" + (1 + i % 5) + ",\"subtotal_cents\":" + subtotal
                + ",\"tax_rate\":0.08,\"tax_cents\":" + tax + ",\"total_cents\":" + (subtotal + tax);
        String padding = ",\"note\":\"\"}";
        int missing = payloadBytes - base.length() - padding.length();
        if (missing <= 0) return base + "}";
        return base + ",\"note\":\"" + "x".repeat(missing) + "\"}";
    }
}
