package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.avro.DomainEvent;
import io.tasker.avro.EventDelivery;
import io.tasker.examples.Examples;
import io.tasker.schemas.EventIds;
import io.tasker.templates.TaskTemplate;
import io.tasker.topology.TaskerTopologyApp;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Durable domain events reach a {@code read_committed} consumer exactly once per recorded attempt while 30 % of all
 * step results are delivered twice; fire-and-forget events arrive too, their duplicates counted and reported.
 * (Crashes of the topology and of a runner are covered with events in {@code KillTopologyIT} and {@code KillRunnerIT}.)
 */
class DomainEventsIT {
    private static final int TASKS = 100;
    private static final Duration LONG = Duration.ofSeconds(120);
    static Platform platform;
    static TaskerTopologyApp topology;
    static TaskerClient client;

    @BeforeAll
    static void start() {
        List<TaskTemplate> templates = Examples.templates(null);
        platform = Platform.infrastructure(E2E.options("events"), templates);
        platform.startRunner(Examples.handlers(), templates);
        topology = platform.startTopology();
        client = new TaskerClient(topology.url());
        await().atMost(LONG).until(topology::isRunning);
        E2E.awaitTemplates(client, "order_fulfillment");
    }

    @AfterAll
    static void stop() {
        if (platform != null) platform.close();
    }

    /** Re-produces every result whose offset hashes into 30 %, byte for byte, as a runner retrying a send would. */
    static final class Duplicator implements AutoCloseable {
        static final String COPY = "test.duplicate";
        final AtomicInteger duplicated = new AtomicInteger();
        final AtomicInteger createOrderDuplicates = new AtomicInteger();
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final KafkaProducer<byte[], byte[]> producer;
        private final Thread thread;
        private volatile boolean running = true;

        Duplicator(String topic) {
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "duplicator-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
            consumer.subscribe(List.of(topic));
            thread = new Thread(() -> {
                try {
                    while (running) {
                        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                            if (r.headers().lastHeader(COPY) != null) continue; // a copy it made itself
                            if (Math.floorMod((r.partition() * 31 + r.offset()) * 2654435761L, 100) < 30) {
                                var headers = new org.apache.kafka.common.header.internals.RecordHeaders(r.headers().toArray());
                                headers.add(COPY, new byte[0]);
                                producer.send(new ProducerRecord<>(r.topic(), r.partition(), r.key(), r.value(), headers));
                                duplicated.incrementAndGet();
                                if (new String(r.value(), java.nio.charset.StandardCharsets.ISO_8859_1).contains("create_order")) {
                                    createOrderDuplicates.incrementAndGet();
                                }
                            }
                        }
                    }
                } catch (WakeupException e) {
                    // closing
                }
            }, "result-duplicator");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            consumer.wakeup();
            thread.join(10_000);
            consumer.close();
            producer.close();
        }
    }

    @Test
    void everyDurableEventIsDeliveredExactlyOnceWhileThirtyPercentOfResultsAreDuplicated() throws Exception {
        Map<String, JsonNode> finals = new LinkedHashMap<>();
        Duplicator duplicator = new Duplicator(platform.topics().stepResults());
        try {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                TaskerClient.Response r = client.submit("ecommerce", "order_fulfillment", new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(Examples.sampleContext(i)), null);
                assertThat(r.status()).isEqualTo(202);
                ids.add(r.body().path("task_id").asText());
            }
            for (String id : ids) finals.put(id, E2E.awaitFinished(client, id));
            await("the duplicates were read and dropped").atMost(LONG).until(() -> duplicator.duplicated.get() > 0
                    && drops("dropped.") == duplicator.duplicated.get());
        } finally {
            duplicator.close();
        }
        assertThat(finals.values()).allSatisfy(t -> assertThat(t.path("state").asText()).isEqualTo("complete"));

        TreeSet<String> expected = new TreeSet<>();
        finals.forEach((id, t) -> expected.add(EventIds.of(id, "create_order", E2E.step(t, "create_order").path("attempt").asInt(), "order.created", 0)));
        Map<String, Integer> durable = new TreeMap<>();
        Map<String, Integer> fireAndForget = new TreeMap<>();
        for (DomainEvent e : E2E.readAll(platform, platform.topics().domainEvents("ecommerce"), DomainEvent.class)) {
            if (!finals.containsKey(e.getTaskId())) continue;
            (e.getDelivery() == EventDelivery.DURABLE ? durable : fireAndForget).merge(e.getEventId(), 1, Integer::sum);
        }

        assertThat(durable.keySet()).as("one order.created per task, of the recorded attempt: none missing, none from another attempt")
                .isEqualTo(expected);
        assertThat(durable.values()).as("no durable event twice").allMatch(n -> n == 1);
        assertThat(drops("events.discarded.")).as("the events of the duplicated create_order results, discarded and counted")
                .isEqualTo(duplicator.createOrderDuplicates.get());
        long ffDuplicates = fireAndForget.values().stream().mapToLong(n -> n - 1).sum();
        assertThat(fireAndForget).as("order.announced arrived for every task").hasSize(TASKS);
        System.out.printf("DomainEventsIT: %d tasks, %d of their results duplicated (%d of create_order); durable order.created"
                        + " delivered %d, each once; fire-and-forget order.announced delivered for %d tasks, %d duplicates%n",
                TASKS, duplicator.duplicated.get(), duplicator.createOrderDuplicates.get(), durable.size(), fireAndForget.size(), ffDuplicates);
    }

    /** Duplicates are dropped as "step not awaiting a result" or, once the task has finished, "task not in progress". */
    private static long drops(String prefix) {
        return topology.counters().get(prefix + "step_not_awaiting_result") + topology.counters().get(prefix + "task_not_in_progress");
    }
}
