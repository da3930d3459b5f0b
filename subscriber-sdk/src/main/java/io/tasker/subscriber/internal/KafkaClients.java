package io.tasker.subscriber.internal;

import io.tasker.kafka.KafkaClientSettings;
import io.tasker.subscriber.SubscriberConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Kafka client settings of a subscriber: SDK defaults, then {@code kafka.*} overrides, then what the SDK owns. */
final class KafkaClients {
    private KafkaClients() {
    }

    /** The checked {@code kafka.*} settings. */
    static KafkaClientSettings settings(SubscriberConfig c) {
        return KafkaClientSettings.of(SubscriberConfig.KAFKA_PREFIX, c.kafkaOverrides());
    }

    static Map<String, Object> consumer(SubscriberConfig c) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, c.bootstrapServers());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "subscriber-" + c.subscriberName());
        // pattern subscriptions see new namespaces' topics within this time
        p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "30000");
        p.putAll(settings(c).consumer());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, c.groupId());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return p;
    }

    static Map<String, Object> admin(SubscriberConfig c) {
        return settings(c).admin(c.bootstrapServers());
    }

    static Map<String, Object> producer(SubscriberConfig c) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, c.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "subscriber-" + c.subscriberName() + "-dlq");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.putAll(settings(c).producer());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return p;
    }
}
