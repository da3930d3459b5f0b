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

/** What the subscriber ITs share: unique topics and subscriber per test on the shared embedded cluster, producers, readers. */
abstract class SubscriberITSupport {
    static final String NS = "itns";
    /** Events of the volume tests (the 10,000; about 1 s more than 2,000); override with -Dsdk.it.events=N. */
    static final int EVENTS = Integer.getInteger("sdk.it.events", 10_000);
    static Admin admin;
    static String bootstrap;
    static String registry;

    TaskerTopics topics;
    String subscriberName;
    final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void cluster() {
        bootstrap = SharedTestCluster.bootstrapServers();
        registry = SharedTestCluster.schemaRegistryUrl();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    @BeforeEach
    void topics() {
        topics = new TaskerTopics(SharedTestCluster.unique("s") + ".");
        subscriberName = SharedTestCluster.unique("sub");
        createTopics(new TopicSpec(topics.domainEvents(NS), 3, (short) 1, Map.of()),
                new TopicSpec(topics.dlq(subscriberName), 1, (short) 1, Map.of()),
                new TopicSpec(topics.dlq(subscriberName) + SubscriberConfig.REPLAY_SUFFIX, 1, (short) 1, Map.of()));
    }

    /**
     * Creates the topics and waits until the broker's metadata shows them with leaders: a topic a consumer's first
     * metadata response lacks is matched by its pattern subscription only at the next refresh (30 s).
     */
    static void createTopics(TopicSpec... specs) {
        new TopicProvisioner(admin).ensure(List.of(specs));
        List<String> names = java.util.Arrays.stream(specs).map(TopicSpec::name).toList();
        await("topics " + names + " in the broker's metadata").atMost(Duration.ofSeconds(30))
                .ignoreExceptions().until(() -> admin.describeTopics(names).allTopicNames().get().values().stream()
                        .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null)));
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    SubscriberConfig config() {
        return config(Map.of());
    }

    SubscriberConfig config(Map<String, String> extra) {
        return SubscriberConfig.fromMap(configMap(extra));
    }

    /** The test config as keys and values ({@code extra} wins), e.g. to hand to a child JVM. */
    Map<String, String> configMap(Map<String, String> extra) {
        Map<String, String> m = new HashMap<>(extra);
        m.putAll(Map.of(
                SubscriberConfig.SUBSCRIBER_NAME, subscriberName,
                SubscriberConfig.BOOTSTRAP_SERVERS, bootstrap,
                SubscriberConfig.SCHEMA_REGISTRY_URL, registry,
                SubscriberConfig.TOPIC_PREFIX, topics.prefix(),
                SubscriberConfig.COMMIT_INTERVAL_MS, "200",
                SubscriberConfig.RETRY_BACKOFF_INITIAL_MS, "5",
                SubscriberConfig.RETRY_BACKOFF_MAX_MS, "50",
                SubscriberConfig.RETRY_MAX_ATTEMPTS, "3",
                SubscriberConfig.SHUTDOWN_TIMEOUT_MS, "10000"));
        extra.forEach(m::put);
        return m;
    }

    SubscriberRunner start(TaskerSubscriber s) {
        return start(s, config());
    }

    SubscriberRunner start(TaskerSubscriber s, SubscriberConfig c) {
        SubscriberRunner r = SubscriberRunner.start(s, c);
        toClose.add(r);
        return r;
    }

    static DomainEvent event(int i, String name) {
        String taskId = "task-" + (i % 97);
        return DomainEvent.newBuilder().setEventId(EventIds.of(taskId, "step", 1, name, i)).setName(name)
                .setNamespace(NS).setTaskId(taskId).setStepName("step").setAttempt(1).setSequence(i)
                .setTemplateName("tpl").setTemplateVersion("1.0.0").setCorrelationId("corr-" + i)
                .setFiredAt(Instant.now()).setFiredBy("it").setRecordedAt(Instant.now())
                .setDelivery(EventDelivery.DURABLE).setPayloadJson("{\"seq\":" + i + "}").setPayloadSchema(null)
                .build();
    }

    void produce(List<DomainEvent> events) {
        try (KafkaProducer<String, DomainEvent> p = producer()) {
            produce(p, events);
        }
    }

    KafkaProducer<String, DomainEvent> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 10), new StringSerializer(),
                TaskerAvroSerde.forValues(DomainEvent.class, registry).serializer());
    }

    /** Sends {@code events} keyed by task id, in order, and waits until they are written. */
    void produce(KafkaProducer<String, DomainEvent> p, List<DomainEvent> events) {
        for (DomainEvent e : events) {
            p.send(new ProducerRecord<>(topics.domainEvents(NS), null, e.getTaskId(), e, CloudEventHeaders.of(e)));
        }
        p.flush();
    }

    List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int atLeast) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream()
                    .map(pi -> new TopicPartition(topic, pi.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
                return out.size() >= atLeast;
            });
            c.poll(Duration.ofMillis(300)).forEach(out::add); // nothing more should come
        }
        return out;
    }

    /** The event id of every record of the domain-event topic, by partition and offset. */
    Map<TopicPartition, java.util.NavigableMap<Long, String>> eventIdsByOffset(int count) {
        Map<TopicPartition, java.util.NavigableMap<Long, String>> out = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(topics.domainEvents(NS), count)) {
            out.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), k -> new java.util.TreeMap<>())
                    .put(r.offset(), header(r, CloudEventHeaders.ID));
        }
        return out;
    }

    /** The group's committed offsets of {@code topic}. */
    Map<TopicPartition, Long> committedOffsets(String group, String topic) throws Exception {
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().forEach((tp, om) -> {
            if (tp.topic().equals(topic) && om != null) {
                out.put(tp, om.offset());
            }
        });
        return out;
    }

    static String header(ConsumerRecord<?, ?> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Committed offsets of the group equal the end offsets of the topic: nothing is left to re-deliver. */
    void assertEverythingCommitted(String group, String topic) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().stream().filter(tp -> tp.topic().equals(topic))
                    .forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            assertThat(latest).isNotEmpty();
            ends.forEach((tp, info) -> assertThat(committed.get(tp).offset()).as(tp.toString())
                    .isEqualTo(info.offset()));
        });
    }

}
