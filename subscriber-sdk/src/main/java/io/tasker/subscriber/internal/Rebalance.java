package io.tasker.subscriber.internal;

import io.tasker.kafka.OffsetTracker;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On revocation: waits (bounded) for the partitions' in-flight records, commits them and forgets the partitions;
 * records of a revoked partition still queued are then skipped (their epoch changed) and re-delivered to the new
 * owner. On assignment: a new epoch per partition. Runs on the poll thread, inside poll().
 */
final class Rebalance implements ConsumerRebalanceListener {
private static final Logger log = LoggerFactory.getLogger(Rebalance.class);

private final String name;
private final Duration drainTimeout;
private final OffsetTracker tracker;
private final OffsetCommitter committer;
private final Map<TopicPartition, Long> epochs;
private final AtomicLong epochCounter;
private final Map<TopicPartition, Long> backoffUntil;

Rebalance(String name, Duration drainTimeout, OffsetTracker tracker, OffsetCommitter committer,
        Map<TopicPartition, Long> epochs, AtomicLong epochCounter, Map<TopicPartition, Long> backoffUntil) {
    this.name = name;
    this.drainTimeout = drainTimeout;
    this.tracker = tracker;
    this.committer = committer;
    this.epochs = epochs;
    this.epochCounter = epochCounter;
    this.backoffUntil = backoffUntil;
}

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        try {
            if (!tracker.awaitDrained(partitions, drainTimeout.toMillis())) {
                log.warn("Subscriber {}: revoking {} with unfinished records; they will be re-delivered", name,
                        partitions);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        committer.commitSync(partitions);
        forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            epochs.put(tp, epochCounter.incrementAndGet());
        }
        log.info("Subscriber {} assigned {}", name, partitions);
    }

    private void forget(Collection<TopicPartition> partitions) {
        tracker.remove(partitions);
        partitions.forEach(epochs::remove);
        partitions.forEach(backoffUntil::remove);
    }
}
