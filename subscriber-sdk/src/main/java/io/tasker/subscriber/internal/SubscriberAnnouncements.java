package io.tasker.subscriber.internal;

import io.tasker.avro.AnnouncedState;
import io.tasker.avro.Announcement;
import io.tasker.avro.ComponentKind;
import io.tasker.schemas.ComponentIds;
import io.tasker.schemas.TaskerVersion;
import io.tasker.subscriber.SubscriberConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** What a subscriber says about itself on the registry topic: the {@link Announcement} for its current state. */
public final class SubscriberAnnouncements {
    /** Attribute: where the subscriber dead-letters. */
    public static final String DLQ_TOPIC = "dlq_topic";
    /** Attribute: the topic it reads replays from. */
    public static final String REPLAY_TOPIC = "replay_topic";

    private SubscriberAnnouncements() {
    }

    /** {@code <name>@<host>:<pid>}: unique per process (see {@link ComponentIds#claim} for several in one JVM). */
    public static String baseId(String name) {
        return name + "@" + ComponentIds.host() + ":" + ComponentIds.pid();
    }

    /**
     * What the subscriber is at one moment.
     *
     * @param unhealthyReason null when healthy
     */
    public record Snapshot(String unhealthyReason, int inFlight, Instant now, boolean stopping) {
    }

    public static Announcement build(String id, SubscriberConfig config, List<HandlerBinding> bindings, Instant startedAt,
            Snapshot s) {
        LinkedHashSet<String> events = new LinkedHashSet<>();
        TreeSet<String> handlers = new TreeSet<>();
        for (HandlerBinding b : bindings) {
            events.add(b.pattern().text());
            handlers.add(b.name());
        }
        Map<String, String> attributes = new TreeMap<>();
        attributes.put(DLQ_TOPIC, config.dlqTopic());
        attributes.put(REPLAY_TOPIC, config.replayTopic());
        return Announcement.newBuilder()
                .setKind(ComponentKind.SUBSCRIBER)
                .setId(id)
                .setName(config.subscriberName())
                .setState(s.stopping() ? AnnouncedState.STOPPED : AnnouncedState.RUNNING)
                .setHost(ComponentIds.host())
                .setPid(ComponentIds.pid())
                .setVersion(TaskerVersion.current())
                .setGroupId(config.groupId())
                .setNamespaces(new ArrayList<>(new TreeSet<>(config.namespaces())))
                .setHandlers(new ArrayList<>(handlers))
                .setEvents(new ArrayList<>(events))
                .setThreads(config.concurrency())
                .setMaxInFlight(config.maxInFlight())
                .setInFlight(s.inFlight())
                .setHealthy(s.unhealthyReason() == null)
                .setHealthDetail(s.unhealthyReason())
                .setStartedAt(startedAt)
                .setAnnouncedAt(s.now())
                .setIntervalMs(config.announceInterval().toMillis())
                .setAttributes(attributes)
                .build();
    }
}
