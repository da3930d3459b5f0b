package io.tasker.topology.internal;

import io.tasker.avro.AnnouncedState;

import java.util.Locale;

/**
 * How a registry entry is listed. {@link #STOPPED}: its last announcement says it closed cleanly. {@link #STALE}: it
 * says it runs but has not announced itself for longer than {@code registry.stale.after.ms} (crashed, hung, or cut
 * off from Kafka). {@link #LIVE}: it announced itself within that time.
 */
enum RegistryStatus {
    LIVE, STALE, STOPPED;

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static RegistryStatus of(RegistryEntry e, long now, long staleAfterMs) {
        if (e.state() == AnnouncedState.STOPPED) return STOPPED;
        return now - e.lastSeen() > staleAfterMs ? STALE : LIVE;
    }

    /** The status named {@code wire} (any case), or null. */
    static RegistryStatus parse(String wire) {
        for (RegistryStatus s : values()) {
            if (s.wireName().equalsIgnoreCase(wire)) return s;
        }
        return null;
    }
}
