package io.tasker.subscriber;

import static io.tasker.subscriber.SubscriberConfig.*;
import static io.tasker.subscriber.SubscriberConfigChecks.*;

import io.tasker.schemas.SchemaRegistrySettings;
import io.tasker.schemas.TaskerTopics;
import io.tasker.schemas.redaction.RedactionConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the flat keys of a {@link SubscriberConfig} into its {@link Values}: which key holds which setting, its
 * default and range, and the checks across keys. The first bad value fails (see {@link SubscriberConfigChecks}).
 */
final class SubscriberConfigReader {
    /** The keys of {@link RedactionConfig}, read by {@link SubscriberConfig#redaction()}. */
    private static final Set<String> REDACTION_KEYS = Set.of(RedactionConfig.KEYS, RedactionConfig.PATHS,
            RedactionConfig.KEY_PATTERNS, RedactionConfig.VALUE_PATTERNS, RedactionConfig.MASK,
            RedactionConfig.DEFAULTS);
    private static final Set<String> KEYS = Set.of(SUBSCRIBER_NAME, BOOTSTRAP_SERVERS, SCHEMA_REGISTRY_URL, GROUP_ID,
            TOPIC_PREFIX, NAMESPACES, EVENTS, CONCURRENCY, MAX_IN_FLIGHT, HANDLER_TIMEOUT_MS, RETRY_MAX_ATTEMPTS,
            RETRY_BACKOFF_INITIAL_MS, RETRY_BACKOFF_MAX_MS, RETRY_BACKOFF_MULTIPLIER, RETRY_BACKOFF_JITTER, DLQ_TOPIC,
            REPLAY_TOPIC,
            SHUTDOWN_TIMEOUT_MS, COMMIT_INTERVAL_MS, REGISTRY_RETRY_BACKOFF_MS, ANNOUNCE_INTERVAL_MS);

    /** The checked settings of one subscriber; {@link SubscriberConfig}'s accessors return them. */
    record Values(String subscriberName, String bootstrapServers, String schemaRegistryUrl, String groupId,
            TaskerTopics topics, List<String> namespaces, List<String> events, int concurrency, int maxInFlight,
            Duration handlerTimeout, RetryPolicy retryPolicy, String dlqTopic, String replayTopic,
            Duration shutdownTimeout, Duration commitInterval, Duration registryRetryBackoff, Duration announceInterval,
            Map<String, String> kafkaOverrides, RedactionConfig redaction, SchemaRegistrySettings registryClient) {
    }

    private SubscriberConfigReader() {
    }

    /**
     * The settings of {@code m}.
     *
     * @throws IllegalArgumentException naming the key and value of the first unknown key or bad value
     */
    static Values read(Map<String, String> m) {
        requireKnownKeys(m, KEYS, REDACTION_KEYS);
        String subscriberName = requireValidName(required(m, SUBSCRIBER_NAME), SUBSCRIBER_NAME);
        String bootstrapServers = required(m, BOOTSTRAP_SERVERS);
        String schemaRegistryUrl = required(m, SCHEMA_REGISTRY_URL);
        if (!schemaRegistryUrl.startsWith("http://") && !schemaRegistryUrl.startsWith("https://")) {
            throw bad(SCHEMA_REGISTRY_URL, schemaRegistryUrl, "an http(s) URL");
        }
        String groupId = m.getOrDefault(GROUP_ID, subscriberName);
        if (groupId.isBlank()) {
            throw bad(GROUP_ID, groupId, "a non-blank group id");
        }
        TaskerTopics topics = new TaskerTopics(m.getOrDefault(TOPIC_PREFIX, DEFAULT_TOPIC_PREFIX));
        List<String> namespaces = list(m.get(NAMESPACES));
        for (String ns : namespaces) {
            if (!NAME.matcher(ns).matches()) {
                throw bad(NAMESPACES, ns, "namespaces of letters, digits, '.', '_' or '-'");
            }
        }
        List<String> events = list(m.get(EVENTS));
        int concurrency = intIn(m, CONCURRENCY, DEFAULT_CONCURRENCY, 1, 1024);
        int maxInFlight = intIn(m, MAX_IN_FLIGHT, DEFAULT_MAX_IN_FLIGHT, 1, 1_000_000);
        Duration handlerTimeout = Duration.ofMillis(longIn(m, HANDLER_TIMEOUT_MS, DEFAULT_HANDLER_TIMEOUT_MS, 1,
                86_400_000));
        RetryPolicy retryPolicy = retryPolicy(m);
        String dlqTopic = m.getOrDefault(DLQ_TOPIC, topics.dlq(subscriberName));
        if (dlqTopic.isBlank() || dlqTopic.startsWith(topics.domainEvents("")) || dlqTopic.equals(topics.lifecycle())) {
            throw bad(DLQ_TOPIC, dlqTopic, "a topic this subscriber does not read");
        }
        String replayTopic = m.getOrDefault(REPLAY_TOPIC, dlqTopic + REPLAY_SUFFIX);
        if (replayTopic.isBlank() || replayTopic.equals(dlqTopic) || replayTopic.startsWith(topics.domainEvents(""))
                || replayTopic.equals(topics.lifecycle())) {
            throw bad(REPLAY_TOPIC, replayTopic, "a topic of its own, not the DLQ nor an event topic");
        }
        Duration shutdownTimeout = Duration.ofMillis(longIn(m, SHUTDOWN_TIMEOUT_MS, DEFAULT_SHUTDOWN_TIMEOUT_MS, 0,
                3_600_000));
        Duration commitInterval = Duration.ofMillis(longIn(m, COMMIT_INTERVAL_MS, DEFAULT_COMMIT_INTERVAL_MS, 10,
                600_000));
        Duration registryRetryBackoff = Duration.ofMillis(longIn(m, REGISTRY_RETRY_BACKOFF_MS,
                DEFAULT_REGISTRY_RETRY_BACKOFF_MS, 1, 600_000));
        Duration announceInterval = Duration.ofMillis(longIn(m, ANNOUNCE_INTERVAL_MS, DEFAULT_ANNOUNCE_INTERVAL_MS,
                io.tasker.schemas.RegistryTopic.MIN_ANNOUNCE_INTERVAL_MS, 3_600_000));
        Map<String, String> kafkaOverrides = kafkaOverrides(m);
        RedactionConfig redaction = RedactionConfig.fromProperties(m);
        SchemaRegistrySettings registryClient = SchemaRegistrySettings.fromProperties(m).validate();
        return new Values(subscriberName, bootstrapServers, schemaRegistryUrl, groupId, topics, namespaces, events,
                concurrency, maxInFlight, handlerTimeout, retryPolicy, dlqTopic, replayTopic, shutdownTimeout,
                commitInterval, registryRetryBackoff, announceInterval, kafkaOverrides, redaction, registryClient);
    }

    private static RetryPolicy retryPolicy(Map<String, String> m) {
        RetryPolicy d = RetryPolicy.defaults();
        int attempts = intIn(m, RETRY_MAX_ATTEMPTS, d.maxAttempts(), 1, 1000);
        long initial = longIn(m, RETRY_BACKOFF_INITIAL_MS, d.initialBackoff().toMillis(), 0, 86_400_000);
        long max = longIn(m, RETRY_BACKOFF_MAX_MS, d.maxBackoff().toMillis(), 0, 86_400_000);
        if (max < initial) {
            throw bad(RETRY_BACKOFF_MAX_MS, Long.toString(max), "at least " + RETRY_BACKOFF_INITIAL_MS + " (" + initial
                    + ")");
        }
        double mult = doubleIn(m, RETRY_BACKOFF_MULTIPLIER, d.multiplier(), 1.0, 100.0);
        double jitter = doubleIn(m, RETRY_BACKOFF_JITTER, d.jitter(), 0.0, 1.0);
        return d.withMaxAttempts(attempts).withBackoff(Duration.ofMillis(initial), Duration.ofMillis(max))
                .withMultiplier(mult).withJitter(jitter);
    }

    /** The {@code kafka.*} keys, prefix removed; refuses those the SDK owns and a bad preflight timeout. */
    private static Map<String, String> kafkaOverrides(Map<String, String> m) {
        Map<String, String> kafka = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (k.startsWith(KAFKA_PREFIX)) {
                String client = k.substring(KAFKA_PREFIX.length());
                if (io.tasker.kafka.KafkaClientSettings.isRefused(client)) {
                    throw bad(k, v, "not set: the SDK owns " + client);
                }
                kafka.put(client, v);
            }
        });
        io.tasker.kafka.KafkaClientSettings.of(KAFKA_PREFIX, kafka); // the value of preflight.timeout.ms
        return Map.copyOf(kafka);
    }
}
