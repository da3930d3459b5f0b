package io.tasker.kafka;

import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Pause/resume for consumers that keep polling while their work is saturated or backing off: a paused partition
 * returns nothing but the consumer stays in its group, so slow work never causes a rebalance.
 */
public final class Pauses {
    private Pauses() {
    }

    /**
     * Makes exactly {@code shouldPause} paused: pauses what is not paused yet, resumes what no longer needs to be.
     * Poll thread only (it uses the consumer).
     */
    public static void apply(Consumer<?, ?> consumer, Set<TopicPartition> shouldPause) {
        Set<TopicPartition> current = consumer.paused();
        List<TopicPartition> toPause = shouldPause.stream().filter(tp -> !current.contains(tp)).toList();
        List<TopicPartition> toResume = current.stream().filter(tp -> !shouldPause.contains(tp)).toList();
        if (!toPause.isEmpty()) {
            consumer.pause(toPause);
        }
        if (!toResume.isEmpty()) {
            consumer.resume(toResume);
        }
    }
}
