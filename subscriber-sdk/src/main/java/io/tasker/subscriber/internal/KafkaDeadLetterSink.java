package io.tasker.subscriber.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends dead letters to the DLQ topic. The record counts as finished only once the broker acknowledged it; a failed
 * send is retried (the record stays uncommitted meanwhile, so nothing is lost if the subscriber dies) and makes the
 * subscriber unhealthy until a send succeeds again.
 */
final class KafkaDeadLetterSink implements DeadLetterSink {
    private static final Logger log = LoggerFactory.getLogger(KafkaDeadLetterSink.class);
    static final Duration RESEND_BACKOFF = Duration.ofSeconds(1);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final String subscriber;
    private final Timer timer;
    private final AtomicReference<String> lastError = new AtomicReference<>();

    private final io.tasker.schemas.redaction.Redactor redactor;

    KafkaDeadLetterSink(Producer<byte[], byte[]> producer, String topic, String subscriber, Timer timer,
            io.tasker.schemas.redaction.Redactor redactor) {
        this.redactor = redactor;
        this.producer = producer;
        this.topic = topic;
        this.subscriber = subscriber;
        this.timer = timer;
    }

    @Override
    public void deadLetter(DeadLetter letter, Runnable stored) {
        send(DlqRecords.build(topic, subscriber, letter, redactor), letter, stored);
    }

    private void send(ProducerRecord<byte[], byte[]> rec, DeadLetter letter, Runnable stored) {
        try {
            producer.send(rec, (md, e) -> {
                if (e == null) {
                    lastError.set(null);
                    stored.run();
                } else {
                    failed(rec, letter, stored, e);
                }
            });
        } catch (RuntimeException e) {
            failed(rec, letter, stored, e);
        }
    }

    private void failed(ProducerRecord<byte[], byte[]> rec, DeadLetter letter, Runnable stored, Exception e) {
        lastError.set("dead-letter topic " + topic + " unwritable: " + e);
        log.error("Subscriber {} cannot dead-letter {}-{}@{} to {}, retrying in {} ms", subscriber,
                letter.source().topic(), letter.source().partition(), letter.source().offset(), topic,
                RESEND_BACKOFF.toMillis(), e);
        timer.schedule(RESEND_BACKOFF, () -> send(rec, letter, stored));
    }

    /** The last send error, or null after a successful send. */
    String lastError() {
        return lastError.get();
    }
}
