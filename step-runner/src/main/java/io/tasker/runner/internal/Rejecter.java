package io.tasker.runner.internal;

import io.tasker.schemas.RejectedHeaders;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Copies commands the runner cannot run to the rejected topic, byte for byte, with headers that say why. */
final class Rejecter {
    private static final Logger log = LoggerFactory.getLogger(Rejecter.class);

    private final Producer<byte[], byte[]> producer;
    private final String rejectedTopic;
    private final InFlightCommands inFlight;
    private final AtomicLong rejected = new AtomicLong();

    Rejecter(Producer<byte[], byte[]> producer, String rejectedTopic, InFlightCommands inFlight) {
        this.producer = producer;
        this.rejectedTopic = rejectedTopic;
        this.inFlight = inFlight;
    }

    /**
     * Dispatches {@code rec} and produces its rejected copy; the offset becomes committable once the copy is
     * acknowledged. A synchronous send failure propagates to the caller (the poll loop, which stops the runner).
     */
    void reject(TopicPartition tp, ConsumerRecord<byte[], byte[]> rec, String reason, String detail,
            Throwable error) {
        String exceptionClass = error == null ? "" : error.getClass().getName();
        String text = detail == null ? (error == null ? reason : error.getClass().getName()) : detail;
        log.warn("Rejecting command {}-{}@{}: {}: {}", rec.topic(), rec.partition(), rec.offset(), reason, text);
        rejected.incrementAndGet();
        inFlight.dispatched(tp, rec.offset());
        RecordHeaders headers = new RecordHeaders();
        for (Header h : rec.headers()) {
            headers.add(h);
        }
        headers.add(RejectedHeaders.REASON, Utf8.bytes(reason));
        headers.add(RejectedHeaders.DETAIL, Utf8.bytes(text));
        headers.add(RejectedHeaders.SOURCE_TOPIC, Utf8.bytes(rec.topic()));
        headers.add(RejectedHeaders.SOURCE_PARTITION, Utf8.bytes(Integer.toString(rec.partition())));
        headers.add(RejectedHeaders.SOURCE_OFFSET, Utf8.bytes(Long.toString(rec.offset())));
        headers.add(RejectedHeaders.EXCEPTION_CLASS, Utf8.bytes(exceptionClass));
        headers.add(RejectedHeaders.REJECTED_AT, Utf8.bytes(Instant.now().toString()));
        long offset = rec.offset();
        producer.send(new ProducerRecord<>(rejectedTopic, null, rec.key(), rec.value(), headers),
                (md, ex) -> inFlight.completed(tp, offset, ex, false));
    }

    long rejected() {
        return rejected.get();
    }
}
