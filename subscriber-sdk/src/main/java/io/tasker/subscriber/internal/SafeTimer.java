package io.tasker.subscriber.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;

/** A timer that ignores work scheduled after shutdown: those records stay uncommitted and are re-delivered. */
final class SafeTimer implements Timer {
    private final Timer delegate;

    SafeTimer(Timer delegate) {
        this.delegate = delegate;
    }

    @Override
    public Instant now() {
        return delegate.now();
    }

    @Override
    public void schedule(Duration delay, Runnable task) {
        try {
            delegate.schedule(delay, task);
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    @Override
    public Runnable watch(Duration timeout, Runnable onTimeout) {
        try {
            return delegate.watch(timeout, onTimeout);
        } catch (RejectedExecutionException e) {
            return () -> { };
        }
    }
}
