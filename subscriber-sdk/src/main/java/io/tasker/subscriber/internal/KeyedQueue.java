package io.tasker.subscriber.internal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Per-key ordering: work items of one key run one after the other in submission order, items of different keys run
 * concurrently. An item is started with a completion callback and the next item of its key starts only when that
 * callback runs. Thread-safe.
 */
public final class KeyedQueue<K> {
    private final Map<K, ArrayDeque<Consumer<Runnable>>> queues = new HashMap<>();

    /** Queues {@code work} behind earlier work of {@code key}; {@code work} receives the callback to call when done. */
    public void submit(K key, Consumer<Runnable> work) {
        boolean startNow;
        synchronized (this) {
            ArrayDeque<Consumer<Runnable>> q = queues.get(key);
            if (q == null) {
                queues.put(key, new ArrayDeque<>());
                startNow = true;
            } else {
                q.add(work);
                startNow = false;
            }
        }
        if (startNow) {
            run(key, work);
        }
    }

    private void run(K key, Consumer<Runnable> work) {
        work.accept(new Once(() -> next(key)));
    }

    private void next(K key) {
        Consumer<Runnable> following;
        synchronized (this) {
            ArrayDeque<Consumer<Runnable>> q = queues.get(key);
            following = q.poll();
            if (following == null) {
                queues.remove(key);
            }
        }
        if (following != null) {
            run(key, following);
        }
    }

    /** Keys with work running or queued. */
    public synchronized int activeKeys() {
        return queues.size();
    }

    private static final class Once implements Runnable {
        private final Runnable r;
        private boolean ran;

        Once(Runnable r) {
            this.r = r;
        }

        @Override
        public void run() {
            synchronized (this) {
                if (ran) {
                    return;
                }
                ran = true;
            }
            r.run();
        }
    }
}
