package io.tasker.topology.internal;

import io.tasker.avro.AnnouncedState;
import io.tasker.avro.Announcement;
import io.tasker.avro.ComponentKind;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The latest announcement of one runner or subscriber, as the registry view keeps it.
 *
 * @param lastSeen when it last announced itself (epoch millis, the component's clock)
 */
record RegistryEntry(ComponentKind kind, String id, String name, AnnouncedState state, String host, Long pid,
                     String version, String groupId, List<String> namespaces, List<String> handlers, List<String> events,
                     int threads, int maxInFlight, int inFlight, boolean healthy, String healthDetail, long startedAt,
                     long lastSeen, long intervalMs, Map<String, String> attributes) {
    RegistryEntry {
        namespaces = List.copyOf(namespaces);
        handlers = List.copyOf(handlers);
        events = List.copyOf(events);
        attributes = java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    static RegistryEntry of(Announcement a) {
        return new RegistryEntry(a.getKind(), a.getId(), a.getName(), a.getState(), a.getHost(), a.getPid(), a.getVersion(),
                a.getGroupId(), a.getNamespaces(), a.getHandlers(), a.getEvents(), a.getThreads(), a.getMaxInFlight(),
                a.getInFlight(), a.getHealthy(), a.getHealthDetail(), a.getStartedAt().toEpochMilli(),
                a.getAnnouncedAt().toEpochMilli(), a.getIntervalMs(), a.getAttributes());
    }

    /** Whether this component subscribes to {@code eventName} (subscribers only; runners subscribe to nothing). */
    boolean subscribesTo(String eventName) {
        return kind == ComponentKind.SUBSCRIBER
                && events.stream().anyMatch(p -> io.tasker.schemas.EventNamePattern.matches(p, eventName));
    }
}
