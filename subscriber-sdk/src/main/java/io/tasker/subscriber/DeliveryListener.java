package io.tasker.subscriber;

import java.time.Duration;

/**
 * Observes what happens to each event a subscriber's handlers receive: for logging, tracing or a console (the
 * {@code ./tasker dev} demo prints one line per call). Every method has an empty default, so implement only what
 * you need.
 *
 * <p><b>Threading:</b> called on the subscriber's worker and timer threads, concurrently for different tasks; events
 * of one task are reported in order. Keep implementations quick and thread-safe: they run on the delivery path.
 *
 * <p><b>Errors:</b> an exception thrown by a listener is logged and ignored; it never changes the outcome of the
 * delivery. Arguments are never null except {@code error} where documented.
 */
public interface DeliveryListener {
    /** A listener that does nothing. */
    DeliveryListener NONE = new DeliveryListener() {
    };

    /**
     * {@code handler} finished {@code event} successfully.
     *
     * @param attempt the attempt that succeeded, from 1
     * @param took    how long that attempt ran
     */
    default void handled(String handler, Event event, int attempt, Duration took) {
    }

    /**
     * An attempt of {@code handler} on {@code event} failed (or timed out) and will be retried after {@code delay}.
     *
     * @param attempt the attempt that failed, from 1
     */
    default void retrying(String handler, Event event, int attempt, Throwable error, Duration delay) {
    }

    /**
     * {@code handler} gave up on {@code event}, which is now stored in the dead-letter topic.
     *
     * @param reason   one of the {@code io.tasker.schemas.DlqHeaders.REASON_*} codes
     * @param attempts attempts made
     */
    default void deadLettered(String handler, Event event, String reason, int attempts, Throwable error) {
    }
}
