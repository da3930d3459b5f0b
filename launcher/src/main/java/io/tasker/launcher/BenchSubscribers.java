package io.tasker.launcher;

import io.tasker.subscriber.SubscriberConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/** What both subscriber measurements of {@code tasker bench} need: the SDK config on the bench's platform, and readiness. */
final class BenchSubscribers {
    private BenchSubscribers() {
    }

    /**
     * The SDK's defaults on the bench platform's cluster, registry and topic prefix, reading {@code namespace}'s
     * domain events; {@code overrides} (any {@link SubscriberConfig} key, e.g. {@code kafka.fetch.max.wait.ms}) win.
     */
    static SubscriberConfig config(Platform platform, String name, String namespace, Map<String, String> overrides) {
        Map<String, String> m = new HashMap<>();
        m.put(SubscriberConfig.SUBSCRIBER_NAME, name);
        m.put(SubscriberConfig.BOOTSTRAP_SERVERS, platform.bootstrapServers());
        m.put(SubscriberConfig.SCHEMA_REGISTRY_URL, platform.schemaRegistryUrl());
        m.put(SubscriberConfig.TOPIC_PREFIX, platform.options().topicPrefix());
        m.put(SubscriberConfig.NAMESPACES, namespace);
        m.putAll(platform.clients().properties(SubscriberConfig.KAFKA_PREFIX));
        m.putAll(overrides);
        return SubscriberConfig.fromMap(m);
    }

    /**
     * Waits until the consumer group has a member with partitions assigned, so that what is measured next is the
     * subscriber's steady state, not its group join.
     */
    static void awaitAssigned(Platform platform, String groupId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(platform.clients().kafka().admin(platform.bootstrapServers()))) {
            while (true) {
                try {
                    ConsumerGroupDescription g = admin.describeConsumerGroups(List.of(groupId)).all().get().get(groupId);
                    if (g != null && g.members().stream().anyMatch(m -> !m.assignment().topicPartitions().isEmpty())) return;
                } catch (ExecutionException e) {
                    // the group does not exist until the subscriber's first join: ask again
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("subscriber group " + groupId + " got no partitions within " + timeout);
                }
                Thread.sleep(100);
            }
        }
    }
}
