package io.tasker.launcher;

import io.tasker.kafka.KafkaClientSettings;
import io.tasker.schemas.SchemaRegistrySettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How every client a launcher process creates connects: Kafka client settings ({@code --kafka}) and the schema
 * registry client's credentials and trust ({@code --schema-registry-*}).
 */
record ClientSettings(KafkaClientSettings kafka, SchemaRegistrySettings registry) {
    static final ClientSettings NONE = new ClientSettings(KafkaClientSettings.none(), SchemaRegistrySettings.none());

    ClientSettings {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(registry, "registry");
    }

    /**
     * The settings as configuration keys of a component: the Kafka ones under {@code kafkaPrefix}
     * ({@code kafka.} for runners and subscribers, {@code topology.kafka.}), the registry ones as they are.
     */
    Map<String, String> properties(String kafkaPrefix) {
        Map<String, String> p = new LinkedHashMap<>();
        kafka.toProperties(kafkaPrefix).forEach(p::put);
        p.putAll(registry.toProperties());
        return p;
    }
}
