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
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics of the namespaces a runner serves (step commands, domain events), so the topology can dispatch to
 * a namespace and publish its events as soon as a runner has registered its templates. Existing topics are left
 * exactly as they are. Only missing topics are created, so a runner without the right to create topics still starts
 * when they were created beforehand.
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
     * A topic of a namespace.
     *
     * @param kind   what it is, for messages: {@code step-command}, {@code domain-events}
     * @param access what the runner does with it ({@code READ} its step commands, {@code WRITE} its domain events),
     *               the ACL a denial message asks for
     */
    record Wanted(String namespace, String topic, String kind, AclOperation access) {
        static Wanted stepCommands(String namespace, String topic) {
            return new Wanted(namespace, topic, "step-command", AclOperation.READ);
        }

        static Wanted domainEvents(String namespace, String topic) {
            return new Wanted(namespace, topic, "domain-events", AclOperation.WRITE);
        }
    }

    /**
     * Creates those of {@code topics} that do not exist.
     *
     * @return the topics created
     * @throws KafkaException naming the topic and namespace if one cannot be checked or created (not authorized,
     *                        invalid replication factor, broker unreachable, ...)
     */
    List<String> ensure(List<Wanted> topics) {
        List<Wanted> missing = new ArrayList<>();
        Map<String, KafkaFuture<TopicDescription>> described =
                admin.describeTopics(topics.stream().map(Wanted::topic).toList()).topicNameValues();
        for (Wanted w : topics) {
            try {
                await(described.get(w.topic()));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    missing.add(w);
                } else {
                    throw failure("check", w, e.getCause());
                }
            } catch (TimeoutException e) {
                throw failure("check", w, e);
            }
        }
        if (missing.isEmpty()) {
            return List.of();
        }
        Collection<NewTopic> create = missing.stream()
                .map(w -> new NewTopic(w.topic(), partitions, replicationFactor)).toList();
        Map<String, KafkaFuture<Void>> created = admin.createTopics(create).values();
        List<String> out = new ArrayList<>();
        for (Wanted w : missing) {
            try {
                await(created.get(w.topic()));
                out.add(w.topic());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw failure("create", w, e.getCause());
                }
                // another runner created it meanwhile: fine, it is left as it is
            } catch (TimeoutException e) {
                throw failure("create", w, e);
            }
        }
        if (!out.isEmpty()) {
            log.info("Created namespace topics {} (partitions {}, replication factor {})", out,
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
            throw new KafkaException("interrupted while creating namespace topics", e);
        }
    }

    /**
     * The error of a topic that cannot be checked or created. A denial names the ACL the runner needs: {@code READ} on
     * its step-command topics and {@code WRITE} on its domain-events topics (each implies the DESCRIBE of the check),
     * and {@code CREATE} only when the runner is to create a missing topic itself.
     */
    static KafkaException failure(String what, Wanted w, Throwable cause) {
        String hint = "";
        if (cause instanceof AuthorizationException) {
            hint = what.equals("create")
                    ? " (the runner may not create it: create the topic beforehand, or grant the runner's principal"
                            + " CREATE on topic " + w.topic() + ")"
                    : " (the runner's principal is not authorized: grant it " + w.access() + " on topic " + w.topic()
                            + "; a runner of namespace '" + w.namespace() + "' needs READ on its step-command topic and"
                            + " WRITE on its domain-events topic)";
        }
        return new KafkaException("cannot " + what + " " + w.kind() + " topic " + w.topic() + " of namespace '"
                + w.namespace() + "': " + cause + hint, cause);
    }
}
