package io.tasker.subscriber.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/** The wall clock and a scheduler thread; tasks it runs must be short (they hand work to the workers). */
final class SystemTimer implements Timer {
    private final ScheduledExecutorService scheduler;

    SystemTimer(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * The one-thread scheduler a timer needs. Cancelled tasks leave its queue at once: every handler attempt
     * {@linkplain #watch watches} its timeout and almost always cancels the watch, and by default a cancelled task
     * stays queued until its deadline (~80 bytes each, then dequeued by the timer thread): at 50,000 events/s and the
     * default 30 s {@code handler.timeout.ms} that is 1.5 million dead tasks, ~120 MB of heap, held for nothing.
     */
    static ScheduledThreadPoolExecutor scheduler(ThreadFactory threads) {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, threads);
        s.setRemoveOnCancelPolicy(true);
        return s;
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
