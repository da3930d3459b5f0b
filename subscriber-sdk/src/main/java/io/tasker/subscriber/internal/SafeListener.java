package io.tasker.subscriber.internal;

import io.tasker.subscriber.DeliveryListener;
import io.tasker.subscriber.Event;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls a user's {@link DeliveryListener} so that its failures are logged and never change a delivery's outcome. */
final class SafeListener implements DeliveryListener {
    private static final Logger log = LoggerFactory.getLogger(SafeListener.class);
    private final DeliveryListener delegate;

    private SafeListener(DeliveryListener delegate) {
        this.delegate = delegate;
    }

    static DeliveryListener of(DeliveryListener listener) {
        return listener == null || listener == DeliveryListener.NONE ? DeliveryListener.NONE
                : listener instanceof SafeListener ? listener : new SafeListener(listener);
    }

    @Override
    public void handled(String handler, Event event, int attempt, Duration took) {
        call(() -> delegate.handled(handler, event, attempt, took), event);
    }

    @Override
    public void retrying(String handler, Event event, int attempt, Throwable error, Duration delay) {
        call(() -> delegate.retrying(handler, event, attempt, error, delay), event);
    }

    @Override
    public void deadLettered(String handler, Event event, String reason, int attempts, Throwable error) {
        call(() -> delegate.deadLettered(handler, event, reason, attempts, error), event);
    }

    private static void call(Runnable r, Event event) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("Delivery listener failed on {} (ignored): {}", event, e.toString());
        }
    }
}
