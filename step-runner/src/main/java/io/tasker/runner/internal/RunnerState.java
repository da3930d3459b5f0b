package io.tasker.runner.internal;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the runner is running and the fatal error that stopped it. Shared by the poll thread, the workers and the
 * producer callbacks; any of them can stop the runner with {@link #fatal(Throwable)}, which wakes the poll thread up.
 */
final class RunnerState {
    private static final Logger log = LoggerFactory.getLogger(RunnerState.class);

    private final String runnerId;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private volatile Consumer<?, ?> consumer;

    RunnerState(String runnerId) {
        this.runnerId = runnerId;
    }

    /** The consumer to wake up when the runner must stop; {@code wakeup()} is its only thread-safe method. */
    void attach(Consumer<?, ?> consumer) {
        this.consumer = consumer;
    }

    boolean isRunning() {
        return running.get();
    }

    void setRunning(boolean value) {
        running.set(value);
    }

    /** Stops the runner because of {@code e}; only the first error is kept and logged. */
    void fatal(Throwable e) {
        if (fatal.compareAndSet(null, e)) {
            log.error("Step runner {} is stopping after a fatal error: {}", runnerId, e.toString(), e);
        }
        running.set(false);
        wakeUp();
    }

    /** Interrupts a blocking {@code poll()} of the poll thread. */
    void wakeUp() {
        Consumer<?, ?> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    Optional<Throwable> failure() {
        return Optional.ofNullable(fatal.get());
    }
}
