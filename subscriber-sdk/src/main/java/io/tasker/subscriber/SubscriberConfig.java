package io.tasker.subscriber;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.tasker.schemas.TaskerTopics;
import io.tasker.subscriber.internal.ConfigYaml;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The typed configuration of one subscriber, validated when built: a bad value fails with an
 * {@link IllegalArgumentException} naming the key and the value. Immutable and thread-safe.
 *
 * <p>Sources: {@link #fromMap(Map)} / {@link #fromProperties(Properties)} with the keys below, or
 * {@link #fromYaml(Path)}: a YAML file with {@code subscriber} (the name), {@code events} (names or patterns routed by
 * method name), {@code config} (a free map handed to {@link TaskerSubscriber#configure(Map)}) and any of the keys
 * below, nested maps being flattened with dots ({@code retry: {max.attempts: 3}} is {@code retry.max.attempts}).
 *
 * <p>Keys starting with {@value #KAFKA_PREFIX} are passed, without the prefix, to every Kafka client of the subscriber
 * (consumer, dead-letter producer, the admin client of its topics, the announcer), each getting the keys it knows
 * ({@code kafka.fetch.max.bytes}, {@code kafka.security.protocol}, {@code kafka.sasl.jaas.config});
 * {@code kafka.preflight.timeout.ms} bounds the start-up connection check (default 15000, 0 = off). The keys of
 * {@link #RESERVED_KAFKA_KEYS} ({@code isolation.level}, {@code enable.auto.commit}, {@code group.id}, acks,
 * idempotence, the (de)serializers...) are owned by the SDK and may not be overridden.
 *
 * <p><b>Telemetry:</b> the subscriber reports its spans and metrics through the OpenTelemetry API to
 * {@link #openTelemetry()}: the instance given to {@link #withOpenTelemetry(OpenTelemetry)}, else
 * {@link GlobalOpenTelemetry#get()}, which is a no-op (nothing recorded, negligible cost) unless the application
 * installed an OpenTelemetry SDK as the global one or runs the OpenTelemetry Java agent.
 */
public final class SubscriberConfig {
    public static final String SUBSCRIBER_NAME = "subscriber.name";
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** Consumer group; default the subscriber name. Separate subscribers are separate groups. */
    public static final String GROUP_ID = "group.id";
    public static final String TOPIC_PREFIX = "topic.prefix";
    public static final String DEFAULT_TOPIC_PREFIX = TaskerTopics.DEFAULT_PREFIX;
    /** Comma-separated namespaces whose domain-event topics are read; empty (default) = every namespace. */
    public static final String NAMESPACES = "namespaces";
    /** Comma-separated event names or patterns routed by method name, added to the subscriber's own. */
    public static final String EVENTS = "events";
    /** Worker threads running handlers; records of different keys run in parallel on them. */
    public static final String CONCURRENCY = "concurrency";
    public static final int DEFAULT_CONCURRENCY = 8;
    /** Records fetched but not yet finished before the consumer pauses fetching. */
    public static final String MAX_IN_FLIGHT = "max.in.flight";
    public static final int DEFAULT_MAX_IN_FLIGHT = 1000;
    /** Default timeout of one handler attempt; a handler past it is interrupted and the attempt fails. */
    public static final String HANDLER_TIMEOUT_MS = "handler.timeout.ms";
    public static final long DEFAULT_HANDLER_TIMEOUT_MS = 30_000;
    public static final String RETRY_MAX_ATTEMPTS = "retry.max.attempts";
    public static final String RETRY_BACKOFF_INITIAL_MS = "retry.backoff.initial.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";
    public static final String RETRY_BACKOFF_MULTIPLIER = "retry.backoff.multiplier";
    public static final String RETRY_BACKOFF_JITTER = "retry.backoff.jitter";
    /** Dead-letter topic; default {@code <topic.prefix>dlq.<subscriber>}. */
    public static final String DLQ_TOPIC = "dlq.topic";
    /**
     * The subscriber's replay topic, always read: records re-produced there from the DLQ (original key, value and
     * headers including {@code tasker.dlq.*}) are delivered again, to the dead-lettered handler only. Default
     * {@code <dlq.topic>.replay}.
     */
    public static final String REPLAY_TOPIC = "replay.topic";
    /** Appended to the DLQ topic to name the default replay topic. */
    public static final String REPLAY_SUFFIX = ".replay";
    /** How long {@code close()} waits for in-flight records to finish before it commits and leaves. */
    public static final String SHUTDOWN_TIMEOUT_MS = "shutdown.timeout.ms";
    public static final long DEFAULT_SHUTDOWN_TIMEOUT_MS = 30_000;
    public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
    public static final long DEFAULT_COMMIT_INTERVAL_MS = 1_000;
    /** How long a partition pauses when the schema registry is unreachable before its record is decoded again. */
    public static final String REGISTRY_RETRY_BACKOFF_MS = "registry.retry.backoff.ms";
    public static final long DEFAULT_REGISTRY_RETRY_BACKOFF_MS = 1_000;
    /**
     * How often the subscriber announces itself (name, host, events, namespaces, health) on the registry topic, so
     * {@code GET /v1/subscribers} lists it; it also says when it stops.
     */
    public static final String ANNOUNCE_INTERVAL_MS = "announce.interval.ms";
    public static final long DEFAULT_ANNOUNCE_INTERVAL_MS = io.tasker.schemas.RegistryTopic.DEFAULT_ANNOUNCE_INTERVAL_MS;
    public static final String KAFKA_PREFIX = "kafka.";

    /** Kafka settings the SDK owns: overriding them would break its delivery guarantees. */
    public static final Set<String> RESERVED_KAFKA_KEYS = io.tasker.kafka.KafkaClientSettings.REFUSED_KEYS;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    /** The keys of {@link io.tasker.schemas.redaction.RedactionConfig}, read by {@link #redaction()}. */
    private static final Set<String> REDACTION_KEYS = Set.of(io.tasker.schemas.redaction.RedactionConfig.KEYS,
            io.tasker.schemas.redaction.RedactionConfig.PATHS, io.tasker.schemas.redaction.RedactionConfig.KEY_PATTERNS,
            io.tasker.schemas.redaction.RedactionConfig.VALUE_PATTERNS, io.tasker.schemas.redaction.RedactionConfig.MASK,
            io.tasker.schemas.redaction.RedactionConfig.DEFAULTS);
    private static final Set<String> KEYS = Set.of(SUBSCRIBER_NAME, BOOTSTRAP_SERVERS, SCHEMA_REGISTRY_URL, GROUP_ID,
            TOPIC_PREFIX, NAMESPACES, EVENTS, CONCURRENCY, MAX_IN_FLIGHT, HANDLER_TIMEOUT_MS, RETRY_MAX_ATTEMPTS,
            RETRY_BACKOFF_INITIAL_MS, RETRY_BACKOFF_MAX_MS, RETRY_BACKOFF_MULTIPLIER, RETRY_BACKOFF_JITTER, DLQ_TOPIC,
            REPLAY_TOPIC,
            SHUTDOWN_TIMEOUT_MS, COMMIT_INTERVAL_MS, REGISTRY_RETRY_BACKOFF_MS, ANNOUNCE_INTERVAL_MS);

    private final String subscriberName;
    private final String bootstrapServers;
    private final String schemaRegistryUrl;
    private final String groupId;
    private final TaskerTopics topics;
    private final List<String> namespaces;
    private final List<String> events;
    private final int concurrency;
    private final int maxInFlight;
    private final Duration handlerTimeout;
    private final RetryPolicy retryPolicy;
    private final String dlqTopic;
    private final String replayTopic;
    private final Duration shutdownTimeout;
    private final Duration commitInterval;
    private final Duration registryRetryBackoff;
    private final Duration announceInterval;
    private final Map<String, String> kafkaOverrides;
    private final Map<String, Object> subscriberConfig;
    private final io.tasker.schemas.redaction.RedactionConfig redaction;
    private final io.tasker.schemas.SchemaRegistrySettings registryClient;
    /** The keys and values this config was built from, to build a copy with another {@link OpenTelemetry}. */
    private final Map<String, String> source;
    /** Null: {@link GlobalOpenTelemetry#get()} when asked. */
    private final OpenTelemetry openTelemetry;

    private SubscriberConfig(Map<String, String> m, Map<String, Object> subscriberConfig) {
        this(m, subscriberConfig, null);
    }

    private SubscriberConfig(Map<String, String> m, Map<String, Object> subscriberConfig, OpenTelemetry otel) {
        this.source = Map.copyOf(m);
        this.openTelemetry = otel;
        for (String k : m.keySet()) {
            if (!KEYS.contains(k) && !REDACTION_KEYS.contains(k) && !k.startsWith(KAFKA_PREFIX)
                    && !io.tasker.schemas.SchemaRegistrySettings.KEYS.contains(k)) {
                // a mistyped credential key must not print the credential
                boolean secret = io.tasker.schemas.redaction.SettingsRedaction.CREDENTIAL_KEY.matcher(k).find()
                        || k.toLowerCase(java.util.Locale.ROOT).matches(".*(auth|user.?info|key).*");
                throw new IllegalArgumentException("unknown subscriber config key " + k + (secret ? "" : " (value '"
                        + m.get(k) + "')") + "; known: " + new java.util.TreeSet<>(KEYS) + ", "
                        + new java.util.TreeSet<>(REDACTION_KEYS) + ", "
                        + io.tasker.schemas.SchemaRegistrySettings.KEYS + " and kafka.*");
            }
        }
        subscriberName = requireValidName(required(m, SUBSCRIBER_NAME), SUBSCRIBER_NAME);
        bootstrapServers = required(m, BOOTSTRAP_SERVERS);
        schemaRegistryUrl = required(m, SCHEMA_REGISTRY_URL);
        if (!schemaRegistryUrl.startsWith("http://") && !schemaRegistryUrl.startsWith("https://")) {
            throw bad(SCHEMA_REGISTRY_URL, schemaRegistryUrl, "an http(s) URL");
        }
        groupId = m.getOrDefault(GROUP_ID, subscriberName);
        if (groupId.isBlank()) {
            throw bad(GROUP_ID, groupId, "a non-blank group id");
        }
        topics = new TaskerTopics(m.getOrDefault(TOPIC_PREFIX, DEFAULT_TOPIC_PREFIX));
        namespaces = list(m.get(NAMESPACES));
        for (String ns : namespaces) {
            if (!NAME.matcher(ns).matches()) {
                throw bad(NAMESPACES, ns, "namespaces of letters, digits, '.', '_' or '-'");
            }
        }
        events = list(m.get(EVENTS));
        concurrency = intIn(m, CONCURRENCY, DEFAULT_CONCURRENCY, 1, 1024);
        maxInFlight = intIn(m, MAX_IN_FLIGHT, DEFAULT_MAX_IN_FLIGHT, 1, 1_000_000);
        handlerTimeout = Duration.ofMillis(longIn(m, HANDLER_TIMEOUT_MS, DEFAULT_HANDLER_TIMEOUT_MS, 1, 86_400_000));
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
        retryPolicy = d.withMaxAttempts(attempts).withBackoff(Duration.ofMillis(initial), Duration.ofMillis(max))
                .withMultiplier(mult).withJitter(jitter);
        dlqTopic = m.getOrDefault(DLQ_TOPIC, topics.dlq(subscriberName));
        if (dlqTopic.isBlank() || dlqTopic.startsWith(topics.domainEvents("")) || dlqTopic.equals(topics.lifecycle())) {
            throw bad(DLQ_TOPIC, dlqTopic, "a topic this subscriber does not read");
        }
        replayTopic = m.getOrDefault(REPLAY_TOPIC, dlqTopic + REPLAY_SUFFIX);
        if (replayTopic.isBlank() || replayTopic.equals(dlqTopic) || replayTopic.startsWith(topics.domainEvents(""))
                || replayTopic.equals(topics.lifecycle())) {
            throw bad(REPLAY_TOPIC, replayTopic, "a topic of its own, not the DLQ nor an event topic");
        }
        shutdownTimeout = Duration.ofMillis(longIn(m, SHUTDOWN_TIMEOUT_MS, DEFAULT_SHUTDOWN_TIMEOUT_MS, 0, 3_600_000));
        commitInterval = Duration.ofMillis(longIn(m, COMMIT_INTERVAL_MS, DEFAULT_COMMIT_INTERVAL_MS, 10, 600_000));
        registryRetryBackoff = Duration.ofMillis(longIn(m, REGISTRY_RETRY_BACKOFF_MS,
                DEFAULT_REGISTRY_RETRY_BACKOFF_MS, 1, 600_000));
        announceInterval = Duration.ofMillis(longIn(m, ANNOUNCE_INTERVAL_MS, DEFAULT_ANNOUNCE_INTERVAL_MS,
                io.tasker.schemas.RegistryTopic.MIN_ANNOUNCE_INTERVAL_MS, 3_600_000));
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
        kafkaOverrides = Map.copyOf(kafka);
        redaction = io.tasker.schemas.redaction.RedactionConfig.fromProperties(m);
        registryClient = io.tasker.schemas.SchemaRegistrySettings.fromProperties(m).validate();
        this.subscriberConfig = subscriberConfig;
    }

    /** A config from string keys and values (see the key constants). */
    public static SubscriberConfig fromMap(Map<String, String> values) {
        return fromMap(values, Map.of());
    }

    /**
     * A config from string keys and values plus the free {@code config} map handed to
     * {@link TaskerSubscriber#configure(Map)} (what a YAML file's {@code config:} section holds).
     */
    public static SubscriberConfig fromMap(Map<String, String> values, Map<String, Object> config) {
        return new SubscriberConfig(Map.copyOf(values), Map.copyOf(config));
    }

    public static SubscriberConfig fromProperties(Properties props) {
        Map<String, String> m = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(k -> m.put(k, props.getProperty(k)));
        return fromMap(m);
    }

    /**
     * A config from a YAML file; {@code overrides} (e.g. bootstrap servers from the environment) win over the file.
     *
     * @throws IllegalArgumentException naming the file if it cannot be read or is not a YAML map
     */
    public static SubscriberConfig fromYaml(Path file, Map<String, String> overrides) {
        ConfigYaml.Parsed parsed = ConfigYaml.read(file, SUBSCRIBER_NAME, EVENTS);
        Map<String, String> flat = new LinkedHashMap<>(parsed.flat());
        flat.putAll(overrides);
        return new SubscriberConfig(flat, parsed.free());
    }

    public static SubscriberConfig fromYaml(Path file) {
        return fromYaml(file, Map.of());
    }

    static String requireValidName(String name) {
        return requireValidName(name, SUBSCRIBER_NAME);
    }

    private static String requireValidName(String name, String key) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw bad(key, name, "1-200 letters, digits, '.', '_' or '-'");
        }
        return name;
    }

    private static String required(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("subscriber config " + key + " is required");
        }
        return v.trim();
    }

    private static int intIn(Map<String, String> m, String key, int def, int min, int max) {
        return (int) longIn(m, key, def, min, max);
    }

    private static long longIn(Map<String, String> m, String key, long def, long min, long max) {
        String v = m.get(key);
        if (v == null) {
            return def;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < min || n > max) {
                throw bad(key, v, "a whole number in [" + min + ", " + max + "]");
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad(key, v, "a whole number in [" + min + ", " + max + "]");
        }
    }

    private static double doubleIn(Map<String, String> m, String key, double def, double min, double max) {
        String v = m.get(key);
        if (v == null) {
            return def;
        }
        try {
            double n = Double.parseDouble(v.trim());
            if (!(n >= min && n <= max)) {
                throw bad(key, v, "a number in [" + min + ", " + max + "]");
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad(key, v, "a number in [" + min + ", " + max + "]");
        }
    }

    private static List<String> list(String v) {
        if (v == null || v.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static IllegalArgumentException bad(String key, String value, String expected) {
        return new IllegalArgumentException("subscriber config " + key + " = '" + value + "' is invalid: expected "
                + expected);
    }

    public String subscriberName() {
        return subscriberName;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String schemaRegistryUrl() {
        return schemaRegistryUrl;
    }

    public String groupId() {
        return groupId;
    }

    public TaskerTopics topics() {
        return topics;
    }

    /** Namespaces whose domain events are read; empty = all. */
    public List<String> namespaces() {
        return namespaces;
    }

    /** Extra event names/patterns routed by method name. */
    public List<String> events() {
        return events;
    }

    public int concurrency() {
        return concurrency;
    }

    public int maxInFlight() {
        return maxInFlight;
    }

    public Duration handlerTimeout() {
        return handlerTimeout;
    }

    /** The retry policy from the {@code retry.*} keys, used by handlers whose subscriber sets none in code. */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    public String dlqTopic() {
        return dlqTopic;
    }

    /** The replay topic (see {@link #REPLAY_TOPIC}). */
    public String replayTopic() {
        return replayTopic;
    }

    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    public Duration commitInterval() {
        return commitInterval;
    }

    public Duration registryRetryBackoff() {
        return registryRetryBackoff;
    }

    /** See {@link #ANNOUNCE_INTERVAL_MS}. */
    public Duration announceInterval() {
        return announceInterval;
    }

    /** Kafka client settings from {@code kafka.*}, prefix removed. */
    public Map<String, String> kafkaOverrides() {
        return kafkaOverrides;
    }

    /** The free {@code config} map of the YAML file; empty otherwise. */
    /**
     * What dead-letter headers mask in exception messages: the {@code redaction.*} keys of
     * {@link io.tasker.schemas.redaction.RedactionConfig} (defaults: passwords, tokens, API keys, bearer tokens).
     */
    public io.tasker.schemas.redaction.RedactionConfig redaction() {
        return redaction;
    }

    /** How the schema registry client authenticates and which certificate it trusts ({@code schema.registry.*}). */
    public io.tasker.schemas.SchemaRegistrySettings registryClient() {
        return registryClient;
    }

    public Map<String, Object> subscriberConfig() {
        return subscriberConfig;
    }

    /**
     * This config reporting traces and metrics to {@code openTelemetry} (e.g. the application's
     * {@code OpenTelemetrySdk}, or {@link OpenTelemetry#noop()} to turn the subscriber's telemetry off).
     */
    public SubscriberConfig withOpenTelemetry(OpenTelemetry openTelemetry) {
        return new SubscriberConfig(source, subscriberConfig,
                java.util.Objects.requireNonNull(openTelemetry, "openTelemetry"));
    }

    /**
     * The OpenTelemetry the subscriber's spans and metrics go to: the one given to {@link #withOpenTelemetry}, else
     * {@link GlobalOpenTelemetry#get()} at the time of the call. {@link SubscriberRunner#start} asks once, so an
     * application that installs its SDK as the global instance must do so before starting subscribers (the first
     * {@code GlobalOpenTelemetry.get()} without an installed SDK fixes the global to the no-op instance). With the
     * OpenTelemetry Java agent the global instance is the agent's.
     */
    public OpenTelemetry openTelemetry() {
        return openTelemetry != null ? openTelemetry : GlobalOpenTelemetry.get();
    }
}
