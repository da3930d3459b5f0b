package io.tasker.runner.internal;

import io.tasker.kafka.OffsetTracker;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Commits the offsets {@link OffsetTracker} says are safe. Poll thread only (it uses the consumer). */
final class OffsetCommitter {
    private static final Logger log = LoggerFactory.getLogger(OffsetCommitter.class);

    private final String runnerId;
    private final Consumer<byte[], byte[]> consumer;
    private final OffsetTracker tracker;

    OffsetCommitter(String runnerId, Consumer<byte[], byte[]> consumer, OffsetTracker tracker) {
        this.runnerId = runnerId;
        this.consumer = consumer;
        this.tracker = tracker;
    }

    /** Commits every committable offset in the background; a failure is retried by the next call. */
    void commitAsync() {
        Map<TopicPartition, OffsetAndMetadata> offsets = tracker.committable();
        if (offsets.isEmpty()) {
            return;
        }
        consumer.commitAsync(offsets, (committed, ex) -> {
            if (ex == null) {
                tracker.markCommitted(committed);
            } else {
                log.warn("Step runner {}: async commit of {} failed (will retry): {}", runnerId, offsets,
                        ex.toString());
            }
        });
    }

    /** Commits synchronously; failures are logged (the records will be delivered again, which is at-least-once). */
    void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                consumer.commitSync(offsets, Duration.ofSeconds(10));
                tracker.markCommitted(offsets);
                log.debug("Step runner {} committed {}", runnerId, offsets);
                return;
            } catch (WakeupException e) {
                // a pending wakeup from close(); the second attempt runs without it
            } catch (KafkaException e) {
                log.warn("Step runner {}: commit of {} failed, those commands will be delivered again: {}",
                        runnerId, offsets, e.toString());
                return;
            }
        }
    }
}
