package io.tasker.runner;

import io.tasker.runner.internal.ConfigProperties;
import io.tasker.runner.internal.ConfigValidation;
import io.tasker.schemas.SchemaRegistrySettings;
import io.tasker.schemas.redaction.RedactionConfig;
import io.tasker.schemas.redaction.Redactor;
import io.tasker.schemas.redaction.SettingsRedaction;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Configuration of a {@link StepRunner}. Immutable and thread-safe.
 *
 * <p>Create one with {@link #of(String, String)} (all defaults) and refine it with the {@code withX} methods, or read
 * it from flat properties with {@link #fromProperties(Map)}. The constructors normalise {@code null}s to the
 * defaults below but do not validate; {@link StepRunner#start()} calls {@link #validate()}.
 *
 * @param bootstrapServers       Kafka bootstrap servers ({@code bootstrap.servers}); required
 * @param schemaRegistryUrl      base URL of the Confluent-compatible schema registry ({@code schema.registry.url});
 *                               required, {@code http://} or {@code https://}
 * @param topicPrefix            prefix of every topic name ({@code tasker.topic.prefix}); default {@code "tasker."}
 * @param namespaces             namespaces whose step commands this runner consumes ({@code runner.namespaces}, comma
 *                               separated); default empty, meaning the namespaces of the runner's templates.
 *                               Unmodifiable.
 * @param workerThreads          size of the handler worker pool ({@code runner.worker-threads}); default twice the
 *                               number of available processors; must be {@code >= 1}
 * @param maxInFlight            how many commands may be executing or awaiting their result's acknowledgement before
 *                               the runner pauses fetching ({@code runner.max-in-flight}); default 256; must be
 *                               {@code >= 1}. Fetches are capped at {@code min(500, maxInFlight)} records
 *                               ({@code max.poll.records}), and a fetched batch is always dispatched whole, so at most
 *                               about twice this many commands are held at once.
 * @param runnerId               identifies this runner instance in step results and template registrations
 *                               ({@code runner.id}); default {@code <hostname>-<pid>}
 * @param groupId                Kafka consumer group shared by all runners serving the same handlers
 *                               ({@code runner.group-id}); default {@code "tasker-runner"}
 * @param clientOverrides        extra Kafka client properties applied to the runner's consumer, producer and admin
 *                               client (e.g. security settings); from properties prefixed {@code kafka.}; each client
 *                               gets only the keys it knows. Settings the delivery guarantees depend on (auto commit,
 *                               idempotence, acks, isolation level, serializers, group id: see
 *                               {@code KafkaClientSettings.REFUSED_KEYS}) are refused by {@link #validate()}.
 *                               {@code kafka.preflight.timeout.ms} bounds the start-up connection check. Unmodifiable.
 * @param topicPartitions        partitions of the step-command topics the runner creates for its namespaces
 *                               ({@code runner.topic.partitions}); {@code null} (default) uses the broker's
 *                               {@code num.partitions}; must be {@code >= 1}. Existing topics are never changed.
 * @param topicReplicationFactor replication factor of the step-command topics the runner creates
 *                               ({@code runner.topic.replication-factor}); {@code null} (default) uses the broker's
 *                               {@code default.replication.factor}; must be between 1 and 32767
 * @param stuckHandlerGraceMs    how long a handler interrupted at its step's timeout may keep running before it counts
 *                               as stuck ({@code runner.stuck-handler-grace-ms}); default 10000; must be
 *                               {@code >= 0}
 * @param maxStuckHandlers       how many stuck handlers the runner replaces with extra worker threads, so they do
 *                               not take its capacity ({@code runner.max-stuck-handlers}); default 16; must be
 *                               {@code >= 0}
 * @param httpPort               port of the runner's {@code /health}, {@code /v1/stats} and {@code /metrics} endpoint
 *                               ({@code runner.http.port}); default {@code -1} = no endpoint, {@code 0} = a free port
 *                               (see {@link StepRunner#httpPort()}); must be between -1 and 65535
 * @param httpHost               address the endpoint binds to ({@code runner.http.host}); default {@code "0.0.0.0"}
 * @param announceIntervalMs     how often the runner announces itself on the registry topic (id, host, namespaces,
 *                               handlers, health), so {@code GET /v1/runners} lists it
 *                               ({@code runner.announce-interval-ms}); default 30000; must be {@code >= 100}
 * @param inProgressAfterMs      how long a handler must be running before the runner reports its attempt in progress
 *                               ({@code runner.in-progress-after-ms}); default 1000; {@code 0} = never report; must be
 *                               {@code >= 0}. The report (one small record per long attempt, none for attempts that
 *                               finish sooner) moves the step to {@code in_progress} and emits {@code step.started}
 *                               while it runs; a shorter attempt's start travels with its result instead.
 * @param redaction              what the runner masks before texts and events leave it ({@code redaction.*} keys, see
 *                               {@link RedactionConfig}): the error message and backtrace of a failed attempt (value
 *                               patterns and the values of the task's sensitive context fields), domain event payload
 *                               fields (key rules and fields the event's schema marks {@code x-sensitive} or
 *                               {@code writeOnly}) and the start-up configuration line; default
 *                               {@link RedactionConfig#defaults()}. Step commands keep the real values.
 * @param readUncommittedCommands whether the runner reads step commands before the topology's transaction commits
 *                               ({@code runner.read-uncommitted-commands}, {@code isolation.level=read_uncommitted}
 *                               on the command consumer); default {@code true}: it takes the topology's commit interval
 *                               out of every step hop. The price: when the topology's transaction aborts (a crash, a
 *                               fenced instance), a command the runner already read is dispatched again, so the handler
 *                               runs that attempt once more (or runs an attempt the recovered topology does not
 *                               dispatch again). Handlers are at-least-once in both modes. The state stays exactly
 *                               once: every command carries a fresh dispatch id that its result echoes, and the topology
 *                               records only the result of the dispatch its committed state made; results of aborted
 *                               commands are dropped ({@code dropped.stale_dispatch}). {@code false} restores
 *                               {@code read_committed}: no extra executions, one commit interval more per hop. See the
 *                               README, "Early reads".
 * @param resultLingerMs         how long the result producer waits to batch results ({@code runner.result-linger-ms},
 *                               the producer's {@code linger.ms}); default 0: a result leaves as soon as the handler
 *                               returns, and batches still form while a send is in flight; must be between 0 and
 *                               60000. A {@code kafka.linger.ms} override, when given, wins.
 * @param registryClient         how the schema registry client authenticates and which certificate it trusts
 *                               ({@code schema.registry.basic.auth.user.info}, {@code ...bearer.auth.token},
 *                               {@code ...ssl.truststore.location/.password/.type}, see {@link SchemaRegistrySettings});
 *                               default none
 */
public record RunnerConfig(String bootstrapServers, String schemaRegistryUrl, String topicPrefix,
        Set<String> namespaces, int workerThreads, int maxInFlight, String runnerId, String groupId,
        Map<String, String> clientOverrides, Integer topicPartitions, Integer topicReplicationFactor,
        long stuckHandlerGraceMs, int maxStuckHandlers, int httpPort, String httpHost, long announceIntervalMs,
        long inProgressAfterMs, RedactionConfig redaction, boolean readUncommittedCommands, long resultLingerMs,
        SchemaRegistrySettings registryClient) {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String TOPIC_PREFIX = "tasker.topic.prefix";
    public static final String NAMESPACES = "runner.namespaces";
    public static final String WORKER_THREADS = "runner.worker-threads";
    public static final String MAX_IN_FLIGHT = "runner.max-in-flight";
    public static final String RUNNER_ID = "runner.id";
    public static final String GROUP_ID = "runner.group-id";
    public static final String TOPIC_PARTITIONS = "runner.topic.partitions";
    public static final String TOPIC_REPLICATION_FACTOR = "runner.topic.replication-factor";
    public static final String STUCK_HANDLER_GRACE_MS = "runner.stuck-handler-grace-ms";
    public static final String MAX_STUCK_HANDLERS = "runner.max-stuck-handlers";
    public static final String HTTP_PORT = "runner.http.port";
    public static final String HTTP_HOST = "runner.http.host";
    public static final String ANNOUNCE_INTERVAL_MS = "runner.announce-interval-ms";
    public static final String IN_PROGRESS_AFTER_MS = "runner.in-progress-after-ms";
    public static final String READ_UNCOMMITTED_COMMANDS = "runner.read-uncommitted-commands";
    public static final String RESULT_LINGER_MS = "runner.result-linger-ms";
    /** Properties starting with this prefix become {@link #clientOverrides()} (prefix removed). */
    public static final String CLIENT_OVERRIDE_PREFIX = "kafka.";

    public static final String DEFAULT_TOPIC_PREFIX = "tasker.";
    public static final int DEFAULT_MAX_IN_FLIGHT = 256;
    public static final String DEFAULT_GROUP_ID = "tasker-runner";
    public static final long DEFAULT_STUCK_HANDLER_GRACE_MS = 10_000;
    public static final int DEFAULT_MAX_STUCK_HANDLERS = 16;
    /** No HTTP endpoint. */
    public static final int HTTP_DISABLED = -1;
    public static final int DEFAULT_HTTP_PORT = HTTP_DISABLED;
    public static final String DEFAULT_HTTP_HOST = "0.0.0.0";
    public static final long DEFAULT_ANNOUNCE_INTERVAL_MS = io.tasker.schemas.RegistryTopic.DEFAULT_ANNOUNCE_INTERVAL_MS;
    public static final long DEFAULT_IN_PROGRESS_AFTER_MS = 1000;
    /** {@link #inProgressAfterMs()} value that turns in-progress reports off. */
    public static final long IN_PROGRESS_DISABLED = 0;
    public static final boolean DEFAULT_READ_UNCOMMITTED_COMMANDS = true;
    public static final long DEFAULT_RESULT_LINGER_MS = 0;
    /** Upper bound of {@link #resultLingerMs()}. */
    public static final long MAX_RESULT_LINGER_MS = 60_000;

    /** Replaces {@code null} prefix, namespaces, runner id, group id, overrides and HTTP host with their defaults. */
    public RunnerConfig {
        topicPrefix = topicPrefix == null ? DEFAULT_TOPIC_PREFIX : topicPrefix;
        namespaces = namespaces == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(namespaces));
        runnerId = runnerId == null ? defaultRunnerId() : runnerId;
        groupId = groupId == null ? DEFAULT_GROUP_ID : groupId;
        clientOverrides = clientOverrides == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(clientOverrides));
        httpHost = httpHost == null ? DEFAULT_HTTP_HOST : httpHost;
        redaction = redaction == null ? RedactionConfig.defaults() : redaction;
        registryClient = registryClient == null ? SchemaRegistrySettings.none() : registryClient;
    }

    /** A configuration with every default and the two required connection settings. */
    public static RunnerConfig of(String bootstrapServers, String schemaRegistryUrl) {
        return new RunnerConfig(bootstrapServers, schemaRegistryUrl, DEFAULT_TOPIC_PREFIX, Set.of(),
                defaultWorkerThreads(), DEFAULT_MAX_IN_FLIGHT, null, DEFAULT_GROUP_ID, Map.of(), null, null,
                DEFAULT_STUCK_HANDLER_GRACE_MS, DEFAULT_MAX_STUCK_HANDLERS, DEFAULT_HTTP_PORT, DEFAULT_HTTP_HOST,
                DEFAULT_ANNOUNCE_INTERVAL_MS, DEFAULT_IN_PROGRESS_AFTER_MS, null, DEFAULT_READ_UNCOMMITTED_COMMANDS,
                DEFAULT_RESULT_LINGER_MS, null);
    }

    /** Twice the number of available processors. */
    public static int defaultWorkerThreads() {
        return 2 * Runtime.getRuntime().availableProcessors();
    }

    /** {@code <hostname>-<pid>}; the host name comes from {@code HOSTNAME}/{@code COMPUTERNAME} or the local host. */
    public static String defaultRunnerId() {
        return io.tasker.schemas.ComponentIds.host() + "-" + ProcessHandle.current().pid();
    }

    /**
     * Reads a configuration from flat properties. Missing keys take their defaults; the result is not validated.
     *
     * @param props the properties (keys listed on the record components); not {@code null}
     * @throws IllegalArgumentException if a numeric property is not an integer (the message names the key and value)
     */
    public static RunnerConfig fromProperties(Map<String, String> props) {
        return ConfigProperties.read(props);
    }

    /**
     * Every problem with this configuration, one line each naming the property key and the offending value, e.g.
     * {@code runner.worker-threads must be >= 1, was 0}.
     *
     * @return the problems; empty when the configuration is valid; unmodifiable
     */
    public List<String> errors() {
        return ConfigValidation.errors(this);
    }

    /**
     * Checks the configuration.
     *
     * @return this configuration, for chaining
     * @throws IllegalArgumentException listing every problem from {@link #errors()}
     */
    public RunnerConfig validate() {
        List<String> errors = errors();
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid runner configuration: " + String.join("; ", errors));
        }
        return this;
    }

    /** A copy with {@link #bootstrapServers()} replaced ({@code null} restores the default where there is one). */
    public RunnerConfig withBootstrapServers(String v) {
        return edit(f -> f.bootstrapServers = v);
    }

    /** A copy with {@link #schemaRegistryUrl()} replaced ({@code null} restores the default where there is one). */
    public RunnerConfig withSchemaRegistryUrl(String v) {
        return edit(f -> f.schemaRegistryUrl = v);
    }

    /** A copy with {@link #topicPrefix()} replaced ({@code null} restores the default where there is one). */
    public RunnerConfig withTopicPrefix(String v) {
        return edit(f -> f.topicPrefix = v);
    }

    /** A copy with {@link #namespaces()} replaced ({@code null} restores the default where there is one). */
    public RunnerConfig withNamespaces(Set<String> v) {
        return edit(f -> f.namespaces = v);
    }

    /** A copy with {@link #workerThreads()} replaced ({@code null} restores the default where there is one). */
    public RunnerConfig withWorkerThreads(int v) {
        return edit(f -> f.workerThreads = v);
    }

    /** A copy with {@link #maxInFlight()} replaced ({@code null} restores the default where there is one). */
    public RunnerConfig withMaxInFlight(int v) {
        return edit(f -> f.maxInFlight = v);
    }

    /** A copy with {@link #runnerId()} replaced ({@code null} restores the default where there is one). */
    public RunnerConfig withRunnerId(String v) {
        return edit(f -> f.runnerId = v);
    }

    /** A copy with {@link #groupId()} replaced ({@code null} restores the default where there is one). */
    public RunnerConfig withGroupId(String v) {
        return edit(f -> f.groupId = v);
    }

    /** A copy with {@link #clientOverrides()} replaced ({@code null} restores the default where there is one). */
    public RunnerConfig withClientOverrides(Map<String, String> v) {
        return edit(f -> f.clientOverrides = v);
    }

    /** A copy with {@link #topicPartitions()} replaced ({@code null} restores the default where there is one). */
    public RunnerConfig withTopicPartitions(Integer v) {
        return edit(f -> f.topicPartitions = v);
    }

    /** A copy with {@link #topicReplicationFactor()} replaced ({@code null} restores the broker default). */
    public RunnerConfig withTopicReplicationFactor(Integer v) {
        return edit(f -> f.topicReplicationFactor = v);
    }

    /** A copy with {@link #stuckHandlerGraceMs()} replaced ({@code null} restores the default where there is one). */
    public RunnerConfig withStuckHandlerGraceMs(long v) {
        return edit(f -> f.stuckHandlerGraceMs = v);
    }

    /** A copy with {@link #maxStuckHandlers()} replaced ({@code null} restores the default where there is one). */
    public RunnerConfig withMaxStuckHandlers(int v) {
        return edit(f -> f.maxStuckHandlers = v);
    }

    /** A copy with {@link #httpPort()} replaced ({@code null} restores the default where there is one). */
    public RunnerConfig withHttpPort(int v) {
        return edit(f -> f.httpPort = v);
    }

    /** A copy with {@link #httpHost()} replaced ({@code null} restores the default where there is one). */
    public RunnerConfig withHttpHost(String v) {
        return edit(f -> f.httpHost = v);
    }

    /** A copy with {@link #announceIntervalMs()} replaced. */
    public RunnerConfig withAnnounceIntervalMs(long v) {
        return edit(f -> f.announceIntervalMs = v);
    }

    /** A copy with {@link #inProgressAfterMs()} replaced. */
    public RunnerConfig withInProgressAfterMs(long v) {
        return edit(f -> f.inProgressAfterMs = v);
    }

    /** A copy with {@link #readUncommittedCommands()} replaced. */
    public RunnerConfig withReadUncommittedCommands(boolean v) {
        return edit(f -> f.readUncommittedCommands = v);
    }

    /** A copy with {@link #resultLingerMs()} replaced. */
    public RunnerConfig withResultLingerMs(long v) {
        return edit(f -> f.resultLingerMs = v);
    }

    /** A copy with {@link #registryClient()} replaced ({@code null} = no authentication, default trust). */
    public RunnerConfig withRegistryClient(SchemaRegistrySettings v) {
        return edit(f -> f.registryClient = v);
    }

    /** A copy with {@link #redaction()} replaced ({@code null} restores the default). */
    public RunnerConfig withRedaction(RedactionConfig v) {
        return edit(f -> f.redaction = v);
    }

    /**
     * The start-up form (logger {@code io.tasker.config}): like the record's string form, with every value passed
     * through this configuration's {@link #redaction() redaction rules} ({@link SettingsRedaction}): secret client
     * overrides, credentials in URLs and value patterns are masked.
     */
    @Override
    public String toString() {
        Redactor r = new Redactor(redaction);
        Map<String, String> masked = SettingsRedaction.values(r, clientOverrides);
        return "RunnerConfig[bootstrapServers=" + SettingsRedaction.value(r, BOOTSTRAP_SERVERS, bootstrapServers)
                + ", schemaRegistryUrl=" + SettingsRedaction.value(r, SCHEMA_REGISTRY_URL, schemaRegistryUrl)
                + ", topicPrefix=" + topicPrefix + ", namespaces=" + namespaces + ", workerThreads=" + workerThreads
                + ", maxInFlight=" + maxInFlight + ", runnerId=" + runnerId + ", groupId=" + groupId
                + ", clientOverrides=" + masked + ", topicPartitions=" + topicPartitions
                + ", topicReplicationFactor=" + topicReplicationFactor + ", stuckHandlerGraceMs="
                + stuckHandlerGraceMs + ", maxStuckHandlers=" + maxStuckHandlers + ", httpPort=" + httpPort
                + ", httpHost=" + httpHost + ", announceIntervalMs=" + announceIntervalMs
                + ", inProgressAfterMs=" + inProgressAfterMs + ", readUncommittedCommands=" + readUncommittedCommands
                + ", resultLingerMs=" + resultLingerMs + ", registryClient=" + registryClient
                + ", redaction=" + redaction.describe() + "]";
    }

    private RunnerConfig edit(java.util.function.Consumer<RunnerConfigFields> change) {
        return RunnerConfigFields.edit(this, change);
    }
}
