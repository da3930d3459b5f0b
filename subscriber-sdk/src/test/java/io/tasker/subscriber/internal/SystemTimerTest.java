package io.tasker.subscriber.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SystemTimerTest {
    private final ScheduledThreadPoolExecutor scheduler = SystemTimer.scheduler(r -> {
        Thread t = new Thread(r, "system-timer-test");
        t.setDaemon(true);
        return t;
    });
    private final SystemTimer timer = new SystemTimer(scheduler);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void aCancelledTimeoutWatchReleasesItsTaskAtOnceNotAtItsDeadline() {
        AtomicBoolean fired = new AtomicBoolean();
        for (int i = 0; i < 1000; i++) {
            timer.watch(Duration.ofSeconds(30), () -> fired.set(true)).run();
        }
        // every handler attempt does this; queued until their deadline they would pile up for the whole timeout
        assertThat(scheduler.getQueue()).isEmpty();
        assertThat(fired).isFalse();
    }

    @Test
    void anUncancelledWatchStillFires() throws InterruptedException {
        AtomicBoolean fired = new AtomicBoolean();
        timer.watch(Duration.ofMillis(1), () -> fired.set(true));
        scheduler.shutdown(); // runs what is due, then stops
        assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(fired).isTrue();
    }
}
