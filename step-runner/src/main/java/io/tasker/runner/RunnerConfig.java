package io.tasker.runner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Configuration of a {@link StepRunner}. Immutable and thread-safe.
 *
 * <p>Create one with {@link #of(String, String)} (all defaults) and refine it with the {@code withX} methods, or read
 * it from flat properties with {@link #fromProperties(Map)}. The constructor normalises {@code null}s to the
 * defaults below but does not validate; {@link StepRunner#start()} calls {@link #validate()}.
 *
 * @param bootstrapServers  Kafka bootstrap servers ({@code bootstrap.servers}); required
 * @param schemaRegistryUrl base URL of the Confluent-compatible schema registry ({@code schema.registry.url});
 *                          required, {@code http://} or {@code https://}
 * @param topicPrefix       prefix of every topic name ({@code tasker.topic.prefix}); default {@code "tasker."}
 * @param namespaces        namespaces whose step commands this runner consumes ({@code runner.namespaces}, comma
 *                          separated); default empty, meaning the namespaces of the runner's templates. Unmodifiable.
 * @param workerThreads     size of the handler worker pool ({@code runner.worker-threads}); default twice the number
 *                          of available processors; must be {@code >= 1}
 * @param maxInFlight       how many commands may be executing or awaiting their result's acknowledgement before the
 *                          runner pauses fetching ({@code runner.max-in-flight}); default 256; must be {@code >= 1}.
 *                          Fetches are capped at {@code min(500, maxInFlight)} records ({@code max.poll.records}), and
 *                          a fetched batch is always dispatched whole, so at most about twice this many commands are
 *                          held at once.
 * @param runnerId          identifies this runner instance in step results and template registrations
 *                          ({@code runner.id}); default {@code <hostname>-<pid>}
 * @param groupId           Kafka consumer group shared by all runners serving the same handlers
 *                          ({@code runner.group-id}); default {@code "tasker-runner"}
 * @param clientOverrides   extra Kafka client properties applied to the runner's consumer and producer (e.g.
 *                          security settings); from properties prefixed {@code kafka.}. Settings the runner's
 *                          delivery guarantees depend on (auto commit off, idempotence, acks, isolation level,
 *                          serializers, group id) cannot be overridden. Unmodifiable.
 */
public record RunnerConfig(String bootstrapServers, String schemaRegistryUrl, String topicPrefix,
        Set<String> namespaces, int workerThreads, int maxInFlight, String runnerId, String groupId,
        Map<String, String> clientOverrides) {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String TOPIC_PREFIX = "tasker.topic.prefix";
    public static final String NAMESPACES = "runner.namespaces";
    public static final String WORKER_THREADS = "runner.worker-threads";
    public static final String MAX_IN_FLIGHT = "runner.max-in-flight";
    public static final String RUNNER_ID = "runner.id";
    public static final String GROUP_ID = "runner.group-id";
    /** Properties starting with this prefix become {@link #clientOverrides()} (prefix removed). */
    public static final String CLIENT_OVERRIDE_PREFIX = "kafka.";

    public static final String DEFAULT_TOPIC_PREFIX = "tasker.";
    public static final int DEFAULT_MAX_IN_FLIGHT = 256;
    public static final String DEFAULT_GROUP_ID = "tasker-runner";

    private static final Pattern TOPIC_CHARS = Pattern.compile("[a-zA-Z0-9._-]*");

    /** Replaces {@code null} prefix, namespaces, runner id, group id and overrides with their defaults. */
    public RunnerConfig {
        topicPrefix = topicPrefix == null ? DEFAULT_TOPIC_PREFIX : topicPrefix;
        namespaces = namespaces == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(namespaces));
        runnerId = runnerId == null ? defaultRunnerId() : runnerId;
        groupId = groupId == null ? DEFAULT_GROUP_ID : groupId;
        clientOverrides = clientOverrides == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(clientOverrides));
    }

    /** A configuration with every default and the two required connection settings. */
    public static RunnerConfig of(String bootstrapServers, String schemaRegistryUrl) {
        return new RunnerConfig(bootstrapServers, schemaRegistryUrl, DEFAULT_TOPIC_PREFIX, Set.of(),
                defaultWorkerThreads(), DEFAULT_MAX_IN_FLIGHT, null, DEFAULT_GROUP_ID, Map.of());
    }

    /** Twice the number of available processors. */
    public static int defaultWorkerThreads() {
        return 2 * Runtime.getRuntime().availableProcessors();
    }

    /** {@code <hostname>-<pid>}; the host name comes from {@code HOSTNAME}/{@code COMPUTERNAME} or the local host. */
    public static String defaultRunnerId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            host = System.getenv("COMPUTERNAME");
        }
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException | RuntimeException e) {
                host = "localhost";
            }
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /**
     * Reads a configuration from flat properties. Missing keys take their defaults; the result is not validated.
     *
     * @param props the properties (keys listed on the record components); not {@code null}
     * @throws IllegalArgumentException if a numeric property is not an integer (the message names the key and value)
     */
    public static RunnerConfig fromProperties(Map<String, String> props) {
        Map<String, String> overrides = new LinkedHashMap<>();
        props.forEach((k, v) -> {
            if (k.startsWith(CLIENT_OVERRIDE_PREFIX) && k.length() > CLIENT_OVERRIDE_PREFIX.length()) {
                overrides.put(k.substring(CLIENT_OVERRIDE_PREFIX.length()), v);
            }
        });
        Set<String> namespaces = new LinkedHashSet<>();
        String ns = props.get(NAMESPACES);
        if (ns != null && !ns.isBlank()) {
            Arrays.stream(ns.split(",")).map(String::trim).forEach(namespaces::add);
        }
        return new RunnerConfig(
                props.get(BOOTSTRAP_SERVERS),
                props.get(SCHEMA_REGISTRY_URL),
                props.getOrDefault(TOPIC_PREFIX, DEFAULT_TOPIC_PREFIX),
                namespaces,
                intProperty(props, WORKER_THREADS, defaultWorkerThreads()),
                intProperty(props, MAX_IN_FLIGHT, DEFAULT_MAX_IN_FLIGHT),
                blankToNull(props.get(RUNNER_ID)),
                blankToNull(props.get(GROUP_ID)),
                overrides);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static int intProperty(Map<String, String> props, String key, int dflt) {
        String v = props.get(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, was '" + v + "'");
        }
    }

    /**
     * Every problem with this configuration, one line each naming the property key and the offending value, e.g.
     * {@code runner.worker-threads must be >= 1, was 0}.
     *
     * @return the problems; empty when the configuration is valid; unmodifiable
     */
    public List<String> errors() {
        List<String> errors = new ArrayList<>();
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            errors.add(BOOTSTRAP_SERVERS + " must be set, was " + quote(bootstrapServers));
        }
        if (schemaRegistryUrl == null || schemaRegistryUrl.isBlank()) {
            errors.add(SCHEMA_REGISTRY_URL + " must be set, was " + quote(schemaRegistryUrl));
        } else {
            String lower = schemaRegistryUrl.toLowerCase(Locale.ROOT);
            if (!(lower.startsWith("http://") || lower.startsWith("https://"))) {
                errors.add(SCHEMA_REGISTRY_URL + " must be an http:// or https:// URL, was " + quote(schemaRegistryUrl));
            }
        }
        if (!TOPIC_CHARS.matcher(topicPrefix).matches()) {
            errors.add(TOPIC_PREFIX + " may only contain letters, digits, '.', '_' and '-', was " + quote(topicPrefix));
        }
        for (String ns : namespaces) {
            if (ns == null || ns.isBlank() || !TOPIC_CHARS.matcher(ns).matches()) {
                errors.add(NAMESPACES + " entries must be non-empty and contain only letters, digits, '.', '_' and"
                        + " '-', was " + quote(ns));
            }
        }
        if (workerThreads < 1) {
            errors.add(WORKER_THREADS + " must be >= 1, was " + workerThreads);
        }
        if (maxInFlight < 1) {
            errors.add(MAX_IN_FLIGHT + " must be >= 1, was " + maxInFlight);
        }
        if (runnerId.isBlank()) {
            errors.add(RUNNER_ID + " must not be blank, was " + quote(runnerId));
        }
        if (groupId.isBlank()) {
            errors.add(GROUP_ID + " must not be blank, was " + quote(groupId));
        }
        return List.copyOf(errors);
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

    private static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }

    /** A copy with {@link #bootstrapServers()} replaced ({@code null} restores the default where there is one). */
    public RunnerConfig withBootstrapServers(String v) {
        return new RunnerConfig(v, schemaRegistryUrl, topicPrefix, namespaces, workerThreads, maxInFlight, runnerId,
                groupId, clientOverrides);
    }

    /** A copy with {@link #schemaRegistryUrl()} replaced ({@code null} restores the default where there is one). */
    public RunnerConfig withSchemaRegistryUrl(String v) {
        return new RunnerConfig(bootstrapServers, v, topicPrefix, namespaces, workerThreads, maxInFlight, runnerId,
                groupId, clientOverrides);
    }

    /** A copy with {@link #topicPrefix()} replaced ({@code null} restores the default where there is one). */
    public RunnerConfig withTopicPrefix(String v) {
        return new RunnerConfig(bootstrapServers, schemaRegistryUrl, v, namespaces, workerThreads, maxInFlight,
                runnerId, groupId, clientOverrides);
    }

    /** A copy with {@link #namespaces()} replaced ({@code null} restores the default where there is one). */
    public RunnerConfig withNamespaces(Set<String> v) {
        return new RunnerConfig(bootstrapServers, schemaRegistryUrl, topicPrefix, v, workerThreads, maxInFlight,
                runnerId, groupId, clientOverrides);
    }

    /** A copy with {@link #workerThreads()} replaced ({@code null} restores the default where there is one). */
    public RunnerConfig withWorkerThreads(int v) {
        return new RunnerConfig(bootstrapServers, schemaRegistryUrl, topicPrefix, namespaces, v, maxInFlight,
                runnerId, groupId, clientOverrides);
    }

    /** A copy with {@link #maxInFlight()} replaced ({@code null} restores the default where there is one). */
    public RunnerConfig withMaxInFlight(int v) {
        return new RunnerConfig(bootstrapServers, schemaRegistryUrl, topicPrefix, namespaces, workerThreads, v,
                runnerId, groupId, clientOverrides);
    }

    /** A copy with {@link #runnerId()} replaced ({@code null} restores the default where there is one). */
    public RunnerConfig withRunnerId(String v) {
        return new RunnerConfig(bootstrapServers, schemaRegistryUrl, topicPrefix, namespaces, workerThreads,
                maxInFlight, v, groupId, clientOverrides);
    }

    /** A copy with {@link #groupId()} replaced ({@code null} restores the default where there is one). */
    public RunnerConfig withGroupId(String v) {
        return new RunnerConfig(bootstrapServers, schemaRegistryUrl, topicPrefix, namespaces, workerThreads,
                maxInFlight, runnerId, v, clientOverrides);
    }

    /** A copy with {@link #clientOverrides()} replaced ({@code null} restores the default where there is one). */
    public RunnerConfig withClientOverrides(Map<String, String> v) {
        return new RunnerConfig(bootstrapServers, schemaRegistryUrl, topicPrefix, namespaces, workerThreads,
                maxInFlight, runnerId, groupId, v);
    }

    /** Like the record's string form, but values of client overrides that look like secrets are masked. */
    @Override
    public String toString() {
        Map<String, String> masked = new TreeMap<>();
        clientOverrides.forEach((k, v) -> {
            String lk = k.toLowerCase(Locale.ROOT);
            boolean secret = lk.contains("password") || lk.contains("secret") || lk.contains("jaas")
                    || lk.contains("token") || lk.contains("key");
            masked.put(k, secret && !lk.endsWith(".type") ? "******" : v);
        });
        return "RunnerConfig[bootstrapServers=" + bootstrapServers + ", schemaRegistryUrl=" + schemaRegistryUrl
                + ", topicPrefix=" + topicPrefix + ", namespaces=" + namespaces + ", workerThreads=" + workerThreads
                + ", maxInFlight=" + maxInFlight + ", runnerId=" + runnerId + ", groupId=" + groupId
                + ", clientOverrides=" + masked + "]";
    }
}
