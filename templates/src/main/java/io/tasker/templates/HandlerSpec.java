package io.tasker.templates;

import io.tasker.templates.internal.Immutables;
import java.util.Map;
import java.util.Objects;

/**
 * The handler a step runs and its static configuration.
 *
 * @param name   the handler's registry name (e.g. {@code ecommerce.fetch_cart}); never {@code null}
 * @param config free-form configuration passed to the handler; never {@code null}, possibly empty. The map and any
 *               nested maps/lists are unmodifiable; values are what JSON/YAML yield (String, Integer, Long, Double,
 *               Boolean, List, Map, or {@code null}).
 */
public record HandlerSpec(String name, Map<String, Object> config) {

    public HandlerSpec {
        Objects.requireNonNull(name, "name");
        config = config == null ? Map.of() : Immutables.freezeMap(config);
    }

    /** A handler with an empty configuration. */
    public static HandlerSpec of(String name) {
        return new HandlerSpec(name, Map.of());
    }
}
