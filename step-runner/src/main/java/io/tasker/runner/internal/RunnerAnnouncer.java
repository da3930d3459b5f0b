package io.tasker.runner.internal;

import io.tasker.avro.Announcement;
import io.tasker.avro.ComponentKind;
import io.tasker.kafka.Announcer;
import io.tasker.kafka.Topics;
import io.tasker.runner.RunnerConfig;
import io.tasker.schemas.ComponentIds;
import io.tasker.schemas.RegistryTopic;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.schemas.TaskerTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces a started runner on the registry topic (creating the topic when it is missing) until it is closed, then
 * says it stopped. A registry topic that cannot be created only costs the runner its entry in {@code /v1/runners}
 * (WARN); it never stops the runner.
 */
final class RunnerAnnouncer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunnerAnnouncer.class);

    private final String id;
    private final Announcer announcer;

    private RunnerAnnouncer(String id, Announcer announcer) {
        this.id = id;
        this.announcer = announcer;
    }

    /** Creates the registry topic if needed and sends the first announcement. */
    static RunnerAnnouncer start(RunnerConfig config, TaskerTopics topics, Set<String> handlers, Set<String> namespaces,
            Supplier<RunnerAnnouncements.Snapshot> snapshot) {
        String topic = topics.registry();
        try (Admin admin = Admin.create(ClientProps.admin(config))) {
            Topics.createIfMissing(admin, new NewTopic(topic, Optional.of(RegistryTopic.PARTITIONS), Optional.empty())
                    .configs(RegistryTopic.CONFIGS), RunnerBootstrap.STARTUP_TIMEOUT);
        } catch (KafkaException e) {
            log.warn("Step runner {}: {}; it will not be listed by GET /v1/runners until the topic exists", config.runnerId(),
                    e.getMessage());
        }
        String id = ComponentIds.claim(ComponentKind.RUNNER, config.runnerId());
        TaskerAvroSerde<Announcement> serde = TaskerAvroSerde.forValues(Announcement.class, config.schemaRegistryUrl(), config.registryClient());
        Instant startedAt = Instant.now();
        Announcer announcer = new Announcer("runner " + id, new java.util.HashMap<>(ClientProps.producer(config)), topic,
                RegistryTopic.key(ComponentKind.RUNNER, id), Duration.ofMillis(config.announceIntervalMs()),
                stopping -> {
                    RunnerAnnouncements.Snapshot s = snapshot.get();
                    s = new RunnerAnnouncements.Snapshot(s.problems(), s.inFlight(), s.workerThreads(), s.httpPort(),
                            s.now(), stopping);
                    return serde.serializer().serialize(topic,
                            RunnerAnnouncements.build(id, config, handlers, namespaces, startedAt, s));
                });
        try {
            announcer.start();
        } catch (RuntimeException e) {
            announcer.close();
            ComponentIds.release(ComponentKind.RUNNER, id);
            throw e;
        }
        return new RunnerAnnouncer(id, announcer);
    }

    /** Sends the final {@code STOPPED} announcement and releases the id. */
    @Override
    public void close() {
        try {
            announcer.close();
        } finally {
            ComponentIds.release(ComponentKind.RUNNER, id);
        }
    }
}
