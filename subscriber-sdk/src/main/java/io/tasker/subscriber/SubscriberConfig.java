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

    /** The checked settings; the accessors return them. */
    private final SubscriberConfigReader.Values values;
    private final Map<String, Object> subscriberConfig;
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
        this.values = SubscriberConfigReader.read(m);
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
        return SubscriberConfigChecks.requireValidName(name, SUBSCRIBER_NAME);
    }


    public String subscriberName() {
        return values.subscriberName();
    }

    public String bootstrapServers() {
        return values.bootstrapServers();
    }

    public String schemaRegistryUrl() {
        return values.schemaRegistryUrl();
    }

    public String groupId() {
        return values.groupId();
    }

    public TaskerTopics topics() {
        return values.topics();
    }

    /** Namespaces whose domain events are read; empty = all. */
    public List<String> namespaces() {
        return values.namespaces();
    }

    /** Extra event names/patterns routed by method name. */
    public List<String> events() {
        return values.events();
    }

    public int concurrency() {
        return values.concurrency();
    }

    public int maxInFlight() {
        return values.maxInFlight();
    }

    public Duration handlerTimeout() {
        return values.handlerTimeout();
    }

    /** The retry policy from the {@code retry.*} keys, used by handlers whose subscriber sets none in code. */
    public RetryPolicy retryPolicy() {
        return values.retryPolicy();
    }

    public String dlqTopic() {
        return values.dlqTopic();
    }

    /** The replay topic (see {@link #REPLAY_TOPIC}). */
    public String replayTopic() {
        return values.replayTopic();
    }

    public Duration shutdownTimeout() {
        return values.shutdownTimeout();
    }

    public Duration commitInterval() {
        return values.commitInterval();
    }

    public Duration registryRetryBackoff() {
        return values.registryRetryBackoff();
    }

    /** See {@link #ANNOUNCE_INTERVAL_MS}. */
    public Duration announceInterval() {
        return values.announceInterval();
    }

    /** Kafka client settings from {@code kafka.*}, prefix removed. */
    public Map<String, String> kafkaOverrides() {
        return values.kafkaOverrides();
    }

    /**
     * What dead-letter headers mask in exception messages: the {@code redaction.*} keys of
     * {@link io.tasker.schemas.redaction.RedactionConfig} (defaults: passwords, tokens, API keys, bearer tokens).
     */
    public io.tasker.schemas.redaction.RedactionConfig redaction() {
        return values.redaction();
    }

    /** How the schema registry client authenticates and which certificate it trusts ({@code schema.registry.*}). */
    public io.tasker.schemas.SchemaRegistrySettings registryClient() {
        return values.registryClient();
    }

    /** The free {@code config} map of the YAML file; empty otherwise. */
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
