package io.tasker.subscriber.internal;

import io.tasker.schemas.DlqHeaders;
import io.tasker.schemas.redaction.Redactor;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Builds dead-letter records: original key, value and headers, earlier {@code tasker.dlq.*} headers replaced. */
public final class DlqRecords {
    private DlqRecords() {
    }

    public static ProducerRecord<byte[], byte[]> build(String dlqTopic, String subscriber, DeadLetter d) {
        return build(dlqTopic, subscriber, d, Redactor.defaults());
    }

    /** Like {@link #build(String, String, DeadLetter)}, masking the exception message with {@code redactor}. */
    public static ProducerRecord<byte[], byte[]> build(String dlqTopic, String subscriber, DeadLetter d,
            Redactor redactor) {
        RecordHeaders headers = new RecordHeaders();
        if (d.source().headers() != null) {
            for (Header h : d.source().headers()) {
                if (!h.key().startsWith(DlqHeaders.PREFIX)) {
                    headers.add(h.key(), h.value());
                }
            }
        }
        dlqHeaders(subscriber, d, redactor).forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
        return new ProducerRecord<>(dlqTopic, null, d.source().key(), d.source().value(), headers);
    }

    /** The {@code tasker.dlq.*} headers of {@code d}, in a stable order; absent values are left out. */
    public static Map<String, String> dlqHeaders(String subscriber, DeadLetter d) {
        return dlqHeaders(subscriber, d, Redactor.defaults());
    }

    /**
     * Like {@link #dlqHeaders(String, DeadLetter)}; the exception message goes through {@code redactor} (a handler's
     * error text may quote a secret: the DLQ is read by operators and tools, not only by the subscriber).
     */
    public static Map<String, String> dlqHeaders(String subscriber, DeadLetter d, Redactor redactor) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(DlqHeaders.REASON, d.reason());
        putIfPresent(h, DlqHeaders.HANDLER, d.handler());
        putIfPresent(h, DlqHeaders.EVENT_NAME, d.eventName());
        putIfPresent(h, DlqHeaders.EVENT_ID, d.eventId());
        h.put(DlqHeaders.ATTEMPTS, Integer.toString(d.attempts()));
        Throwable root = rootCause(d.error());
        if (root != null) {
            h.put(DlqHeaders.EXCEPTION_CLASS, root.getClass().getName());
            h.put(DlqHeaders.EXCEPTION_MESSAGE, truncate(redactor.redactText(String.valueOf(root.getMessage()))));
        }
        putIfPresent(h, DlqHeaders.FIRST_FAILURE_AT, d.firstFailureAt() == null ? null : d.firstFailureAt().toString());
        putIfPresent(h, DlqHeaders.LAST_FAILURE_AT, d.lastFailureAt() == null ? null : d.lastFailureAt().toString());
        h.put(DlqHeaders.SOURCE_TOPIC, d.source().topic());
        h.put(DlqHeaders.SOURCE_PARTITION, Integer.toString(d.source().partition()));
        h.put(DlqHeaders.SOURCE_OFFSET, Long.toString(d.source().offset()));
        h.put(DlqHeaders.SUBSCRIBER, subscriber);
        return h;
    }

    /** The innermost cause (not a wrapper); {@code null} stays null. Cycles end the walk. */
    public static Throwable rootCause(Throwable t) {
        Throwable root = t;
        int guard = 0;
        while (root != null && root.getCause() != null && root.getCause() != root && guard++ < 100) {
            root = root.getCause();
        }
        return root;
    }

    static String truncate(String s) {
        return s.length() <= DlqHeaders.MAX_MESSAGE_CHARS ? s : s.substring(0, DlqHeaders.MAX_MESSAGE_CHARS - 1) + "…";
    }

    private static void putIfPresent(Map<String, String> h, String k, String v) {
        if (v != null) {
            h.put(k, v);
        }
    }
}
