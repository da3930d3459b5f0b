package io.tasker.runner.internal;

import io.tasker.kafka.OffsetTracker;
import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before partitions go to another runner, waits (bounded) for their in-flight commands and commits them, so the next
 * owner does not run them again. Called on the poll thread.
 */
final class RebalanceListener implements ConsumerRebalanceListener {
    private static final Logger log = LoggerFactory.getLogger(RebalanceListener.class);

    static final long REVOKE_DRAIN_MS = 20_000;

    private final String runnerId;
    private final RunnerState state;
    private final OffsetTracker tracker;
    private final PartitionBackoff backoff;
    private final RunnerMetrics metrics;
    private OffsetCommitter committer;

    RebalanceListener(String runnerId, RunnerState state, OffsetTracker tracker, PartitionBackoff backoff,
            RunnerMetrics metrics) {
        this.runnerId = runnerId;
        this.metrics = metrics;
        this.state = state;
        this.tracker = tracker;
        this.backoff = backoff;
    }

    /** The committer exists only once the consumer does, after this listener was handed to {@code subscribe}. */
    void committer(OffsetCommitter committer) {
        this.committer = committer;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        if (state.isRunning()) {
            metrics.rebalanced();
        }
        try {
            if (!tracker.awaitDrained(partitions, REVOKE_DRAIN_MS)) {
                log.warn("Step runner {}: {} commands of revoked partitions still in flight after {} ms; they"
                        + " will be delivered again", runnerId, tracker.pending(partitions), REVOKE_DRAIN_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        committer.commitSync(tracker.committable(partitions));
        tracker.remove(partitions);
        backoff.forget(partitions);
        log.info("Step runner {}: partitions revoked {}", runnerId, partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            metrics.rebalanced();
        }
        tracker.remove(partitions);
        backoff.forget(partitions);
        log.warn("Step runner {}: partitions lost {}", runnerId, partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            log.info("Step runner {}: partitions assigned {}", runnerId, partitions);
        }
    }
}
