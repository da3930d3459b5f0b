package io.tasker.runner.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the step-command topics of the namespaces a runner serves, so the topology can dispatch to a namespace as
 * soon as a runner has registered its templates. Existing topics are left exactly as they are. Only missing topics are
 * created, so a runner without the right to create topics still starts when they were created beforehand.
 */
final class NamespaceTopics {
    private static final Logger log = LoggerFactory.getLogger(NamespaceTopics.class);

    private final Admin admin;
    private final Optional<Integer> partitions;
    private final Optional<Short> replicationFactor;
    private final Duration timeout;

    NamespaceTopics(Admin admin, Integer partitions, Integer replicationFactor, Duration timeout) {
        this.admin = admin;
        this.partitions = Optional.ofNullable(partitions);
        this.replicationFactor = Optional.ofNullable(replicationFactor).map(Integer::shortValue);
        this.timeout = timeout;
    }

    /**
     * Creates those of {@code topics} (topic name by namespace) that do not exist.
     *
     * @return the topics created
     * @throws KafkaException naming the topic and namespace if one cannot be checked or created (not authorized,
     *                        invalid replication factor, broker unreachable, ...)
     */
    List<String> ensure(Map<String, String> topics) {
        List<String> missing = new ArrayList<>();
        Map<String, KafkaFuture<TopicDescription>> described =
                admin.describeTopics(topics.values()).topicNameValues();
        topics.forEach((ns, topic) -> {
            try {
                await(described.get(topic));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    missing.add(topic);
                } else {
                    throw failure("check", topic, ns, e.getCause());
                }
            } catch (TimeoutException e) {
                throw failure("check", topic, ns, e);
            }
        });
        if (missing.isEmpty()) {
            return List.of();
        }
        Collection<NewTopic> create = missing.stream().map(t -> new NewTopic(t, partitions, replicationFactor))
                .toList();
        Map<String, KafkaFuture<Void>> created = admin.createTopics(create).values();
        List<String> out = new ArrayList<>();
        for (String topic : missing) {
            String ns = namespaceOf(topics, topic);
            try {
                await(created.get(topic));
                out.add(topic);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw failure("create", topic, ns, e.getCause());
                }
                // another runner created it meanwhile: fine, it is left as it is
            } catch (TimeoutException e) {
                throw failure("create", topic, ns, e);
            }
        }
        if (!out.isEmpty()) {
            log.info("Created step-command topics {} (partitions {}, replication factor {})", out,
                    partitions.map(String::valueOf).orElse("broker default"),
                    replicationFactor.map(String::valueOf).orElse("broker default"));
        }
        return out;
    }

    private <T> T await(KafkaFuture<T> f) throws ExecutionException, TimeoutException {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while creating step-command topics", e);
        }
    }

    private static String namespaceOf(Map<String, String> topics, String topic) {
        return topics.entrySet().stream().filter(e -> e.getValue().equals(topic)).map(Map.Entry::getKey)
                .findFirst().orElse("?");
    }

    private static KafkaException failure(String what, String topic, String ns, Throwable cause) {
        String hint = cause instanceof AuthorizationException
                ? " (the runner is not authorized: grant it DESCRIBE and CREATE on the topic, or create the topic"
                        + " beforehand)"
                : "";
        return new KafkaException("cannot " + what + " step-command topic " + topic + " of namespace '" + ns + "': "
                + cause + hint, cause);
    }
}
