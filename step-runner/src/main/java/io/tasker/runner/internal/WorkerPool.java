package io.tasker.runner.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that run handlers: a fixed pool of {@code threads} that grows by one thread for each stuck handler (a
 * handler that ignored the interrupt at its timeout and still holds its thread), up to {@code maxReplacements}, and
 * shrinks back when a stuck handler finally returns. A stuck thread therefore does not take the runner's capacity,
 * while the number of threads stays bounded. Thread-safe.
 */
final class WorkerPool {
    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

    private final int threads;
    private final int maxReplacements;
    private final ThreadPoolExecutor executor;
    private int replacements;

    WorkerPool(int threads, int maxReplacements) {
        this.threads = threads;
        this.maxReplacements = maxReplacements;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "tasker-runner-worker-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    void execute(Runnable task) {
        executor.execute(task);
    }

    /**
     * Adds a thread in place of a stuck one.
     *
     * @return {@code false} if the bound is reached (the stuck thread then takes one slot of the pool)
     */
    synchronized boolean replaceStuck() {
        if (replacements >= maxReplacements) {
            log.warn("{} stuck handlers already replaced (runner.max-stuck-handlers); the worker pool runs with one"
                    + " thread less", replacements);
            return false;
        }
        replacements++;
        // the maximum must grow first: the core size may never exceed it
        executor.setMaximumPoolSize(threads + replacements);
        executor.setCorePoolSize(threads + replacements);
        return true;
    }

    /** A replaced stuck handler returned: its thread is a normal worker again, so the extra one goes. */
    synchronized void stuckReturned() {
        if (replacements == 0) {
            return;
        }
        replacements--;
        executor.setCorePoolSize(threads + replacements);
        executor.setMaximumPoolSize(threads + replacements);
    }

    /** Current number of threads (idle, busy and stuck). */
    int size() {
        return executor.getPoolSize();
    }

    void shutdownNow() {
        executor.shutdownNow();
    }

    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return executor.awaitTermination(timeout, unit);
    }
}
