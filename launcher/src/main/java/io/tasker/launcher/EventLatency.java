package io.tasker.launcher;

import io.tasker.avro.DomainEvent;
import io.tasker.schemas.SchemaRegistryClient;
import io.tasker.schemas.TaskerAvroSerde;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the namespace's domain events as a {@code read_committed} consumer on its own thread and measures, for every
 * durable event, the time from the topology recording its attempt ({@code recorded_at}) to the event being readable
 * here: the commit of the transaction that recorded it plus a poll. Same JVM, so one clock. Keeps each durable
 * event's {@code recorded_at} and read time by event id, the origin of {@link SubscriberLatency}'s measurement.
 */
final class EventLatency implements AutoCloseable {
    private final KafkaConsumer<String, DomainEvent> consumer;
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Durable> durable = new ConcurrentHashMap<>();
    private final AtomicLong fireAndForget = new AtomicLong();
    private final AtomicLong lastSeen = new AtomicLong(System.currentTimeMillis());
    private final Thread thread;
    private volatile boolean running = true;

    EventLatency(Platform platform, String namespace) {
        Map<String, Object> cc = platform.clients().kafka().consumer(platform.bootstrapServers());
        cc.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-events-" + UUID.randomUUID());
        cc.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cc.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(cc, new StringDeserializer(),
                new TaskerAvroSerde<>(DomainEvent.class, SchemaRegistryClient.shared(platform.schemaRegistryUrl(), platform.clients().registry()), false).deserializer());
        consumer.subscribe(List.of(platform.topics().domainEvents(namespace)));
        thread = new Thread(() -> {
            try {
                while (running) {
                    for (ConsumerRecord<String, DomainEvent> r : consumer.poll(Duration.ofMillis(50))) {
                        long now = System.currentTimeMillis();
                        lastSeen.set(now);
                        DomainEvent e = r.value();
                        if (e.getRecordedAt() != null) {
                            long recorded = e.getRecordedAt().toEpochMilli();
                            latencies.add(now - recorded);
                            durable.put(e.getEventId(), new Durable(e.getName(), recorded, now));
                        } else {
                            fireAndForget.incrementAndGet();
                        }
                    }
                }
            } catch (WakeupException e) {
                // closing
            }
        }, "bench-event-latency");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until no event arrived for a second (events committed with the last tasks), at most 10 s. */
    void drain() throws InterruptedException {
        long until = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < until && System.currentTimeMillis() - lastSeen.get() < 1_000) Thread.sleep(50);
    }

    /** A durable event read here: its name, when the topology recorded its attempt and when it was read (epoch ms). */
    record Durable(String name, long recordedAt, long readAt) {
    }

    /** The durable events read so far, by event id (a re-read duplicate keeps its last reading). */
    Map<String, Durable> durable() {
        return durable;
    }

    /** Domain events read so far, durable and fire-and-forget. */
    long count() {
        return latencies.size() + fireAndForget.get();
    }

    String report() {
        BenchStats.Latencies l;
        synchronized (latencies) {
            l = BenchStats.Latencies.of(latencies);
        }
        return String.format("events: durable=%d fire_and_forget=%d; durable event latency ms (attempt recorded -> readable"
                + " by a read_committed consumer) %s", l.count(), fireAndForget.get(), l.summary());
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
        consumer.close();
    }
}
