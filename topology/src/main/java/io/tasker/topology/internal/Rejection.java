package io.tasker.topology.internal;

import io.tasker.schemas.RejectReason;
import io.tasker.schemas.RejectedHeaders;
import io.tasker.schemas.redaction.Redactor;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import io.tasker.topology.TopologyCounters;
import io.tasker.topology.TopologyNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Sends an input record, bytes unchanged, to the rejected topic with headers that say why and where it came from. */
final class Rejection {
    private static final Logger log = LoggerFactory.getLogger(Rejection.class);

    private Rejection() {
    }

    /**
     * A registry that is down or failing (no answer, 5xx) says nothing about the record: rethrow so the stream
     * thread is replaced and the record re-read after the registry recovers, instead of rejecting valid records.
     */
    static void rethrowIfTransient(org.apache.kafka.common.errors.SerializationException e) {
        if (Containment.isRegistryOutage(e)) {
            throw new io.tasker.topology.RegistryUnavailableException(e);
        }
    }

    /** @param redactor masks secrets the detail may quote (a context that failed validation, an exception message) */
    static void reject(Redactor redactor, ProcessorContext<Object, Object> ctx, Record<byte[], byte[]> in, RejectReason reason,
                       String detail, Throwable cause, TopologyCounters counters) {
        detail = redactor.redactText(detail);
        RecordMetadata meta = ctx.recordMetadata().orElse(null);
        String topic = meta == null ? "?" : meta.topic();
        String partition = meta == null ? "?" : Integer.toString(meta.partition());
        String offset = meta == null ? "?" : Long.toString(meta.offset());
        RecordHeaders headers = new RecordHeaders(in.headers().toArray());
        add(headers, RejectedHeaders.REASON, reason.code());
        add(headers, RejectedHeaders.DETAIL, detail);
        add(headers, RejectedHeaders.SOURCE_TOPIC, topic);
        add(headers, RejectedHeaders.SOURCE_PARTITION, partition);
        add(headers, RejectedHeaders.SOURCE_OFFSET, offset);
        add(headers, RejectedHeaders.REJECTED_AT, Instant.now().toString());
        if (cause != null) add(headers, RejectedHeaders.EXCEPTION_CLASS, cause.getClass().getName());
        counters.increment("rejected." + reason.code());
        log.warn("rejected record from {}-{}@{}: {}: {}", topic, partition, offset, reason, detail);
        ctx.forward(new Record<Object, Object>(in.key(), in.value(), in.timestamp(), headers), TopologyNames.REJECTED_SINK);
    }

    private static void add(RecordHeaders headers, String key, String value) {
        headers.remove(key);
        headers.add(key, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
    }
}
