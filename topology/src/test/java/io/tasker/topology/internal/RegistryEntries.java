package io.tasker.topology.internal;

import io.tasker.avro.AnnouncedState;
import io.tasker.avro.ComponentKind;

import java.util.List;
import java.util.Map;

/** Registry entries for tests. */
final class RegistryEntries {
    private RegistryEntries() {
    }

    static RegistryEntry runner(String id, AnnouncedState state, long lastSeen, String... handlers) {
        return new RegistryEntry(ComponentKind.RUNNER, id, id, state, "host-a", 42L, "0.1.0", "tasker-runner", List.of("shop"),
                List.of(handlers), List.of(), 8, 256, 0, true, null, lastSeen - 60_000, lastSeen, 30_000, Map.of("http_port", "9000"));
    }

    static RegistryEntry subscriber(String name, String id, AnnouncedState state, long lastSeen, String... events) {
        return new RegistryEntry(ComponentKind.SUBSCRIBER, id, name, state, "host-b", 43L, "0.1.0", name, List.of(),
                List.of("handleAny"), List.of(events), 8, 1000, 2, true, null, lastSeen - 60_000, lastSeen, 30_000,
                Map.of("dlq_topic", "tasker.dlq." + name));
    }
}
