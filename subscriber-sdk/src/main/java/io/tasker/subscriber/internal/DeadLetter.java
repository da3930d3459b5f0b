package io.tasker.subscriber.internal;

import java.time.Instant;

/**
 * Why one handler (or, for an undecodable record, the subscriber) gave up on one record. {@code handler},
 * {@code eventName} and {@code eventId} may be null for undecodable records; {@code error} is the last failure.
 */
public record DeadLetter(SourceRecord source, String handler, String eventName, String eventId, String reason,
        int attempts, Instant firstFailureAt, Instant lastFailureAt, Throwable error) {
}
