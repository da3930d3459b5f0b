package io.tasker.topology.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * A short in-place retry for registry calls made before a record has changed anything (decoding it, looking up its
 * template). A registry blip of a second or two then costs a short pause instead of a replaced stream thread, which
 * rejoins the group only after a session timeout. Longer outages still propagate (and the thread is replaced): the
 * retry stays well inside the exactly-once transaction timeout, and only calls that are safe to repeat are wrapped.
 */
final class RegistryRetry {
    private static final Logger log = LoggerFactory.getLogger(RegistryRetry.class);
    /** Total time one call may spend retrying. */
    static final long BUDGET_MS = 3_000;
    private static final long FIRST_DELAY_MS = 200;
    private static final long MAX_DELAY_MS = 1_000;

    private RegistryRetry() {
    }

    /** {@code call}'s value; a registry outage is retried for up to {@link #BUDGET_MS}, then rethrown. */
    static <T> T call(Supplier<T> call, Runnable onRetry) {
        long deadline = System.currentTimeMillis() + BUDGET_MS;
        long delay = FIRST_DELAY_MS;
        while (true) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (!Containment.isRegistryOutage(e) || System.currentTimeMillis() + delay > deadline) throw e;
                onRetry.run();
                log.warn("schema registry unavailable, retrying in {} ms: {}", delay, e.getMessage());
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                delay = Math.min(delay * 2, MAX_DELAY_MS);
            }
        }
    }
}
