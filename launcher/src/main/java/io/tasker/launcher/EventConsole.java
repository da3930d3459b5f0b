package io.tasker.launcher;

import io.tasker.avro.DomainEvent;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * The demo's window on domain events: a {@code read_committed} consumer of every {@code domain-events.<namespace>}
 * topic that prints each delivered event with its task, so a new user sees events arrive as tasks run. Events fired
 * before the console started are skipped (a kept data directory holds earlier runs). A record it cannot decode is
 * printed as such and skipped, never stops it.
 */
final class EventConsole implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventConsole.class);
    private static final int PAYLOAD_CHARS = 120;

    private final KafkaConsumer<String, byte[]> consumer;
    private final TaskerAvroSerde<DomainEvent> serde;
    private final PrintStream out;
    private final Instant since = Instant.now();
    private final List<DomainEvent> delivered = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    EventConsole(String bootstrapServers, String registryUrl, TaskerTopics topics, PrintStream out) {
        this.out = out;
        this.serde = new TaskerAvroSerde<>(DomainEvent.class, SchemaRegistryClient.shared(registryUrl), false);
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "tasker-dev-event-console-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, 5_000), new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(Pattern.compile(Pattern.quote(topics.domainEvents("")) + ".+"));
        thread = new Thread(this::run, "tasker-dev-event-console");
        thread.setDaemon(true);
        thread.start();
    }

    /** Events delivered since the console started, in arrival order. */
    List<DomainEvent> delivered() {
        return List.copyOf(delivered);
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    print(r);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.warn("event console stopped: {}", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void print(ConsumerRecord<String, byte[]> r) {
        DomainEvent e;
        try {
            e = serde.deserializer().deserialize(r.topic(), r.value());
        } catch (RuntimeException ex) {
            out.printf("  event  (undecodable record %s-%d@%d: %s)%n", r.topic(), r.partition(), r.offset(), ex.getMessage());
            return;
        }
        if (e == null || e.getFiredAt().isBefore(since)) return;
        delivered.add(e);
        String payload = e.getPayloadJson().length() > PAYLOAD_CHARS ? e.getPayloadJson().substring(0, PAYLOAD_CHARS) + "…" : e.getPayloadJson();
        out.printf("  event  %-26s task %s  %s#%d  %s  %s%n", e.getName(), e.getTaskId().substring(0, Math.min(8, e.getTaskId().length())),
                e.getStepName(), e.getAttempt(), e.getDelivery().name().toLowerCase(), payload);
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
