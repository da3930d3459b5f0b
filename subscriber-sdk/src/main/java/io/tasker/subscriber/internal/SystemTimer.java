package io.tasker.subscriber.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The wall clock and a scheduler thread; tasks it runs must be short (they hand work to the workers). */
final class SystemTimer implements Timer {
    private final ScheduledExecutorService scheduler;

    SystemTimer(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public void schedule(Duration delay, Runnable task) {
        scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Runnable watch(Duration timeout, Runnable onTimeout) {
        ScheduledFuture<?> f = scheduler.schedule(onTimeout, timeout.toMillis(), TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }
}
