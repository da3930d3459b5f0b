package io.tasker.runner.internal;

import io.tasker.avro.TemplateRegistration;
import io.tasker.schemas.SchemaRegistryException;
import io.tasker.schemas.TaskerAvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the current registrations of the compacted templates topic: every partition from the beginning up to the end
 * offsets taken when reading starts; the last value per key wins and a tombstone removes the key.
 */
final class RegisteredTemplates {
    private static final Logger log = LoggerFactory.getLogger(RegisteredTemplates.class);

    private RegisteredTemplates() {
    }

    /**
     * @param consumer a consumer without a group; it is used here only and not closed
     * @return the registrations by record key ({@code namespace/name/version}); empty if the topic does not exist
     * @throws KafkaException if the topic cannot be read to its end within {@code timeout}
     * @throws SchemaRegistryException if the registry is unavailable while decoding (other undecodable records are
     *                                 logged and skipped)
     */
    static Map<String, TemplateRegistration> read(Consumer<byte[], byte[]> consumer, String topic,
            TaskerAvroSerde<TemplateRegistration> serde, Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        Map<String, TemplateRegistration> out = new HashMap<>();
        if (infos == null || infos.isEmpty()) {
            return out;
        }
        List<TopicPartition> tps = infos.stream().map(pi -> new TopicPartition(topic, pi.partition())).toList();
        consumer.assign(tps);
        consumer.seekToBeginning(tps);
        Map<TopicPartition, Long> end = consumer.endOffsets(tps, timeout);
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (!atEnd(consumer, end)) {
            if (System.currentTimeMillis() > deadline) {
                throw new KafkaException("could not read the registered templates of topic " + topic + " to its end"
                        + " (offsets " + end + ") within " + timeout.toMillis() + " ms");
            }
            for (ConsumerRecord<byte[], byte[]> rec : consumer.poll(Duration.ofMillis(200))) {
                if (rec.key() == null) {
                    continue;
                }
                String key = new String(rec.key(), StandardCharsets.UTF_8);
                if (rec.value() == null) {
                    out.remove(key);
                    continue;
                }
                try {
                    out.put(key, serde.deserializer().deserialize(rec.topic(), rec.headers(), rec.value()));
                } catch (SchemaRegistryException e) {
                    if (e.httpStatus() == SchemaRegistryException.NO_RESPONSE || e.httpStatus() >= 500) {
                        throw e;
                    }
                    skip(rec, key, e);
                } catch (RuntimeException e) {
                    skip(rec, key, e);
                }
            }
        }
        return out;
    }

    private static void skip(ConsumerRecord<byte[], byte[]> rec, String key, RuntimeException e) {
        // not ours to judge (the topology rejects it); we only cannot compare against it
        log.warn("Skipping undecodable template registration {}-{}@{} (key {}): {}", rec.topic(), rec.partition(),
                rec.offset(), key, e.toString());
    }

    private static boolean atEnd(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
