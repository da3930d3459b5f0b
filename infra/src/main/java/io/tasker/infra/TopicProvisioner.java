package io.tasker.infra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Creates the topics the platform needs with AdminClient. Existing topics are left alone, but an
 * existing topic with fewer partitions than asked or a conflicting config (say, a templates topic that
 * is not compacted) fails start-up with a message naming the topic, the key, and both values, because
 * running on such a topic would lose data or break per-task ordering silently.
 */
public final class TopicProvisioner {
    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    /** Thrown when an existing topic conflicts with what the platform needs. */
    public static final class TopicConflictException extends RuntimeException {
        public TopicConflictException(String message) {
            super(message);
        }
    }

    private final Admin admin;

    public TopicProvisioner(Admin admin) {
        this.admin = admin;
    }

    /** Creates the missing topics and checks the existing ones. Returns the names it created. */
    public List<String> ensure(Collection<TopicSpec> specs) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> toCreate = new ArrayList<>();
            List<TopicSpec> toCheck = new ArrayList<>();
            for (TopicSpec spec : specs) {
                if (existing.contains(spec.name())) {
                    toCheck.add(spec);
                } else {
                    toCreate.add(new NewTopic(spec.name(), spec.partitions(), spec.replicationFactor()).configs(spec.configs()));
                }
            }
            List<String> created = new ArrayList<>();
            for (var entry : admin.createTopics(toCreate).values().entrySet()) {
                try {
                    entry.getValue().get();
                    created.add(entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) throw e;
                    // created concurrently by another instance: check it like any existing topic
                    specs.stream().filter(s -> s.name().equals(entry.getKey())).forEach(toCheck::add);
                }
            }
            if (!created.isEmpty()) log.info("Created topics {}", created);
            check(toCheck);
            return created;
        } catch (ExecutionException e) {
            throw new IllegalStateException("topic provisioning failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while provisioning topics", e);
        }
    }

    /** How long a topic that exists may still be unknown to the broker answering (metadata not yet propagated). */
    static final long METADATA_WAIT_MS = 15_000;

    private void check(List<TopicSpec> specs) throws ExecutionException, InterruptedException {
        long deadline = System.currentTimeMillis() + METADATA_WAIT_MS;
        while (true) {
            try {
                checkOnce(specs);
                return;
            } catch (ExecutionException e) {
                // a topic just created (here or by another instance) is listed before every broker serves its metadata
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                        || System.currentTimeMillis() >= deadline) throw e;
                log.debug("topic metadata not yet available, retrying: {}", e.getCause().getMessage());
                Thread.sleep(100);
            }
        }
    }

    private void checkOnce(List<TopicSpec> specs) throws ExecutionException, InterruptedException {
        if (specs.isEmpty()) return;
        Map<String, TopicSpec> byName = specs.stream().collect(Collectors.toMap(TopicSpec::name, Function.identity(), (a, b) -> a));
        Map<String, TopicDescription> descriptions = admin.describeTopics(byName.keySet()).allTopicNames().get();
        List<ConfigResource> resources = byName.keySet().stream()
                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
        List<String> conflicts = new ArrayList<>();
        for (TopicSpec spec : byName.values()) {
            int partitions = descriptions.get(spec.name()).partitions().size();
            if (partitions < spec.partitions()) {
                conflicts.add("topic " + spec.name() + ": partitions is " + partitions + ", expected at least " + spec.partitions());
            }
            Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
            spec.configs().forEach((key, expected) -> {
                var entry = actual.get(key);
                String value = entry == null ? null : entry.value();
                if (!expected.equals(value)) {
                    conflicts.add("topic " + spec.name() + ": " + key + " is '" + value + "', expected '" + expected + "'");
                }
            });
        }
        if (!conflicts.isEmpty()) {
            throw new TopicConflictException("existing topics conflict with the required configuration: " + String.join("; ", conflicts));
        }
    }
}
