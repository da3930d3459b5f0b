package io.tasker.launcher;

import io.tasker.avro.DomainEvent;
import io.tasker.avro.LifecycleEvent;
import io.tasker.schemas.SchemaRegistryClient;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.schemas.TaskerTopics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * The demo's independent record of what the platform emitted: a {@code read_committed} consumer of the lifecycle
 * topic and every {@code domain-events.<namespace>} topic, keeping each event (name and id) by task id. The demo
 * compares what the example subscribers received against it. Events fired before it started are skipped (a kept
 * data directory holds earlier runs). A record it cannot decode is reported and skipped, never stops it.
 */
final class EventWitness implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventWitness.class);

    /** One emitted event. */
    record Seen(String name, String id, String taskId) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final TaskerAvroSerde<DomainEvent> domain;
    private final TaskerAvroSerde<LifecycleEvent> lifecycle;
    private final TaskerTopics topics;
    private final PrintStream out;
    private final Instant since = Instant.now();
    private final Map<String, List<Seen>> byTask = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    EventWitness(String bootstrapServers, String registryUrl, ClientSettings clients, TaskerTopics topics, PrintStream out) {
        this.topics = topics;
        this.out = out;
        SchemaRegistryClient registry = SchemaRegistryClient.shared(registryUrl, clients.registry());
        this.domain = new TaskerAvroSerde<>(DomainEvent.class, registry, false);
        this.lifecycle = new TaskerAvroSerde<>(LifecycleEvent.class, registry, false);
        Map<String, Object> props = clients.kafka().consumer(bootstrapServers);
        props.putAll(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "tasker-dev-event-witness-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, 5_000));
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(Pattern.compile(Pattern.quote(topics.lifecycle()) + "|"
                + Pattern.quote(topics.domainEvents("")) + ".+"));
        thread = new Thread(this::run, "tasker-dev-event-witness");
        thread.setDaemon(true);
        thread.start();
    }

    /** The events of {@code taskId} seen so far, in arrival order. */
    List<Seen> events(String taskId) {
        return List.copyOf(byTask.getOrDefault(taskId, List.of()));
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    record(r);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.warn("event witness stopped: {}", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void record(ConsumerRecord<String, byte[]> r) {
        Seen seen;
        Instant firedAt;
        try {
            if (r.topic().equals(topics.lifecycle())) {
                LifecycleEvent e = lifecycle.deserializer().deserialize(r.topic(), r.value());
                seen = new Seen(e.getEventType(), e.getEventId(), e.getTaskId());
                firedAt = e.getOccurredAt();
            } else {
                DomainEvent e = domain.deserializer().deserialize(r.topic(), r.value());
                seen = new Seen(e.getName(), e.getEventId(), e.getTaskId());
                firedAt = e.getFiredAt();
            }
        } catch (RuntimeException ex) {
            out.printf("  (undecodable event record %s-%d@%d skipped: %s)%n", r.topic(), r.partition(), r.offset(),
                    ex.getMessage());
            return;
        }
        if (firedAt.isBefore(since)) {
            return;
        }
        byTask.computeIfAbsent(seen.taskId(), k -> new CopyOnWriteArrayList<>()).add(seen);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
