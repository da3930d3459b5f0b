package io.tasker.runner;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The handlers a {@link StepRunner} can execute, by name (the {@code handler.name} of template steps, e.g.
 * {@code ecommerce.fetch_cart}).
 *
 * <p>Thread-safe. Register every handler before {@link StepRunner#start()}: the runner checks its templates against
 * the registry at start-up, and a command naming a handler that is not registered is rejected and its step fails
 * permanently.
 */
public final class HandlerRegistry {

    private final Map<String, StepHandler> handlers = new ConcurrentHashMap<>();

    /**
     * Registers a handler.
     *
     * @param name    the handler's name; not {@code null} or blank
     * @param handler the handler; not {@code null}
     * @return this registry, for chaining
     * @throws IllegalArgumentException if the name is blank or already registered
     * @throws NullPointerException     if an argument is {@code null}
     */
    public HandlerRegistry register(String name, StepHandler handler) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
        if (name.isBlank()) {
            throw new IllegalArgumentException("handler name must not be blank");
        }
        if (handlers.putIfAbsent(name, handler) != null) {
            throw new IllegalArgumentException("handler '" + name + "' is already registered");
        }
        return this;
    }

    /** The handler registered under {@code name}, if any; {@code null} names find nothing. */
    public Optional<StepHandler> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(handlers.get(name));
    }

    /** The registered names, sorted; an unmodifiable snapshot. */
    public Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(handlers.keySet()));
    }

    @Override
    public String toString() {
        return "HandlerRegistry" + names();
    }
}
