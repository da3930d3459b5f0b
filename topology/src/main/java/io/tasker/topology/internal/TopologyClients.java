package io.tasker.topology.internal;

import io.tasker.kafka.KafkaClientSettings;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The plain Kafka clients of a topology instance besides Kafka Streams (the API's producer and admin client, the
 * registry reader): the user's {@code topology.kafka.*} settings each client knows, then what the instance owns.
 */
public final class TopologyClients {
    private TopologyClients() {
    }

    /** The HTTP API's producer of task requests and commands: idempotent, acks=all. */
    public static Map<String, Object> apiProducer(String bootstrapServers, KafkaClientSettings kafka) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        p.putAll(kafka.producer(bootstrapServers));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return p;
    }

    /** The admin client (namespace topics, the registry topic). */
    public static Map<String, Object> admin(String bootstrapServers, KafkaClientSettings kafka) {
        return kafka.admin(bootstrapServers);
    }

    /** The group-less consumer of the registry topic. */
    public static Map<String, Object> registryReader(String bootstrapServers, KafkaClientSettings kafka) {
        return kafka.consumer(bootstrapServers);
    }
}
