package io.tasker.topology;

import io.tasker.kafka.KafkaClientSettings;
import io.tasker.schemas.SchemaRegistrySettings;
import io.tasker.schemas.TaskerTopics;
import io.tasker.schemas.redaction.RedactionConfig;
import io.tasker.schemas.redaction.Redactor;
import io.tasker.schemas.redaction.SettingsRedaction;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration of a topology instance. Build with {@link #builder()} or {@link #fromProperties(Map)};
 * {@link #validate()} runs at start-up and names the key and the bad value.
 *
 * <table>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>bootstrap.servers</td><td>(required)</td><td>Kafka brokers</td></tr>
 * <tr><td>schema.registry.url</td><td>(required)</td><td>Confluent-compatible registry base URL</td></tr>
 * <tr><td>tasker.topic.prefix</td><td>tasker.</td><td>prefix of every topic name</td></tr>
 * <tr><td>topology.application-id</td><td>tasker-topology</td><td>Kafka Streams application id (consumer group, internal topic prefix)</td></tr>
 * <tr><td>topology.state-dir</td><td>java.io.tmpdir/tasker-streams</td><td>RocksDB state directory</td></tr>
 * <tr><td>topology.stream-threads</td><td>1</td><td>stream threads of this instance</td></tr>
 * <tr><td>topology.commit-interval-ms</td><td>100</td><td>how often the exactly-once transaction commits. A step command
 * becomes visible to a {@code read_committed} runner only when its transaction commits, so a step hop waits on average
 * half this interval plus the commit itself; shorter means more transactions (commit markers on every partition
 * written) and less burst throughput</td></tr>
 * <tr><td>topology.producer-linger-ms</td><td>0</td><td>{@code linger.ms} of the Kafka Streams producer: how long
 * records wait to be batched before they are sent within the transaction (0..60000). Runners read step commands as
 * they are appended (early reads), so any linger is part of every hop; batches still form while sends are in
 * flight</td></tr>
 * <tr><td>topology.eager-commit-min-interval-ms</td><td>see {@link #DEFAULT_EAGER_COMMIT_MIN_INTERVAL_MS}</td><td>when
 * a record dispatches a step command or finishes a task, ask Kafka Streams to commit right after it instead of at the
 * next commit interval, at most this often per stream thread and only while the thread keeps up (the record waited less
 * than a commit interval); 0 = never (0..60000)</td></tr>
 * <tr><td>topology.rocksdb.block-cache-mb</td><td>128</td><td>one LRU cache (MiB) shared by every RocksDB store of the
 * process, holding data, index and filter blocks and charged with the memtables: it bounds RocksDB's native memory
 * ({@link RocksDbMemory}); 0 = Kafka Streams' per-store defaults (50 MiB cache and 3 x 16 MiB memtables per store and
 * partition, unbounded)</td></tr>
 * <tr><td>topology.rocksdb.write-buffer-mb</td><td>64</td><td>part of that cache the memtables of all stores may use
 * before the largest is flushed (1..block-cache-mb)</td></tr>
 * <tr><td>http.host</td><td>127.0.0.1</td><td>interface the HTTP API binds</td></tr>
 * <tr><td>http.port</td><td>8080</td><td>HTTP API port (0 = any free port)</td></tr>
 * <tr><td>http.advertised-host</td><td>http.host</td><td>host other instances use to reach this one</td></tr>
 * <tr><td>http.auth.*</td><td>see {@link HttpAuthConfig}</td><td>bearer-token authentication and scopes of the HTTP API
 * (default off)</td></tr>
 * <tr><td>http.tls.*</td><td>see {@link HttpTlsConfig}</td><td>HTTPS for the HTTP API (default off)</td></tr>
 * <tr><td>topology.task-retention-ms</td><td>604800000 (7 days)</td><td>how long finished tasks (complete, error,
 * cancelled, resolved) are kept before they are deleted with their index entries; 0 = keep forever</td></tr>
 * <tr><td>topology.instance-id</td><td>(none)</td><td>stable id for static group membership: a restarted instance
 * with the same id gets its partitions back at once instead of after the session timeout</td></tr>
 * <tr><td>registry.stale.after.ms</td><td>90000</td><td>a runner or subscriber whose last announcement is older than
 * this is listed as {@code stale} by {@code GET /v1/runners} and {@code /v1/subscribers}; keep it a few times the
 * components' announce interval (default 30 s)</td></tr>
 * <tr><td>registry.forget.after.ms</td><td>86400000 (24 h)</td><td>entries not seen for this long (stopped or stale)
 * are no longer listed; 0 = list them as long as the registry topic keeps them (7 days)</td></tr>
 * <tr><td>topology.kafka.*</td><td>(none)</td><td>Kafka Streams and client settings passed through with the prefix
 * removed (e.g. {@code topology.kafka.producer.compression.type=lz4}, {@code topology.kafka.producer.batch.size=65536},
 * {@code topology.kafka.num.standby.replicas=1}) and, un-prefixed, to every other client of the instance (API producer
 * and admin client, registry reader), each getting the keys it knows: security ({@code topology.kafka.security.protocol},
 * {@code sasl.*}, {@code ssl.*}) goes here. {@code topology.kafka.preflight.timeout.ms} (default 15000, 0 = off) bounds
 * the start-up connection check. The settings the guarantees rest on ({@link KafkaClientSettings#REFUSED_KEYS}:
 * {@code processing.guarantee}, {@code application.id}, {@code bootstrap.servers}, idempotence, transactions,
 * isolation level, acks, serdes) are refused at start-up</td></tr>
 * <tr><td>schema.registry.basic.auth.user.info, schema.registry.bearer.auth.token,
 * schema.registry.ssl.truststore.location/.password/.type</td><td>(none; type PKCS12)</td><td>how the registry client
 * authenticates and which certificate it trusts ({@link SchemaRegistrySettings})</td></tr>
 * <tr><td>redaction.*</td><td>see {@link RedactionConfig}</td><td>what task answers, lifecycle events and
 * rejected-topic headers mask: {@code redaction.keys}, {@code redaction.paths}, {@code redaction.key.patterns},
 * {@code redaction.value.patterns}, {@code redaction.mask}, {@code redaction.defaults}</td></tr>
 * </table>
 */
public record TopologyConfig(String bootstrapServers, String schemaRegistryUrl, String topicPrefix, String applicationId,
                             Path stateDir, int streamThreads, long commitIntervalMs, String httpHost, int httpPort,
                             String advertisedHost, String instanceId, long retentionMs, Map<String, String> streamsOverrides,
                             long registryStaleAfterMs, long registryForgetAfterMs, RedactionConfig redaction,
                             long producerLingerMs, long eagerCommitMinIntervalMs, RocksDbMemory rocksDb,
                             SchemaRegistrySettings registryClient, HttpAuthConfig httpAuth, HttpTlsConfig httpTls) {
    public static final String COMMIT_INTERVAL_MS = "topology.commit-interval-ms";
    public static final long DEFAULT_COMMIT_INTERVAL_MS = 100;
    public static final String PRODUCER_LINGER_MS = "topology.producer-linger-ms";
    public static final long DEFAULT_PRODUCER_LINGER_MS = 0;
    public static final long MAX_PRODUCER_LINGER_MS = 60_000;
    public static final String EAGER_COMMIT_MIN_INTERVAL_MS = "topology.eager-commit-min-interval-ms";
    public static final long DEFAULT_EAGER_COMMIT_MIN_INTERVAL_MS = 0;
    public static final long MAX_EAGER_COMMIT_MIN_INTERVAL_MS = 60_000;
    public static final String RETENTION_MS = "topology.task-retention-ms";
    /** Prefix of the Kafka Streams and client settings passed through as they are (prefix removed). */
    public static final String KAFKA_PREFIX = "topology.kafka.";
    public static final long DEFAULT_RETENTION_MS = java.time.Duration.ofDays(7).toMillis();
    public static final String REGISTRY_STALE_AFTER_MS = "registry.stale.after.ms";
    public static final long DEFAULT_REGISTRY_STALE_AFTER_MS = 90_000;
    public static final String REGISTRY_FORGET_AFTER_MS = "registry.forget.after.ms";
    public static final long DEFAULT_REGISTRY_FORGET_AFTER_MS = java.time.Duration.ofHours(24).toMillis();

    public TopologyConfig {
        streamsOverrides = Map.copyOf(streamsOverrides == null ? Map.of() : streamsOverrides);
        redaction = redaction == null ? RedactionConfig.defaults() : redaction;
        rocksDb = rocksDb == null ? RocksDbMemory.defaults() : rocksDb;
        registryClient = registryClient == null ? SchemaRegistrySettings.none() : registryClient;
        httpAuth = httpAuth == null ? HttpAuthConfig.off() : httpAuth;
        httpTls = httpTls == null ? HttpTlsConfig.off() : httpTls;
    }

    /**
     * The effective configuration for the start-up log line (logger {@code io.tasker.config}): like the record's
     * string form, with every value passed through this configuration's {@link #redaction() redaction rules}
     * ({@link SettingsRedaction}): secret Streams overrides, credentials in URLs and value patterns are masked.
     */
    @Override
    public String toString() {
        Redactor r = new Redactor(redaction);
        return "TopologyConfig[bootstrapServers=" + SettingsRedaction.value(r, "bootstrap.servers", bootstrapServers)
                + ", schemaRegistryUrl=" + SettingsRedaction.value(r, "schema.registry.url", schemaRegistryUrl)
                + ", topicPrefix=" + topicPrefix + ", applicationId=" + applicationId + ", stateDir=" + stateDir
                + ", streamThreads=" + streamThreads + ", commitIntervalMs=" + commitIntervalMs
                + ", producerLingerMs=" + producerLingerMs + ", eagerCommitMinIntervalMs=" + eagerCommitMinIntervalMs
                + ", httpHost=" + httpHost
                + ", httpPort=" + httpPort + ", advertisedHost=" + advertisedHost + ", httpAuth=" + httpAuth.describe()
                + ", httpTls=" + httpTls + ", instanceId=" + instanceId
                + ", retentionMs=" + retentionMs + ", streamsOverrides=" + SettingsRedaction.values(r, streamsOverrides)
                + ", registryStaleAfterMs=" + registryStaleAfterMs + ", registryForgetAfterMs=" + registryForgetAfterMs
                + ", rocksDb=" + rocksDb + ", registryClient=" + registryClient + ", redaction=" + redaction.describe() + "]";
    }

    /**
     * The {@code topology.kafka.*} settings, checked: what Kafka Streams and every other client of the instance (the
     * API's producer and admin client, the registry reader) get.
     *
     * @throws IllegalArgumentException naming a refused key
     */
    public KafkaClientSettings kafkaSettings() {
        return KafkaClientSettings.of(KAFKA_PREFIX, streamsOverrides);
    }

    public TaskerTopics topics() {
        return new TaskerTopics(topicPrefix);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static TopologyConfig fromProperties(Map<String, String> p) {
        Builder b = builder();
        b.bootstrapServers = p.get("bootstrap.servers");
        b.schemaRegistryUrl = p.get("schema.registry.url");
        if (p.containsKey("tasker.topic.prefix")) b.topicPrefix = p.get("tasker.topic.prefix");
        if (p.containsKey("topology.application-id")) b.applicationId = p.get("topology.application-id");
        if (p.containsKey("topology.state-dir")) b.stateDir = Path.of(p.get("topology.state-dir"));
        if (p.containsKey("topology.stream-threads")) b.streamThreads = parseInt(p, "topology.stream-threads");
        if (p.containsKey(COMMIT_INTERVAL_MS)) b.commitIntervalMs = parseLong(p, COMMIT_INTERVAL_MS);
        if (p.containsKey(PRODUCER_LINGER_MS)) b.producerLingerMs = parseLong(p, PRODUCER_LINGER_MS);
        if (p.containsKey(EAGER_COMMIT_MIN_INTERVAL_MS)) b.eagerCommitMinIntervalMs = parseLong(p, EAGER_COMMIT_MIN_INTERVAL_MS);
        if (p.containsKey("http.host")) b.httpHost = p.get("http.host");
        if (p.containsKey("http.port")) b.httpPort = parseInt(p, "http.port");
        if (p.containsKey("http.advertised-host")) b.advertisedHost = p.get("http.advertised-host");
        if (p.containsKey("topology.instance-id")) b.instanceId = p.get("topology.instance-id");
        if (p.containsKey(RETENTION_MS)) b.retentionMs = parseLong(p, RETENTION_MS);
        if (p.containsKey(REGISTRY_STALE_AFTER_MS)) b.registryStaleAfterMs = parseLong(p, REGISTRY_STALE_AFTER_MS);
        if (p.containsKey(REGISTRY_FORGET_AFTER_MS)) b.registryForgetAfterMs = parseLong(p, REGISTRY_FORGET_AFTER_MS);
        b.rocksDb = RocksDbMemory.fromProperties(p);
        b.httpAuth = HttpAuthConfig.fromProperties(p);
        b.httpTls = HttpTlsConfig.fromProperties(p);
        b.redaction = RedactionConfig.fromProperties(p);
        b.registryClient = SchemaRegistrySettings.fromProperties(p);
        Map<String, String> overrides = new java.util.TreeMap<>();
        p.forEach((k, v) -> {
            if (k.startsWith(KAFKA_PREFIX) && k.length() > KAFKA_PREFIX.length()) overrides.put(k.substring(KAFKA_PREFIX.length()), v);
        });
        if (!overrides.isEmpty()) b.streamsOverrides = overrides;
        return b.build();
    }

    private static int parseInt(Map<String, String> p, String key) {
        try {
            return Integer.parseInt(p.get(key).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, was '" + p.get(key) + "'");
        }
    }

    private static long parseLong(Map<String, String> p, String key) {
        try {
            return Long.parseLong(p.get(key).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, was '" + p.get(key) + "'");
        }
    }

    /** @throws IllegalArgumentException naming every bad key and its value */
    public TopologyConfig validate() {
        List<String> errors = new ArrayList<>();
        if (bootstrapServers == null || bootstrapServers.isBlank()) errors.add("bootstrap.servers is required");
        if (schemaRegistryUrl == null || !schemaRegistryUrl.matches("https?://.+"))
            errors.add("schema.registry.url must be an http(s) URL, was '" + schemaRegistryUrl + "'");
        if (applicationId == null || !applicationId.matches("[A-Za-z0-9._-]+"))
            errors.add("topology.application-id must match [A-Za-z0-9._-]+, was '" + applicationId + "'");
        try {
            KafkaClientSettings.of(KAFKA_PREFIX, streamsOverrides);
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
        }
        if (streamThreads < 1) errors.add("topology.stream-threads must be >= 1, was " + streamThreads);
        if (commitIntervalMs < 1) errors.add(COMMIT_INTERVAL_MS + " must be >= 1, was " + commitIntervalMs);
        if (producerLingerMs < 0 || producerLingerMs > MAX_PRODUCER_LINGER_MS)
            errors.add(PRODUCER_LINGER_MS + " must be between 0 and " + MAX_PRODUCER_LINGER_MS + ", was " + producerLingerMs);
        if (eagerCommitMinIntervalMs < 0 || eagerCommitMinIntervalMs > MAX_EAGER_COMMIT_MIN_INTERVAL_MS)
            errors.add(EAGER_COMMIT_MIN_INTERVAL_MS + " must be between 0 (off) and " + MAX_EAGER_COMMIT_MIN_INTERVAL_MS
                    + ", was " + eagerCommitMinIntervalMs);
        if (retentionMs < 0) errors.add(RETENTION_MS + " must be >= 0 (0 = keep forever), was " + retentionMs);
        if (httpPort < 0 || httpPort > 65535) errors.add("http.port must be 0..65535, was " + httpPort);
        if (registryStaleAfterMs < 1) errors.add(REGISTRY_STALE_AFTER_MS + " must be >= 1, was " + registryStaleAfterMs);
        if (registryForgetAfterMs < 0 || (registryForgetAfterMs > 0 && registryForgetAfterMs <= registryStaleAfterMs)) {
            errors.add(REGISTRY_FORGET_AFTER_MS + " must be 0 (keep listing) or more than " + REGISTRY_STALE_AFTER_MS
                    + " (" + registryStaleAfterMs + "), was " + registryForgetAfterMs);
        }
        rocksDb.validate(errors);
        errors.addAll(registryClient.errors());
        httpAuth.validate(errors);
        httpTls.validate(errors);
        if (!errors.isEmpty()) throw new IllegalArgumentException("invalid topology configuration: " + String.join("; ", errors));
        return this;
    }

    public static final class Builder {
        private String bootstrapServers;
        private String schemaRegistryUrl;
        private String topicPrefix = TaskerTopics.DEFAULT_PREFIX;
        private String applicationId = "tasker-topology";
        private Path stateDir = Path.of(System.getProperty("java.io.tmpdir"), "tasker-streams");
        private int streamThreads = 1;
        private long commitIntervalMs = DEFAULT_COMMIT_INTERVAL_MS;
        private long producerLingerMs = DEFAULT_PRODUCER_LINGER_MS;
        private long eagerCommitMinIntervalMs = DEFAULT_EAGER_COMMIT_MIN_INTERVAL_MS;
        private String httpHost = "127.0.0.1";
        private int httpPort = 8080;
        private String advertisedHost;
        private String instanceId;
        private long retentionMs = DEFAULT_RETENTION_MS;
        private Map<String, String> streamsOverrides = Map.of();
        private long registryStaleAfterMs = DEFAULT_REGISTRY_STALE_AFTER_MS;
        private long registryForgetAfterMs = DEFAULT_REGISTRY_FORGET_AFTER_MS;
        private RedactionConfig redaction = RedactionConfig.defaults();
        private RocksDbMemory rocksDb = RocksDbMemory.defaults();
        private SchemaRegistrySettings registryClient = SchemaRegistrySettings.none();
        private HttpAuthConfig httpAuth = HttpAuthConfig.off();
        private HttpTlsConfig httpTls = HttpTlsConfig.off();

        public Builder bootstrapServers(String v) { bootstrapServers = v; return this; }
        public Builder schemaRegistryUrl(String v) { schemaRegistryUrl = v; return this; }
        public Builder topicPrefix(String v) { topicPrefix = v; return this; }
        public Builder applicationId(String v) { applicationId = v; return this; }
        public Builder stateDir(Path v) { stateDir = v; return this; }
        public Builder streamThreads(int v) { streamThreads = v; return this; }
        public Builder commitIntervalMs(long v) { commitIntervalMs = v; return this; }
        public Builder producerLingerMs(long v) { producerLingerMs = v; return this; }
        public Builder eagerCommitMinIntervalMs(long v) { eagerCommitMinIntervalMs = v; return this; }
        public Builder httpHost(String v) { httpHost = v; return this; }
        public Builder httpPort(int v) { httpPort = v; return this; }
        public Builder advertisedHost(String v) { advertisedHost = v; return this; }
        public Builder instanceId(String v) { instanceId = v; return this; }
        public Builder retentionMs(long v) { retentionMs = v; return this; }
        public Builder streamsOverrides(Map<String, String> v) { streamsOverrides = v; return this; }
        public Builder registryStaleAfterMs(long v) { registryStaleAfterMs = v; return this; }
        public Builder registryForgetAfterMs(long v) { registryForgetAfterMs = v; return this; }
        public Builder redaction(RedactionConfig v) { redaction = v; return this; }
        public Builder rocksDb(RocksDbMemory v) { rocksDb = v; return this; }
        public Builder registryClient(SchemaRegistrySettings v) { registryClient = v; return this; }
        public Builder httpAuth(HttpAuthConfig v) { httpAuth = v; return this; }
        public Builder httpTls(HttpTlsConfig v) { httpTls = v; return this; }

        public TopologyConfig build() {
            return new TopologyConfig(bootstrapServers, schemaRegistryUrl, Objects.requireNonNullElse(topicPrefix, ""), applicationId,
                    stateDir, streamThreads, commitIntervalMs, httpHost, httpPort,
                    advertisedHost == null ? httpHost : advertisedHost, instanceId, retentionMs, streamsOverrides,
                    registryStaleAfterMs, registryForgetAfterMs, redaction, producerLingerMs, eagerCommitMinIntervalMs,
                    rocksDb, registryClient, httpAuth, httpTls);
        }
    }
}
