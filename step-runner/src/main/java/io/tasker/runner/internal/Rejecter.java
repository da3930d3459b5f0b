package io.tasker.runner.internal;

import io.tasker.schemas.RejectReason;
import io.tasker.schemas.RejectedHeaders;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Copies commands the runner cannot run to the rejected topic, byte for byte, with headers that say why. */
final class Rejecter {
    private static final Logger log = LoggerFactory.getLogger(Rejecter.class);

    private final Producer<byte[], byte[]> producer;
    private final String rejectedTopic;
    private final RunnerMetrics metrics;

    Rejecter(Producer<byte[], byte[]> producer, String rejectedTopic, RunnerMetrics metrics) {
        this.producer = producer;
        this.rejectedTopic = rejectedTopic;
        this.metrics = metrics;
    }

    /**
     * Produces the rejected copy of {@code rec}; {@code done} is called with the broker's answer. A synchronous send
     * failure propagates to the caller.
     *
     * @param detail human-readable reason; {@code null} uses the error's class or the reason code
     * @param error  the exception behind the rejection, or {@code null}
     */
    void reject(ConsumerRecord<byte[], byte[]> rec, RejectReason reason, String detail, Throwable error,
            Callback done) {
        String exceptionClass = error == null ? "" : error.getClass().getName();
        String text = detail == null ? (error == null ? reason.code() : error.getClass().getName()) : detail;
        log.warn("Rejecting command {}-{}@{}: {}: {}", rec.topic(), rec.partition(), rec.offset(), reason.code(),
                text);
        metrics.rejected(reason);
        RecordHeaders headers = new RecordHeaders();
        for (Header h : rec.headers()) {
            headers.add(h);
        }
        headers.add(RejectedHeaders.REASON, Utf8.bytes(reason.code()));
        headers.add(RejectedHeaders.DETAIL, Utf8.bytes(text));
        headers.add(RejectedHeaders.SOURCE_TOPIC, Utf8.bytes(rec.topic()));
        headers.add(RejectedHeaders.SOURCE_PARTITION, Utf8.bytes(Integer.toString(rec.partition())));
        headers.add(RejectedHeaders.SOURCE_OFFSET, Utf8.bytes(Long.toString(rec.offset())));
        headers.add(RejectedHeaders.EXCEPTION_CLASS, Utf8.bytes(exceptionClass));
        headers.add(RejectedHeaders.REJECTED_AT, Utf8.bytes(Instant.now().toString()));
        producer.send(new ProducerRecord<>(rejectedTopic, null, rec.key(), rec.value(), headers), done);
    }
}
