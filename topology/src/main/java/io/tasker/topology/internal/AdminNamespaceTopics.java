package io.tasker.topology.internal;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Topic existence from an {@link Admin} client: the set of topics is refreshed in the background every
 * {@link #REFRESH_MS}, and a topic not in it is looked up once (at most every {@link #RECHECK_MS} per topic, with a
 * short timeout) so a namespace whose runner just created its topic is seen at once. A lookup that times out or
 * fails answers "does not exist": the request is rejected with a reason instead of blocking the stream thread.
 * Thread-safe.
 */
public final class AdminNamespaceTopics implements NamespaceTopics, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminNamespaceTopics.class);
    static final long REFRESH_MS = 10_000;
    static final long RECHECK_MS = 2_000;
    static final long LOOKUP_TIMEOUT_MS = 3_000;

    private final Admin admin;
    private volatile Set<String> known = Set.of();
    private final Map<String, Long> lastMiss = new ConcurrentHashMap<>();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tasker-topology-topics");
        t.setDaemon(true);
        return t;
    });

    public AdminNamespaceTopics(Admin admin) {
        this.admin = admin;
        refresher.scheduleWithFixedDelay(this::refresh, 0, REFRESH_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean exists(String topic) {
        if (known.contains(topic)) return true;
        long now = System.currentTimeMillis();
        Long missed = lastMiss.get(topic);
        if (missed != null && now - missed < RECHECK_MS) return false;
        boolean found = lookup(topic);
        if (found) {
            lastMiss.remove(topic);
            refreshSoon();
        } else {
            lastMiss.put(topic, now);
        }
        return found;
    }

    private boolean lookup(String topic) {
        KafkaFuture<?> f = admin.describeTopics(Set.of(topic)).allTopicNames();
        try {
            f.get(LOOKUP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                log.warn("could not look up topic {}: {}", topic, e.getCause().toString());
            }
            return false;
        } catch (TimeoutException e) {
            log.warn("looking up topic {} took over {} ms; treating it as missing for now", topic, LOOKUP_TIMEOUT_MS);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void refreshSoon() {
        refresher.execute(this::refresh);
    }

    private void refresh() {
        try {
            known = Set.copyOf(admin.listTopics(new ListTopicsOptions().listInternal(false)).names()
                    .get(LOOKUP_TIMEOUT_MS * 3, TimeUnit.MILLISECONDS));
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            log.debug("listing topics failed, keeping the last known set: {}", e.toString());
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        admin.close();
    }
}
