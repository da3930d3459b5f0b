package io.tasker.launcher;

import io.tasker.infra.EmbeddedKafka;
import io.tasker.infra.SchemaRegistryProcess;
import io.tasker.infra.TopicProvisioner;
import io.tasker.kafka.KafkaPreflight;
import io.tasker.runner.HandlerRegistry;
import io.tasker.runner.RunnerConfig;
import io.tasker.runner.StepRunner;
import io.tasker.schemas.TaskerTopics;
import io.tasker.telemetry.TaskerTelemetry;
import io.tasker.telemetry.TelemetryConfig;
import io.tasker.templates.TaskTemplate;
import io.tasker.topology.TaskerTopologyApp;
import io.tasker.topology.TopologyConfig;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A whole platform on one machine: broker (embedded unless given), schema registry (child process unless
 * given), topics, one step runner and N topology instances. Used by {@code tasker dev}, {@code tasker bench}
 * and the end-to-end tests. Closing stops everything it started, in reverse order.
 */
public final class Platform implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Platform.class);

    /**
     * @param bootstrapServers existing cluster, or null to start an embedded broker
     * @param schemaRegistryUrl existing registry, or null to start Apicurio as a child process
     * @param dataDir embedded broker and state directory root; null = temporary
     * @param httpPort port of the first topology instance (0 = free); further instances take free ports
     */
    public record Options(String bootstrapServers, String schemaRegistryUrl, Path dataDir, String topicPrefix,
                          String applicationId, int partitions, short replication, int topologyInstances, int httpPort,
                          long commitIntervalMs, int runnerThreads) {
        public static Options dev() {
            return new Options(null, null, null, TaskerTopics.DEFAULT_PREFIX, "tasker-topology", 6, (short) 1, 1, 8080, 100, 8);
        }

        public Options withBootstrap(String v) { return new Options(v, schemaRegistryUrl, dataDir, topicPrefix, applicationId, partitions, replication, topologyInstances, httpPort, commitIntervalMs, runnerThreads); }
        public Options withRegistry(String v) { return new Options(bootstrapServers, v, dataDir, topicPrefix, applicationId, partitions, replication, topologyInstances, httpPort, commitIntervalMs, runnerThreads); }
        public Options withDataDir(Path v) { return new Options(bootstrapServers, schemaRegistryUrl, v, topicPrefix, applicationId, partitions, replication, topologyInstances, httpPort, commitIntervalMs, runnerThreads); }
        public Options withTopicPrefix(String v) { return new Options(bootstrapServers, schemaRegistryUrl, dataDir, v, applicationId, partitions, replication, topologyInstances, httpPort, commitIntervalMs, runnerThreads); }
        public Options withApplicationId(String v) { return new Options(bootstrapServers, schemaRegistryUrl, dataDir, topicPrefix, v, partitions, replication, topologyInstances, httpPort, commitIntervalMs, runnerThreads); }
        public Options withPartitions(int v) { return new Options(bootstrapServers, schemaRegistryUrl, dataDir, topicPrefix, applicationId, v, replication, topologyInstances, httpPort, commitIntervalMs, runnerThreads); }
        public Options withTopologyInstances(int v) { return new Options(bootstrapServers, schemaRegistryUrl, dataDir, topicPrefix, applicationId, partitions, replication, v, httpPort, commitIntervalMs, runnerThreads); }
        public Options withHttpPort(int v) { return new Options(bootstrapServers, schemaRegistryUrl, dataDir, topicPrefix, applicationId, partitions, replication, topologyInstances, v, commitIntervalMs, runnerThreads); }
        public Options withCommitIntervalMs(long v) { return new Options(bootstrapServers, schemaRegistryUrl, dataDir, topicPrefix, applicationId, partitions, replication, topologyInstances, httpPort, v, runnerThreads); }
        public Options withRunnerThreads(int v) { return new Options(bootstrapServers, schemaRegistryUrl, dataDir, topicPrefix, applicationId, partitions, replication, topologyInstances, httpPort, commitIntervalMs, v); }
    }

    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<TaskerTopologyApp> topologies = new ArrayList<>();
    private final Options options;
    private final String bootstrapServers;
    private final String schemaRegistryUrl;
    private final ClientSettings clients;
    private StepRunner runner;
    /** How each component traces and exports, by service name; off unless a command sets it (--otel, bench modes). */
    private java.util.function.Function<String, TaskerTelemetry> telemetryFactory = TaskerTelemetry::off;
    /** Extra configuration keys of the components started from now on (runner and topology keys, e.g. hop settings). */
    private Map<String, String> settings = Map.of();
    /** When set, the topology instances started from now on require tokens of this static tokens file. */
    private Path apiTokensFile;

    private Platform(Options options, String bootstrapServers, String schemaRegistryUrl, ClientSettings clients) {
        this.options = options;
        this.bootstrapServers = bootstrapServers;
        this.schemaRegistryUrl = schemaRegistryUrl;
        this.clients = clients;
    }

    /** Starts broker and registry if needed and provisions the topics for the given templates' namespaces. */
    public static Platform infrastructure(Options options, List<TaskTemplate> templates) {
        return infrastructure(options, templates, ClientSettings.NONE);
    }

    /**
     * Like {@link #infrastructure(Options, List)}, every client of the platform (topics, runner, topology instances,
     * the command's own clients) connecting with {@code clients}; an external cluster is checked first
     * ({@link KafkaPreflight}).
     */
    static Platform infrastructure(Options options, List<TaskTemplate> templates, ClientSettings clients) {
        List<AutoCloseable> startedHere = new ArrayList<>();
        try {
            String bootstrap = options.bootstrapServers();
            if (bootstrap != null) {
                KafkaPreflight.check("tasker", bootstrap, clients.kafka());
            } else {
                Path kafkaDir = options.dataDir() == null ? null : options.dataDir().resolve("kafka");
                EmbeddedKafka kafka = EmbeddedKafka.start(new EmbeddedKafka.Options(kafkaDir, 0, 0, Map.of()));
                startedHere.add(kafka);
                bootstrap = kafka.bootstrapServers();
            }
            String registryUrl = options.schemaRegistryUrl();
            if (registryUrl == null) {
                SchemaRegistryProcess registry = SchemaRegistryProcess.start(0,
                        options.dataDir() == null ? null : options.dataDir().resolve("schema-registry"));
                startedHere.add(registry);
                registryUrl = registry.confluentUrl();
            }
            Platform p = new Platform(options, bootstrap, registryUrl, clients);
            p.started.addAll(startedHere);
            p.provisionTopics(templates);
            return p;
        } catch (RuntimeException e) {
            Collections.reverse(startedHere);
            startedHere.forEach(Platform::closeQuietly);
            throw e;
        }
    }

    /**
     * Configuration keys for the components started from now on: keys of {@code RunnerConfig} go to the runner, keys
     * of {@code TopologyConfig} to every topology instance (e.g. {@code runner.read-uncommitted-commands},
     * {@code topology.commit-interval-ms}); the keys the platform sets itself (connection, prefix, ids) win.
     */
    public Platform withSettings(Map<String, String> settings) {
        this.settings = Map.copyOf(settings);
        return this;
    }

    /**
     * Makes the topology instances started from now on require bearer tokens, checked against the static API tokens of
     * {@code tokensFile} ({@code http.auth=required}); clients then send a token of that file.
     */
    public Platform withApiTokens(Path tokensFile) {
        this.apiTokensFile = tokensFile;
        return this;
    }

    /** The telemetry set-up of the components started from now on ({@code tasker-topology}, {@code tasker-runner}). */
    public Platform withTelemetry(java.util.function.Function<String, TelemetryConfig> configs) {
        java.util.Objects.requireNonNull(configs);
        return withTelemetryFactory(service -> TaskerTelemetry.create(configs.apply(service)));
    }

    /** Like {@link #withTelemetry}, the telemetry made by {@code factory} (tests: {@code TaskerTelemetry.forTesting}). */
    public Platform withTelemetryFactory(java.util.function.Function<String, TaskerTelemetry> factory) {
        this.telemetryFactory = java.util.Objects.requireNonNull(factory);
        return this;
    }

    /** A component's telemetry; closed (flushing what is batched) after the component, when the platform closes. */
    private TaskerTelemetry telemetry(String serviceName) {
        TaskerTelemetry t = telemetryFactory.apply(serviceName);
        started.add(t);
        return t;
    }

    public void provisionTopics(List<TaskTemplate> templates) {
        Set<String> namespaces = new TreeSet<>();
        templates.forEach(t -> namespaces.add(t.namespace()));
        try (Admin admin = Admin.create(clients.kafka().admin(bootstrapServers))) {
            new TopicProvisioner(admin).ensure(PlatformTopics.specs(topics(), options.partitions(), options.replication(), namespaces));
        }
    }

    /** Starts a step runner hosting these handlers; it registers the templates before consuming. */
    public StepRunner startRunner(HandlerRegistry handlers, List<TaskTemplate> templates) {
        return startRunner(handlers, templates, telemetry("tasker-runner"));
    }

    /** Like {@link #startRunner(HandlerRegistry, List)}, with this telemetry instead of one made by {@link #withTelemetry}; the caller closes it. */
    public StepRunner startRunner(HandlerRegistry handlers, List<TaskTemplate> templates,
                                  io.tasker.telemetry.TaskerTelemetry telemetry) {
        Set<String> namespaces = new TreeSet<>();
        templates.forEach(t -> namespaces.add(t.namespace()));
        Map<String, String> props = new java.util.HashMap<>(settings);
        props.putAll(clients.properties(RunnerConfig.CLIENT_OVERRIDE_PREFIX));
        props.putAll(Map.of(
                "bootstrap.servers", bootstrapServers,
                "schema.registry.url", schemaRegistryUrl,
                "tasker.topic.prefix", options.topicPrefix(),
                "runner.namespaces", String.join(",", namespaces),
                "runner.worker-threads", Integer.toString(options.runnerThreads()),
                "runner.group-id", options.applicationId() + "-runner"));
        RunnerConfig config = RunnerConfig.fromProperties(props);
        StepRunner r = new StepRunner(config, handlers, templates, telemetry);
        r.start();
        started.add(r);
        runner = r;
        return r;
    }

    /** Starts one more topology instance (same application id: they share the tasks). */
    public TaskerTopologyApp startTopology() {
        return startTopology(java.util.function.UnaryOperator.identity());
    }

    /** Starts one more topology instance whose parts are adjusted first (fault tests inject a failing engine). */
    public TaskerTopologyApp startTopology(java.util.function.UnaryOperator<io.tasker.topology.TaskerTopology.Parts> customize) {
        int index = topologies.size();
        Path stateRoot = options.dataDir() == null
                ? Path.of(System.getProperty("java.io.tmpdir"), "tasker-streams-" + ProcessHandle.current().pid())
                : options.dataDir().resolve("streams");
        Map<String, String> props = new java.util.HashMap<>();
        props.put(TopologyConfig.COMMIT_INTERVAL_MS, Long.toString(options.commitIntervalMs()));
        props.putAll(settings);
        props.putAll(clients.properties(TopologyConfig.KAFKA_PREFIX));
        if (apiTokensFile != null) {
            props.put(io.tasker.topology.HttpAuthConfig.MODE, "required");
            props.put(io.tasker.topology.HttpAuthConfig.TOKENS_FILE, apiTokensFile.toString());
        }
        props.putAll(Map.of(
                "bootstrap.servers", bootstrapServers,
                "schema.registry.url", schemaRegistryUrl,
                "tasker.topic.prefix", options.topicPrefix(),
                "topology.application-id", options.applicationId(),
                "topology.state-dir", stateRoot.resolve(options.applicationId() + "-" + index).toString(),
                "http.port", Integer.toString(index == 0 ? options.httpPort() : 0),
                "topology.instance-id", options.applicationId() + "-" + index));
        TopologyConfig config = TopologyConfig.fromProperties(props);
        TaskerTopologyApp app = TaskerTopologyApp.start(config, telemetry("tasker-topology"), customize);
        topologies.add(app);
        started.add(app);
        return app;
    }

    public List<TaskerTopologyApp> topologies() {
        return List.copyOf(topologies);
    }

    public StepRunner runner() {
        return runner;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String schemaRegistryUrl() {
        return schemaRegistryUrl;
    }

    /** How the platform's clients connect; the command's own clients use them too. */
    ClientSettings clients() {
        return clients;
    }

    public TaskerTopics topics() {
        return new TaskerTopics(options.topicPrefix());
    }

    public Options options() {
        return options;
    }

    /** Stops one topology instance (e.g. to test failover) without stopping the rest. */
    public void stopTopology(TaskerTopologyApp app) {
        topologies.remove(app);
        started.remove(app);
        app.close();
    }

    @Override
    public void close() {
        List<AutoCloseable> reverse = new ArrayList<>(started);
        Collections.reverse(reverse);
        reverse.forEach(Platform::closeQuietly);
        started.clear();
        topologies.clear();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            log.warn("error while stopping {}: {}", c.getClass().getSimpleName(), e.toString());
        }
    }
}
