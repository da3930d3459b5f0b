package io.tasker.runner.internal;

import io.tasker.kafka.KafkaClientSettings;
import io.tasker.runner.RunnerConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The runner's Kafka client configurations: defaults, then the user's {@code kafka.*} overrides
 * ({@link KafkaClientSettings}: refused keys fail validation), then the settings the delivery guarantees depend on. Keys a client does not know are dropped, so shared
 * overrides never cause "unknown config" warnings.
 */
final class ClientProps {
    static final int DEFAULT_MAX_POLL_RECORDS = 500;

    private ClientProps() {
    }

    /** The {@code kafka.*} overrides, checked: every client of the runner gets the keys it knows. */
    static KafkaClientSettings settings(RunnerConfig config) {
        return KafkaClientSettings.of(RunnerConfig.CLIENT_OVERRIDE_PREFIX, config.clientOverrides());
    }

    static Map<String, Object> consumer(RunnerConfig config) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.min(DEFAULT_MAX_POLL_RECORDS, config.maxInFlight()));
        // A dead runner holds its partitions for the session timeout: keep it well below typical step timeouts.
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        p.putAll(settings(config).consumer());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, config.readUncommittedCommands() ? "read_uncommitted" : "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        p.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        p.keySet().retainAll(ConsumerConfig.configNames());
        return p;
    }

    static Map<String, Object> producer(RunnerConfig config) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.LINGER_MS_CONFIG, (int) config.resultLingerMs());
        p.putAll(settings(config).producer());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        p.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        p.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        p.keySet().retainAll(ProducerConfig.configNames());
        return p;
    }

    /** A group-less consumer that reads a topic from the beginning (the templates topic at start-up). */
    static Map<String, Object> reader(RunnerConfig config) {
        Map<String, Object> p = consumer(config);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, DEFAULT_MAX_POLL_RECORDS);
        // templates are not written transactionally; reading them committed-only costs nothing and changes nothing
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return p;
    }

    static Map<String, Object> admin(RunnerConfig config) {
        Map<String, Object> p = settings(config).admin(config.bootstrapServers());
        p.keySet().retainAll(AdminClientConfig.configNames());
        return p;
    }

    /** The producer's {@code max.request.size}: the largest record it will send. */
    static int maxRequestSize(RunnerConfig config) {
        Object v = producer(config).get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        if (v == null) {
            return 1024 * 1024;
        }
        try {
            return v instanceof Number n ? n.intValue() : Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(RunnerConfig.CLIENT_OVERRIDE_PREFIX
                    + ProducerConfig.MAX_REQUEST_SIZE_CONFIG + " must be an integer, was '" + v + "'");
        }
    }
}
