package io.tasker.subscriber.internal;

import io.tasker.kafka.OffsetTracker;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits what the {@link OffsetTracker} allows: asynchronously at the commit interval, synchronously on revocation
 * and close. Poll thread only (it uses the consumer).
 */
final class OffsetCommitter {
    private static final Logger log = LoggerFactory.getLogger(OffsetCommitter.class);

    private final String name;
    private final Consumer<byte[], byte[]> consumer;
    private final OffsetTracker tracker;

    OffsetCommitter(String name, Consumer<byte[], byte[]> consumer, OffsetTracker tracker) {
        this.name = name;
        this.consumer = consumer;
        this.tracker = tracker;
    }

    void commitAsync() {
        for (TopicPartition tp : consumer.assignment()) {
            try {
                tracker.caughtUpTo(tp, consumer.position(tp, Duration.ZERO));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                // position not known yet (just assigned): nothing fetched, nothing to move
            }
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = tracker.committable();
        if (offsets.isEmpty()) {
            return;
        }
        consumer.commitAsync(offsets, (committed, e) -> {
            if (e == null) {
                tracker.markCommitted(committed);
            } else {
                log.warn("Subscriber {}: offset commit failed (retried at the next interval): {}", name, e.toString());
            }
        });
    }

    void commitSync(Collection<TopicPartition> tps) {
        Map<TopicPartition, OffsetAndMetadata> offsets = tracker.committable(tps);
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
            tracker.markCommitted(offsets);
        } catch (RuntimeException e) {
            log.warn("Subscriber {}: offset commit of {} failed; those records will be re-delivered: {}", name,
                    offsets.keySet(), e.toString());
        }
    }
}
