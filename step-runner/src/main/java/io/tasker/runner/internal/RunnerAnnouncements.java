package io.tasker.runner.internal;

import io.tasker.avro.AnnouncedState;
import io.tasker.avro.Announcement;
import io.tasker.avro.ComponentKind;
import io.tasker.runner.RunnerConfig;
import io.tasker.schemas.ComponentIds;
import io.tasker.schemas.TaskerVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;

/** What a runner says about itself on the registry topic: the {@link Announcement} for its current state. */
final class RunnerAnnouncements {
    /** Attribute: the port of the runner's {@code /health} endpoint, when it has one. */
    static final String HTTP_PORT = "http_port";

    private RunnerAnnouncements() {
    }

    /**
     * What the runner is at one moment.
     *
     * @param problems why it is unhealthy (empty: healthy)
     */
    record Snapshot(List<String> problems, int inFlight, int workerThreads, OptionalInt httpPort, Instant now,
            boolean stopping) {
    }

    static Announcement build(String id, RunnerConfig config, Iterable<String> handlers, Iterable<String> namespaces,
            Instant startedAt, Snapshot s) {
        Map<String, String> attributes = new TreeMap<>();
        s.httpPort().ifPresent(p -> attributes.put(HTTP_PORT, Integer.toString(p)));
        return Announcement.newBuilder()
                .setKind(ComponentKind.RUNNER)
                .setId(id)
                .setName(config.runnerId())
                .setState(s.stopping() ? AnnouncedState.STOPPED : AnnouncedState.RUNNING)
                .setHost(ComponentIds.host())
                .setPid(ComponentIds.pid())
                .setVersion(TaskerVersion.current())
                .setGroupId(config.groupId())
                .setNamespaces(sorted(namespaces))
                .setHandlers(sorted(handlers))
                .setEvents(List.of())
                .setThreads(s.workerThreads())
                .setMaxInFlight(config.maxInFlight())
                .setInFlight(s.inFlight())
                .setHealthy(s.problems().isEmpty())
                .setHealthDetail(s.problems().isEmpty() ? null : String.join("; ", s.problems()))
                .setStartedAt(startedAt)
                .setAnnouncedAt(s.now())
                .setIntervalMs(config.announceIntervalMs())
                .setAttributes(attributes)
                .build();
    }

    private static List<String> sorted(Iterable<String> values) {
        TreeSet<String> out = new TreeSet<>();
        values.forEach(out::add);
        return new ArrayList<>(out);
    }
}
