package io.tasker.subscriber;

import java.time.Duration;

/**
 * Counters of one handler for one event name, since the subscriber started. {@code received} counts deliveries to
 * the handler (a re-delivered record counts again), {@code retried} counts attempts after the first,
 * {@code timedOut} attempts interrupted at the timeout, {@code handlerTime} the time spent in finished attempts.
 * Every delivery ends as exactly one of handled or dead-lettered, unless the subscriber stops first.
 */
public record HandlerStats(String handler, String event, long received, long handled, long retried,
        long deadLettered, long timedOut, Duration handlerTime) {
}
