package io.tasker.launcher;

import io.tasker.subscriber.SubscriberConfig;
import io.tasker.subscriber.SubscriberRunner;
import io.tasker.subscriber.TaskerSubscriber;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A no-op subscriber of the SDK, with the SDK's defaults, on one durable event of the workflow bench
 * ({@code order.created}): it notes when its handler is invoked for each event id. Joined with {@link EventLatency}'s
 * {@code recorded_at} of the same event, that is the end-to-end latency a subscriber sees: topology records the
 * step's attempt -> transaction commits -> SDK fetches, decodes, queues by key -> handler runs. Same JVM, one clock.
 */
final class SubscriberLatency implements AutoCloseable {
    private final String eventName;
    private final Map<String, Long> invokedAt = new ConcurrentHashMap<>();
    private final AtomicLong duplicates = new AtomicLong();
    private final SubscriberRunner runner;
    private final SubscriberConfig config;

    SubscriberLatency(Platform platform, String namespace, String eventName, String subscriberName, Map<String, String> overrides) {
        this.eventName = eventName;
        TaskerSubscriber noop = TaskerSubscriber.builder(subscriberName).on(eventName, e -> {
            long now = System.currentTimeMillis();
            if (invokedAt.putIfAbsent(e.id(), now) != null) duplicates.incrementAndGet();
        }).named("noop").build();
        config = BenchSubscribers.config(platform, subscriberName, namespace, overrides);
        runner = SubscriberRunner.start(noop, config);
    }

    /** Waits until the subscriber has its partitions: before that, an event would measure the group join. */
    void awaitReady(Platform platform) throws InterruptedException {
        BenchSubscribers.awaitAssigned(platform, config.groupId(), Duration.ofSeconds(60));
    }

    /** Waits (at most 10 s) until every {@code eventName} event {@code events} read was handled here too. */
    void drain(EventLatency events) throws InterruptedException {
        long until = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < until && !missing(events).isEmpty()) Thread.sleep(50);
    }

    private List<String> missing(EventLatency events) {
        List<String> ids = new ArrayList<>();
        events.durable().forEach((id, d) -> {
            if (d.name().equals(eventName) && !invokedAt.containsKey(id)) ids.add(id);
        });
        return ids;
    }

    String report(EventLatency events) {
        List<Long> fromRecorded = new ArrayList<>();
        List<Long> afterReadable = new ArrayList<>();
        invokedAt.forEach((id, at) -> {
            EventLatency.Durable d = events.durable().get(id);
            if (d == null) return;
            fromRecorded.add(at - d.recordedAt());
            afterReadable.add(at - d.readAt());
        });
        BenchStats.Latencies l = BenchStats.Latencies.of(fromRecorded);
        BenchStats.Latencies sdk = BenchStats.Latencies.of(afterReadable);
        return String.format("subscriber: %s handled=%d missing=%d duplicates=%d; latency ms (attempt recorded -> no-op SDK"
                        + " handler invoked, SDK defaults) %s; handler invoked minus read by the bare consumer above: p50=%d p99=%d",
                eventName, l.count(), missing(events).size(), duplicates.get(), l.summary(), sdk.p(50), sdk.p(99));
    }

    @Override
    public void close() {
        runner.close();
    }
}
