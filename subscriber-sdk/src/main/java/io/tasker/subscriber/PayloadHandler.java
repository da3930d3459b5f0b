package io.tasker.subscriber;

/**
 * Handles one event whose JSON payload was mapped to {@code T} (see {@link Event#payload(Class)}). Same threading and
 * error contract as {@link EventHandler}; a payload that does not map to {@code T} fails the attempt with a
 * non-retryable {@link PayloadMappingException}, so it is dead-lettered at once.
 *
 * @param <T> the user type the payload is mapped to
 */
@FunctionalInterface
public interface PayloadHandler<T> {
    void handle(Event event, T payload) throws Exception;
}
