package io.tasker.subscriber;

/**
 * A subscriber is defined wrongly (a subscribed event without its handler method, a bad pattern, a bad handler
 * signature). Thrown when the subscriber is started or given to the test kit, before any event is consumed.
 */
public class SubscriberDefinitionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SubscriberDefinitionException(String message) {
        super(message);
    }
}
