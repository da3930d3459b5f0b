package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.templates.HandlerSpec;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A step's handler config as JSON, converted once per template definition instead of once per dispatch. Keyed by the
 * {@link HandlerSpec} instance (templates are decoded once and cached by the catalog, so a step's spec is the same
 * object for every task); the nodes are shared and never modified. Bounded: cleared when it grows past
 * {@link #MAX}, which only re-registered templates can cause.
 */
final class HandlerConfigs {
    static final int MAX = 10_000;
    private static final JsonNode EMPTY = Json.MAPPER.createObjectNode();
    private final ConcurrentHashMap<Identity, JsonNode> byHandler = new ConcurrentHashMap<>();

    private record Identity(HandlerSpec spec) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Identity other && other.spec == spec;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(spec);
        }
    }

    JsonNode of(HandlerSpec handler) {
        if (handler.config() == null || handler.config().isEmpty()) return EMPTY;
        if (byHandler.size() > MAX) byHandler.clear();
        return byHandler.computeIfAbsent(new Identity(handler), h -> Json.MAPPER.valueToTree(h.spec().config()));
    }
}
