package io.tasker.topology.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The attribute sets of {@link TopologyMetrics}, built once per distinct value combination instead of per decision
 * (a few per step): namespaces, step names, states and outcomes are few. Bounded: cleared past {@link #MAX} entries
 * (error types come from handlers and could in principle be many).
 */
final class MetricAttributes {
    static final int MAX = 10_000;

    private record Key(AttributeKey<String> k2, String v1, String v2, AttributeKey<String> k3, String v3) {
    }

    private final AttributeKey<String> first;
    private final ConcurrentHashMap<Key, Attributes> cache = new ConcurrentHashMap<>();

    /** @param first the key every set starts with (the namespace) */
    MetricAttributes(AttributeKey<String> first) {
        this.first = first;
    }

    Attributes of(String v1) {
        return get(new Key(null, v1, null, null, null));
    }

    Attributes of(String v1, AttributeKey<String> k2, String v2) {
        return get(new Key(k2, v1, v2, null, null));
    }

    Attributes of(String v1, AttributeKey<String> k2, String v2, AttributeKey<String> k3, String v3) {
        return get(new Key(k2, v1, v2, k3, v3));
    }

    private Attributes get(Key key) {
        Attributes a = cache.get(key);
        if (a != null) return a;
        if (cache.size() > MAX) cache.clear();
        return cache.computeIfAbsent(key, k -> {
            if (k.k2() == null) return Attributes.of(first, k.v1());
            if (k.k3() == null) return Attributes.of(first, k.v1(), k.k2(), k.v2());
            return Attributes.of(first, k.v1(), k.k2(), k.v2(), k.k3(), k.v3());
        });
    }
}
