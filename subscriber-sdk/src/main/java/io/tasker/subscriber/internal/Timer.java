package io.tasker.subscriber.internal;

import java.time.Duration;
import java.time.Instant;

/** Time for the dispatcher: the wall clock in the engine, a virtual clock in the test kit (retries never sleep). */
public interface Timer {
    Instant now();

    /** Runs {@code task} after {@code delay} without holding a worker thread meanwhile. */
    void schedule(Duration delay, Runnable task);

    /** Runs {@code onTimeout} after {@code timeout} unless the returned handle is run first (cancels it). */
    Runnable watch(Duration timeout, Runnable onTimeout);
}
