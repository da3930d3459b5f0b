package io.tasker.topology.internal;

import io.tasker.avro.ComponentKind;
import io.tasker.topology.SubscriberDirectory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runners and subscribers this instance knows from the registry topic, keyed like the topic
 * ({@code <kind>:<id>}), with their status computed when asked. Fed by {@link RegistryReader}; read by the HTTP API
 * and the event catalog ({@link SubscriberDirectory}). Thread-safe.
 */
public final class RegistryView implements SubscriberDirectory {
    /** One entry and how it is listed now. */
    record Listed(RegistryEntry entry, RegistryStatus status, long now) {
    }

    private final Map<String, RegistryEntry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long staleAfterMs;
    private final long forgetAfterMs;
    private volatile boolean loaded;
    private volatile String failure;

    /**
     * @param staleAfterMs  see {@code registry.stale.after.ms}
     * @param forgetAfterMs see {@code registry.forget.after.ms} (0 = never)
     */
    public RegistryView(Clock clock, long staleAfterMs, long forgetAfterMs) {
        this.clock = clock;
        this.staleAfterMs = staleAfterMs;
        this.forgetAfterMs = forgetAfterMs;
    }

    long staleAfterMs() {
        return staleAfterMs;
    }

    void put(String key, RegistryEntry entry) {
        entries.put(key, entry);
    }

    void remove(String key) {
        entries.remove(key);
    }

    /** Forgets everything (the reader starts over). */
    void reset() {
        loaded = false;
        entries.clear();
    }

    /** The topic has been read up to where it ended when reading started: listings are complete from now on. */
    void markLoaded() {
        failure = null;
        loaded = true;
    }

    /** Why the reader cannot read now (null: it can); listings answer 503 with it until the reader has caught up again. */
    void failed(String why) {
        failure = why;
    }

    boolean isLoaded() {
        return loaded;
    }

    String failure() {
        return failure;
    }

    /** The entries of {@code kind} not yet forgotten, sorted by name then id, with their status now. */
    List<Listed> list(ComponentKind kind) {
        long now = clock.millis();
        List<Listed> out = new ArrayList<>();
        for (RegistryEntry e : entries.values()) {
            if (e.kind() != kind) continue;
            if (forgetAfterMs > 0 && now - e.lastSeen() > forgetAfterMs) continue;
            out.add(new Listed(e, RegistryStatus.of(e, now, staleAfterMs), now));
        }
        out.sort(Comparator.comparing((Listed l) -> l.entry().name()).thenComparing(l -> l.entry().id()));
        return out;
    }

    @Override
    public List<String> subscribersOf(String eventName) {
        TreeSet<String> names = new TreeSet<>();
        for (Listed l : list(ComponentKind.SUBSCRIBER)) {
            if (l.status() == RegistryStatus.LIVE && l.entry().subscribesTo(eventName)) names.add(l.entry().name());
        }
        return List.copyOf(names);
    }
}
