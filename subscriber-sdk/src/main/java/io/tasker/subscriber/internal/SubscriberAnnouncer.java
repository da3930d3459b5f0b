package io.tasker.subscriber.internal;

import io.tasker.avro.Announcement;
import io.tasker.avro.ComponentKind;
import io.tasker.kafka.Announcer;
import io.tasker.kafka.Topics;
import io.tasker.schemas.ComponentIds;
import io.tasker.schemas.RegistryTopic;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.subscriber.SubscriberConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces a running subscriber on the registry topic (creating the topic when it is missing) until it is closed,
 * then says it stopped. A registry topic that cannot be created only costs the subscriber its entry in
 * {@code /v1/subscribers} (WARN); it never stops the subscriber.
 */
public final class SubscriberAnnouncer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SubscriberAnnouncer.class);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

    private final String id;
    private final Announcer announcer;

    private SubscriberAnnouncer(String id, Announcer announcer) {
        this.id = id;
        this.announcer = announcer;
    }

    /**
     * Creates the registry topic if needed and sends the first announcement.
     *
     * @param snapshot the subscriber's state; its argument says whether this is the final announcement
     */
    public static SubscriberAnnouncer start(SubscriberConfig config, List<HandlerBinding> bindings,
            Function<Boolean, SubscriberAnnouncements.Snapshot> snapshot) {
        String topic = config.topics().registry();
        try (Admin admin = Admin.create(KafkaClients.admin(config))) {
            Topics.createIfMissing(admin, new NewTopic(topic, Optional.of(RegistryTopic.PARTITIONS), Optional.empty())
                    .configs(RegistryTopic.CONFIGS), TOPIC_TIMEOUT);
        } catch (KafkaException e) {
            log.warn("Subscriber {}: {}; it will not be listed by GET /v1/subscribers until the topic exists",
                    config.subscriberName(), e.getMessage());
        }
        String id = ComponentIds.claim(ComponentKind.SUBSCRIBER, SubscriberAnnouncements.baseId(config.subscriberName()));
        TaskerAvroSerde<Announcement> serde = TaskerAvroSerde.forValues(Announcement.class, config.schemaRegistryUrl(),
                config.registryClient());
        Instant startedAt = Instant.now();
        Announcer announcer;
        try {
            announcer = new Announcer("subscriber " + id, KafkaClients.producer(config), topic,
                    RegistryTopic.key(ComponentKind.SUBSCRIBER, id), config.announceInterval(),
                    stopping -> serde.serializer().serialize(topic,
                            SubscriberAnnouncements.build(id, config, bindings, startedAt, snapshot.apply(stopping))));
            announcer.start();
        } catch (RuntimeException e) {
            ComponentIds.release(ComponentKind.SUBSCRIBER, id);
            throw e;
        }
        return new SubscriberAnnouncer(id, announcer);
    }

    /** Sends the final {@code STOPPED} announcement and releases the id. */
    @Override
    public void close() {
        try {
            announcer.close();
        } finally {
            ComponentIds.release(ComponentKind.SUBSCRIBER, id);
        }
    }
}
