package io.tasker.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Topic creation shared by the components that create the topics they need when they are missing. */
public final class Topics {
    private Topics() {
    }

    /**
     * Creates {@code topic} (with its partitions, replication and configs) unless it exists; an existing topic is left
     * exactly as it is.
     *
     * @return whether this call created it
     * @throws KafkaException naming the topic when it can be neither described nor created (not authorized, broker
     *                        unreachable within {@code timeout}, ...)
     */
    public static boolean createIfMissing(Admin admin, NewTopic topic, Duration timeout) {
        try {
            try {
                admin.describeTopics(List.of(topic.name())).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return false;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new KafkaException("cannot check topic " + topic.name() + ": " + e.getCause(), e.getCause());
                }
            }
            try {
                admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) return false; // created meanwhile by someone else
                throw new KafkaException("cannot create topic " + topic.name() + ": " + e.getCause(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new KafkaException("timed out after " + timeout.toMillis() + " ms checking or creating topic " + topic.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while checking or creating topic " + topic.name(), e);
        }
    }
}
