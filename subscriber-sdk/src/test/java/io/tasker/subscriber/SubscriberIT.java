package io.tasker.subscriber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tasker.avro.DomainEvent;
import io.tasker.avro.EventDelivery;
import io.tasker.infra.TopicProvisioner;
import io.tasker.infra.TopicSpec;
import io.tasker.infra.testkit.SharedTestCluster;
import io.tasker.schemas.CloudEventHeaders;
import io.tasker.schemas.DlqHeaders;
import io.tasker.schemas.EventIds;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.schemas.TaskerTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The subscriber engine against the embedded broker and registry: delivery, retries, DLQ, poison records, aborts. */
class SubscriberIT extends SubscriberITSupport {
    @Test
    void handlesEveryEventOnceRetryingTransientFailuresExactlyAndInOrderPerTask() {
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        Map<String, List<Integer>> seqByTask = new ConcurrentHashMap<>();
        TaskerSubscriber s = TaskerSubscriber.builder(subscriberName).on("order.created", e -> {
            int seq = e.getInt("seq", -1);
            int attempt = attempts.computeIfAbsent(e.id(), k -> new AtomicInteger()).incrementAndGet();
            if (seq % 5 == 0 && attempt == 1) {
                throw new IllegalStateException("transient failure of " + seq);
            }
            seqByTask.computeIfAbsent(e.taskId(), k -> new CopyOnWriteArrayList<>()).add(seq);
        }).named("counter").build();
        SubscriberRunner runner = start(s);
        produce(IntStream.range(0, EVENTS).mapToObj(i -> event(i, "order.created")).toList());

        await().atMost(Duration.ofSeconds(120)).until(() -> runner.metrics().handled("counter") >= EVENTS);
        SubscriberMetrics m = runner.metrics();
        assertThat(m.handled("counter")).isEqualTo(EVENTS);
        assertThat(m.retried("counter")).isEqualTo(EVENTS / 5);
        assertThat(m.deadLettered("counter")).isZero();
        assertThat(seqByTask.values().stream().mapToInt(List::size).sum()).isEqualTo(EVENTS);
        seqByTask.forEach((task, seqs) -> assertThat(seqs).as(task).isSorted());
        assertThat(runner.isHealthy()).isTrue();
        assertEverythingCommitted(subscriberName, topics.domainEvents(NS));
        await().atMost(Duration.ofSeconds(10)).until(() -> runner.metrics().lag() == 0);
    }

    @Test
    void deadLettersExactlyThePermanentlyFailingEventsWithTheirHeaders() {
        TaskerSubscriber s = TaskerSubscriber.builder(subscriberName).on("order.created", e -> {
            if (e.getInt("seq", -1) % 20 == 0) {
                throw new IllegalStateException("wrapped", new java.io.IOException("permanent " + e.getInt("seq", -1)));
            }
        }).named("picky").on("order.created", e -> { }).named("relaxed").build();
        SubscriberRunner runner = start(s);
        produce(IntStream.range(0, EVENTS).mapToObj(i -> event(i, "order.created")).toList());
        int failing = (EVENTS + 19) / 20;

        List<ConsumerRecord<byte[], byte[]>> dlq = readAll(topics.dlq(subscriberName), failing);
        assertThat(dlq).hasSize(failing);
        Set<String> expectedIds = IntStream.range(0, EVENTS).filter(i -> i % 20 == 0)
                .mapToObj(i -> event(i, "order.created").getEventId()).collect(Collectors.toSet());
        assertThat(dlq.stream().map(r -> header(r, DlqHeaders.EVENT_ID)).collect(Collectors.toSet()))
                .isEqualTo(expectedIds);
        ConsumerRecord<byte[], byte[]> one = dlq.get(0);
        assertThat(header(one, DlqHeaders.REASON)).isEqualTo(DlqHeaders.REASON_RETRIES_EXHAUSTED);
        assertThat(header(one, DlqHeaders.HANDLER)).isEqualTo("picky");
        assertThat(header(one, DlqHeaders.EVENT_NAME)).isEqualTo("order.created");
        assertThat(header(one, DlqHeaders.ATTEMPTS)).isEqualTo("3");
        assertThat(header(one, DlqHeaders.EXCEPTION_CLASS)).isEqualTo("java.io.IOException");
        assertThat(header(one, DlqHeaders.EXCEPTION_MESSAGE)).startsWith("permanent ");
        assertThat(header(one, DlqHeaders.SUBSCRIBER)).isEqualTo(subscriberName);
        assertThat(header(one, DlqHeaders.SOURCE_TOPIC)).isEqualTo(topics.domainEvents(NS));
        assertThat(Instant.parse(header(one, DlqHeaders.LAST_FAILURE_AT)))
                .isAfterOrEqualTo(Instant.parse(header(one, DlqHeaders.FIRST_FAILURE_AT)));
        assertThat(header(one, CloudEventHeaders.TYPE)).isEqualTo("order.created"); // original headers kept
        assertThat(new String(one.key(), StandardCharsets.UTF_8)).startsWith("task-");
        DomainEvent original = TaskerAvroSerde.forValues(DomainEvent.class, registry).deserializer()
                .deserialize(one.topic(), one.value());
        assertThat(original.getEventId()).isEqualTo(header(one, DlqHeaders.EVENT_ID));

        await().atMost(Duration.ofSeconds(60)).until(() -> runner.metrics().handled("relaxed") >= EVENTS);
        assertThat(runner.metrics().handled("picky")).isEqualTo(EVENTS - failing);
        assertThat(runner.metrics().deadLettered("picky")).isEqualTo(failing);
        assertThat(runner.metrics().deadLettered("relaxed")).isZero();
        assertEverythingCommitted(subscriberName, topics.domainEvents(NS));
    }

    @Test
    void deadLettersAPoisonRecordAsUndecodableAndKeepsGoing() {
        List<String> seen = new CopyOnWriteArrayList<>();
        SubscriberRunner runner = start(TaskerSubscriber.builder(subscriberName)
                .on("*", e -> seen.add(e.id())).build());
        produce(List.of(event(1, "order.created")));
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap), new ByteArraySerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(topics.domainEvents(NS), "task-1".getBytes(StandardCharsets.UTF_8),
                    "this is not avro".getBytes(StandardCharsets.UTF_8)));
            p.flush();
        }
        produce(List.of(event(2, "order.created"), event(3, "order.created")));

        List<ConsumerRecord<byte[], byte[]>> dlq = readAll(topics.dlq(subscriberName), 1);
        assertThat(dlq).hasSize(1);
        assertThat(header(dlq.get(0), DlqHeaders.REASON)).isEqualTo(DlqHeaders.REASON_UNDECODABLE);
        assertThat(header(dlq.get(0), DlqHeaders.ATTEMPTS)).isEqualTo("0");
        assertThat(header(dlq.get(0), DlqHeaders.HANDLER)).isNull();
        assertThat(new String(dlq.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("this is not avro");
        await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 3);
        assertThat(runner.metrics().undecodable()).isEqualTo(1);
        assertThat(runner.isHealthy()).isTrue();
        assertEverythingCommitted(subscriberName, topics.domainEvents(NS));
    }

    @Test
    void neverDeliversEventsOfAnAbortedTransaction() throws Exception {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        SubscriberRunner runner = start(TaskerSubscriber.builder(subscriberName)
                .on("order.*", e -> seen.add(e.getInt("seq", -1))).build());
        try (KafkaProducer<String, DomainEvent> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, SharedTestCluster.unique("tx")),
                new StringSerializer(), TaskerAvroSerde.forValues(DomainEvent.class, registry).serializer())) {
            p.initTransactions();
            p.beginTransaction();
            for (int i = 0; i < 20; i++) {
                DomainEvent e = event(1000 + i, "order.aborted");
                p.send(new ProducerRecord<>(topics.domainEvents(NS), null, e.getTaskId(), e, CloudEventHeaders.of(e)));
            }
            p.flush();
            p.abortTransaction();
            p.beginTransaction();
            for (int i = 0; i < 5; i++) {
                DomainEvent e = event(i, "order.committed");
                p.send(new ProducerRecord<>(topics.domainEvents(NS), null, e.getTaskId(), e, CloudEventHeaders.of(e)));
            }
            p.commitTransaction();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() >= 5);
        assertEverythingCommitted(subscriberName, topics.domainEvents(NS));
        assertThat(seen).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
        assertThat(runner.metrics().records()).isEqualTo(5);
    }
}
