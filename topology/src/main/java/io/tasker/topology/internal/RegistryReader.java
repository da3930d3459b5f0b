package io.tasker.topology.internal;

import io.tasker.avro.Announcement;
import io.tasker.kafka.Topics;
import io.tasker.schemas.RegistryTopic;
import io.tasker.topology.TopologyCounters;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the whole registry topic into a {@link RegistryView}, then follows it, on one daemon thread.
 *
 * <p>A plain group-less consumer rather than a Kafka Streams global store: announcements are operational data, not
 * task state, so reading them must neither delay Kafka Streams (restoring a global store holds the instance in
 * REBALANCING) nor share a thread with the templates store, and {@code /v1/runners} should answer while Kafka Streams
 * rebalances or restores. Every instance reads every partition from the beginning, so every instance knows the same
 * entries. The topic is created (compacted, {@link RegistryTopic#CONFIGS}) when it is missing.
 *
 * <p>A record without a key, or whose value cannot be decoded, is skipped: counted ({@code registry.skipped}) and
 * logged with topic, partition and offset. A schema registry outage is not a bad record: the reader waits and decodes
 * it again. A Kafka error makes the listings answer 503 naming it while the reader starts over.
 */
public final class RegistryReader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RegistryReader.class);
    static final Duration POLL = Duration.ofMillis(200);
    static final Duration RETRY = Duration.ofSeconds(2);

    private final Map<String, Object> consumerProps;
    private final Admin admin;
    private final String topic;
    private final Deserializer<Announcement> deserializer;
    private final RegistryView view;
    private final TopologyCounters counters;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;

    /**
     * @param clientProps bootstrap servers and client settings (security); group-less reading is set here
     * @param admin       creates the topic when it is missing; not closed by the reader
     */
    public RegistryReader(Map<String, Object> clientProps, Admin admin, String topic, Deserializer<Announcement> deserializer,
                          RegistryView view, TopologyCounters counters) {
        Map<String, Object> p = new HashMap<>(clientProps);
        p.keySet().retainAll(ConsumerConfig.configNames());
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "tasker-registry-reader-" + topic);
        this.consumerProps = p;
        this.admin = admin;
        this.topic = topic;
        this.deserializer = deserializer;
        this.view = view;
        this.counters = counters;
        this.thread = new Thread(this::run, "tasker-registry-reader");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) c.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (running) {
            try {
                readFromTheBeginning();
            } catch (WakeupException e) {
                if (running) log.warn("registry reader of {} woken up unexpectedly; starting over", topic);
            } catch (KafkaException e) {
                // every entry is re-read on the next try, so nothing is lost by starting over
                if (!e.toString().equals(view.failure())) {
                    log.warn("registry reader of {} failed, starting over every {} ms until it works: {}", topic,
                            RETRY.toMillis(), e.toString());
                }
                view.failed(e.toString());
                pause();
            }
        }
    }

    private void readFromTheBeginning() {
        Topics.createIfMissing(admin, new NewTopic(topic, Optional.of(RegistryTopic.PARTITIONS), Optional.empty())
                .configs(RegistryTopic.CONFIGS), Duration.ofSeconds(30));
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            if (!running) return; // closed while the consumer was being created: close() could not wake it
            List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) throw new KafkaException("registry topic " + topic + " has no partitions");
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            view.reset();
            boolean loaded = false;
            while (running) {
                ConsumerRecords<String, byte[]> records = c.poll(POLL);
                for (TopicPartition tp : records.partitions()) {
                    for (ConsumerRecord<String, byte[]> r : records.records(tp)) {
                        if (!apply(r)) {
                            c.seek(tp, r.offset()); // decode it again once the schema registry answers
                            pause();
                            break;
                        }
                    }
                }
                if (!loaded && partitions.stream().allMatch(tp -> c.position(tp) >= end.get(tp))) {
                    loaded = true;
                    view.markLoaded();
                    log.info("registry {} loaded: {} runners, {} subscribers", topic,
                            view.list(io.tasker.avro.ComponentKind.RUNNER).size(),
                            view.list(io.tasker.avro.ComponentKind.SUBSCRIBER).size());
                }
            }
        } finally {
            consumer = null;
        }
    }

    /** Applies one record; {@code false} when it must be read again later (schema registry unavailable). */
    private boolean apply(ConsumerRecord<String, byte[]> r) {
        if (r.key() == null) {
            skip(r, "it has no key (registry records are keyed <kind>:<id>)");
            return true;
        }
        if (r.value() == null) {
            view.remove(r.key());
            return true;
        }
        try {
            view.put(r.key(), RegistryEntry.of(deserializer.deserialize(r.topic(), r.value())));
            if (view.failure() != null) {
                log.info("registry reader: reading {} again", topic);
                view.failed(null);
            }
            return true;
        } catch (RuntimeException e) {
            if (Containment.isRegistryOutage(e)) {
                if (view.failure() == null) { // once per outage, not every retry
                    log.warn("registry reader: schema registry unavailable while decoding {}-{}@{}, retrying every {} ms: {}",
                            r.topic(), r.partition(), r.offset(), RETRY.toMillis(), e.getMessage());
                }
                view.failed("schema registry unavailable: " + e.getMessage());
                return false;
            }
            skip(r, "its value cannot be decoded: " + e);
            return true;
        }
    }

    private void skip(ConsumerRecord<String, byte[]> r, String why) {
        counters.increment("registry.skipped");
        log.warn("registry record {}-{}@{} skipped: {}", r.topic(), r.partition(), r.offset(), why);
    }

    private void pause() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
