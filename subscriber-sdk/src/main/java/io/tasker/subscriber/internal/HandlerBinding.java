package io.tasker.subscriber.internal;

import io.tasker.subscriber.EventHandler;
import io.tasker.subscriber.RetryPolicy;
import java.time.Duration;

/**
 * One handler of a subscriber: its name (unique within the subscriber; the DLQ names it), the pattern it handles,
 * the code, and its own retry policy and timeout (null = the subscriber's).
 */
public record HandlerBinding(String name, EventPattern pattern, EventHandler handler, RetryPolicy retryPolicy,
        Duration timeout) {

    public HandlerBinding withDefaults(RetryPolicy policy, Duration defaultTimeout) {
        return new HandlerBinding(name, pattern, handler, retryPolicy == null ? policy : retryPolicy,
                timeout == null ? defaultTimeout : timeout);
    }
}
