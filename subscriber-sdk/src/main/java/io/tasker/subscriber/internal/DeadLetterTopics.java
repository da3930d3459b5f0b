package io.tasker.subscriber.internal;

import io.tasker.subscriber.SubscriberConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a subscriber's dead-letter and replay topics at start-up when they do not exist (broker defaults for
 * partitions and replication), so the first dead letter never blocks on a missing topic. Existing topics are left as
 * they are. A topic that can be neither found nor created fails the start, naming it.
 */
final class DeadLetterTopics {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterTopics.class);
    private static final long TIMEOUT_S = 30;

    private DeadLetterTopics() {
    }

    static void ensure(SubscriberConfig config) {
        Map<String, Object> props = KafkaClients.admin(config);
        List<String> wanted = List.of(config.dlqTopic(), config.replayTopic());
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String t : wanted) {
                if (!existing.contains(t)) missing.add(new NewTopic(t, Optional.empty(), Optional.empty()));
            }
            if (missing.isEmpty()) return;
            admin.createTopics(missing).values().forEach((topic, future) -> {
                try {
                    future.get(TIMEOUT_S, TimeUnit.SECONDS);
                    log.info("Subscriber {}: created topic {}", config.subscriberName(), topic);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new KafkaException("subscriber " + config.subscriberName() + " could not create its topic " + topic
                                + " (create it beforehand or allow CREATE): " + e.getCause(), e.getCause());
                    }
                } catch (TimeoutException e) {
                    throw new KafkaException("subscriber " + config.subscriberName() + " timed out creating topic " + topic, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KafkaException("interrupted while creating topic " + topic, e);
                }
            });
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("subscriber " + config.subscriberName() + " could not list topics to check " + wanted + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while checking topics " + wanted, e);
        }
    }
}
