package io.tasker.schemas;

import io.tasker.avro.DomainEvent;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * CloudEvents 1.0 attributes of a domain-event record, in the Kafka protocol binding's binary mode: every attribute is
 * a {@code ce_} header and the record value stays the Avro {@code DomainEvent} in the Confluent wire format, so
 * CloudEvents-aware consumers understand our events without the Tasker SDK. Values are UTF-8 strings.
 */
public final class CloudEventHeaders {
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String DATA_SCHEMA = "ce_dataschema";
    public static final String CONTENT_TYPE = "content-type";

    /** The record value: Avro binary behind the Confluent wire-format prefix. */
    public static final String AVRO_CONTENT_TYPE = "application/avro";

    private CloudEventHeaders() {
    }

    /** {@code /tasker/<namespace>/tasks/<task id>/steps/<step>}: where the event happened. */
    public static String source(String namespace, String taskId, String stepName) {
        return "/tasker/" + namespace + "/tasks/" + taskId + "/steps/" + stepName;
    }

    /** The headers of {@code e}: id = event id, type = event name, time = when it was fired, subject = task id. */
    public static Headers of(DomainEvent e) {
        RecordHeaders h = new RecordHeaders();
        add(h, SPEC_VERSION, "1.0");
        add(h, ID, e.getEventId());
        add(h, TYPE, e.getName());
        add(h, SOURCE, source(e.getNamespace(), e.getTaskId(), e.getStepName()));
        add(h, TIME, Instant.ofEpochMilli(e.getFiredAt().toEpochMilli()).toString());
        add(h, SUBJECT, e.getTaskId());
        if (e.getPayloadSchema() != null) add(h, DATA_SCHEMA, e.getPayloadSchema());
        add(h, CONTENT_TYPE, AVRO_CONTENT_TYPE);
        return h;
    }

    private static void add(RecordHeaders h, String key, String value) {
        h.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
