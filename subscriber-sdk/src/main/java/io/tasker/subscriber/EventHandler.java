package io.tasker.subscriber;

/**
 * Handles one event. Called on a worker thread of the subscriber's bounded pool; events with the same key (task id)
 * are never handled concurrently and arrive in order, events of different keys run in parallel, so an implementation
 * shared between keys must be thread-safe.
 *
 * <p>Returning normally means the event is handled. Throwing means this attempt failed: the handler's
 * {@link RetryPolicy} decides whether it is retried (after a backoff, or after the delay a
 * {@link RetryLaterException} asks for) or dead-lettered. The handler must honour interruption: it is interrupted
 * when it runs past its timeout.
 */
@FunctionalInterface
public interface EventHandler {
    void handle(Event event) throws Exception;
}
