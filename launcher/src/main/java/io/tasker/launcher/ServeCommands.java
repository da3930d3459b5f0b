package io.tasker.launcher;

import io.tasker.examples.Examples;
import io.tasker.runner.RunnerConfig;
import io.tasker.runner.StepRunner;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateLoader;
import io.tasker.topology.TaskerTopologyApp;
import io.tasker.topology.TopologyConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Standalone processes for a real deployment (and for tests that kill one): one topology instance, or one runner. */
final class ServeCommands {
    private ServeCommands() {
    }

    abstract static class Common implements Callable<Integer> {
        @Option(names = "--bootstrap-servers", required = true, description = "Kafka brokers.")
        String bootstrapServers;
        @Option(names = "--schema-registry-url", required = true, description = "Confluent-compatible schema registry.")
        String schemaRegistryUrl;
        @Option(names = "--topic-prefix", defaultValue = "tasker.", description = "Default: ${DEFAULT-VALUE}")
        String topicPrefix;
        @picocli.CommandLine.Mixin
        LogFormatOption logFormat = new LogFormatOption();
        @picocli.CommandLine.Mixin
        OtelOptions otel = new OtelOptions();
        @picocli.CommandLine.Mixin
        io.tasker.launcher.cli.KafkaOptions kafkaOptions = new io.tasker.launcher.cli.KafkaOptions();
        @picocli.CommandLine.Mixin
        io.tasker.launcher.cli.RegistryClientOptions registryOptions = new io.tasker.launcher.cli.RegistryClientOptions();
        @Option(names = "--redaction", paramLabel = "KEY=VALUE", description = "A redaction setting without its "
                + "'redaction.' prefix, repeatable: keys=password,pin  paths=card.number  key.patterns=/token/i  "
                + "value.patterns=/sk_live_\\w+/  mask=XXX  defaults=false")
        Map<String, String> redaction = new java.util.LinkedHashMap<>();

        /** The {@code redaction.*} properties of the {@code --redaction} options. */
        Map<String, String> redactionProperties() {
            Map<String, String> props = new java.util.LinkedHashMap<>();
            redaction.forEach((k, v) -> props.put("redaction." + k, v));
            return props;
        }

        /** The rules of the {@code --redaction} options (the defaults plus them). */
        io.tasker.schemas.redaction.RedactionConfig redactionConfig() {
            return io.tasker.schemas.redaction.RedactionConfig.fromProperties(redactionProperties());
        }

        /** Applies the log format and makes the redaction rules those of every log line; the command calls it first. */
        java.io.PrintStream startLogging() {
            java.io.PrintStream out = statusOut(logFormat.apply());
            io.tasker.launcher.logging.LogRedaction.install(redactionConfig());
            return out;
        }

        /** Where the command's own status lines go: stderr with JSON logs, so stdout carries only JSON lines. */
        static java.io.PrintStream statusOut(LogFormat format) {
            return format == LogFormat.JSON ? System.err : System.out;
        }

        /** Runs until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes {@code service}. */
        static int serveUntilStopped(AutoCloseable service, String what) throws InterruptedException {
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    service.close();
                } catch (Exception e) {
                    System.err.println("error stopping " + what + ": " + e);
                }
                stopped.countDown();
            }, "tasker-" + what + "-shutdown"));
            stopped.await();
            return 0;
        }
    }

    @Command(name = "topology", mixinStandardHelpOptions = true,
            description = "Run one topology instance (Kafka Streams + HTTP API) until stopped. Topics must exist (see `tasker dev`).")
    static final class Topology extends Common {
        @Option(names = "--application-id", defaultValue = "tasker-topology", description = "Default: ${DEFAULT-VALUE}")
        String applicationId;
        @Option(names = "--state-dir", required = true, description = "RocksDB state directory of this instance.")
        Path stateDir;
        @Option(names = "--http-port", defaultValue = "8080", description = "Default: ${DEFAULT-VALUE} (0 = free port)")
        int httpPort;
        @Option(names = "--commit-interval-ms", defaultValue = "100", description = "How often the exactly-once "
                + "transaction commits; a read_committed runner sees a step command only then. Default: ${DEFAULT-VALUE}")
        long commitIntervalMs;
        @Option(names = "--producer-linger-ms", defaultValue = "" + TopologyConfig.DEFAULT_PRODUCER_LINGER_MS, description = "linger.ms of the Kafka Streams producer. Default: ${DEFAULT-VALUE}")
        long producerLingerMs;
        @Option(names = "--eager-commit-min-interval-ms", defaultValue = "" + TopologyConfig.DEFAULT_EAGER_COMMIT_MIN_INTERVAL_MS,
                description = "Commit right after a record that dispatched a step or finished a task, at most this often "
                + "per stream thread and only while the topology keeps up; 0 = only every commit interval. Default: ${DEFAULT-VALUE}")
        long eagerCommitMinIntervalMs;
        @Option(names = "--instance-id", description = "Stable id of this instance (static group membership): a restarted "
                + "instance with the same id gets its partitions back at once instead of after the session timeout.")
        String instanceId;
        @Option(names = "--task-retention-ms", defaultValue = "604800000", description = "How long finished tasks are kept "
                + "before they are deleted with their index entries; 0 = forever. Default: ${DEFAULT-VALUE} (7 days)")
        long retentionMs;
        @Option(names = "--registry-stale-after-ms", defaultValue = "90000", description = "A runner or subscriber not seen "
                + "for this long is listed as stale by /v1/runners and /v1/subscribers. Default: ${DEFAULT-VALUE}")
        long registryStaleAfterMs;
        @Option(names = "--rocksdb-block-cache-mb", defaultValue = "" + io.tasker.topology.RocksDbMemory.DEFAULT_BLOCK_CACHE_MB,
                description = "One block cache (MiB) shared by every RocksDB store of this process, memtables charged to it: "
                        + "bounds RocksDB's native memory; 0 = Kafka Streams' per-store defaults (unbounded). Default: ${DEFAULT-VALUE}")
        long rocksDbBlockCacheMb;
        @Option(names = "--rocksdb-write-buffer-mb", defaultValue = "" + io.tasker.topology.RocksDbMemory.DEFAULT_WRITE_BUFFER_MB,
                description = "Part of that cache (MiB) the memtables of all stores may use. Default: ${DEFAULT-VALUE}")
        long rocksDbWriteBufferMb;
        @picocli.CommandLine.Mixin
        HttpApiOptions httpApi = new HttpApiOptions();

        TopologyConfig config() {
            return httpApi.applyTo(TopologyConfig.builder())
                    .bootstrapServers(bootstrapServers).schemaRegistryUrl(schemaRegistryUrl).topicPrefix(topicPrefix)
                    .applicationId(applicationId).stateDir(stateDir).httpPort(httpPort).commitIntervalMs(commitIntervalMs)
                    .producerLingerMs(producerLingerMs).eagerCommitMinIntervalMs(eagerCommitMinIntervalMs).instanceId(instanceId).retentionMs(retentionMs).registryStaleAfterMs(registryStaleAfterMs)
                    .rocksDb(new io.tasker.topology.RocksDbMemory(rocksDbBlockCacheMb, rocksDbWriteBufferMb))
                    .streamsOverrides(kafkaOptions.settings().toProperties(""))
                    .registryClient(registryOptions.settings())
                    .redaction(redactionConfig()).build();
        }

        @Override
        public Integer call() throws Exception {
            java.io.PrintStream out = startLogging();
            TopologyConfig config = config(); // refuses a required authentication nothing can check, before anything starts
            // OTLP export when an endpoint is given; /v1/stats and /metrics read the instruments either way
            var telemetry = io.tasker.telemetry.TaskerTelemetry.create(otel.serveConfig("tasker-topology", System.getenv()));
            TaskerTopologyApp app = TaskerTopologyApp.start(config, telemetry, java.util.function.UnaryOperator.identity());
            out.println("topology instance serving " + app.url() + " (HTTP API authentication: " + config.httpAuth().describe() + ")");
            return serveUntilStopped(() -> {
                app.close();
                telemetry.close(); // after the app: flushes the spans and metrics its last records made
            }, "topology");
        }
    }

    @Command(name = "runner", mixinStandardHelpOptions = true,
            description = "Run a step runner with the example handlers until stopped; registers the example templates and any --template files.")
    static final class Runner extends Common {
        @Option(names = "--group-id", defaultValue = "tasker-runner", description = "Default: ${DEFAULT-VALUE}")
        String groupId;
        @Option(names = "--template", description = "Extra template YAML files to register.")
        List<Path> templateFiles = new ArrayList<>();
        @Option(names = "--worker-threads", defaultValue = "8", description = "Default: ${DEFAULT-VALUE}")
        int workerThreads;
        @Option(names = "--http-port", defaultValue = "-1",
                description = "Port of GET /health, GET /v1/stats (JSON counters) and GET /metrics (Prometheus). Default: ${DEFAULT-VALUE} (off); 0 = a free port")
        int httpPort;
        @Option(names = "--http-host", defaultValue = "0.0.0.0", description = "Default: ${DEFAULT-VALUE}")
        String httpHost;
        @Option(names = "--topic-partitions",
                description = "Partitions of the step-command topics the runner creates for new namespaces. Default: the broker's num.partitions")
        Integer topicPartitions;
        @Option(names = "--topic-replication-factor",
                description = "Replication factor of the step-command topics the runner creates. Default: the broker's default.replication.factor")
        Integer topicReplicationFactor;
        @Option(names = "--announce-interval-ms", defaultValue = "30000",
                description = "How often the runner announces itself on the registry topic (GET /v1/runners). Default: ${DEFAULT-VALUE}")
        long announceIntervalMs;
        @Option(names = "--in-progress-after-ms", defaultValue = "1000",
                description = "Report an attempt in progress (step.started, step state in_progress) once its handler has run this long; 0 = never. Default: ${DEFAULT-VALUE}")
        long inProgressAfterMs;
        @Option(names = "--read-uncommitted-commands", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Read step commands before the topology's transaction commits (faster hops; an aborted "
                + "transaction can make a handler run an attempt once more, whose result is then dropped as a stale dispatch). "
                + "--no-read-uncommitted-commands waits for the commit. Default: on")
        boolean readUncommittedCommands;
        @Option(names = "--result-linger-ms", defaultValue = "0", description = "linger.ms of the result producer. Default: ${DEFAULT-VALUE}")
        long resultLingerMs;

        @Override
        public Integer call() throws Exception {
            java.io.PrintStream out = startLogging();
            List<TaskTemplate> templates = new ArrayList<>(Examples.templates(null));
            TemplateLoader loader = new TemplateLoader(null);
            templateFiles.forEach(f -> templates.add(loader.load(f)));
            TreeSet<String> namespaces = new TreeSet<>();
            templates.forEach(t -> namespaces.add(t.namespace()));
            RunnerConfig config = config(namespaces);
            // OTLP export when an endpoint is given; /metrics and /v1/stats serve the instruments either way
            var telemetry = io.tasker.telemetry.TaskerTelemetry.create(otel.serveConfig("tasker-runner", System.getenv()));
            StepRunner runner = new StepRunner(config, Examples.handlers(), templates, telemetry).start();
            out.println("step runner serving namespaces " + namespaces);
            runner.httpPort().ifPresent(p -> out.println("step runner health: http://" + httpHost + ":" + p
                    + "/health, metrics: /metrics (Prometheus), /v1/stats (JSON)"));
            return serveUntilStopped(() -> {
                runner.close();
                telemetry.close();
            }, "runner");
        }

        RunnerConfig config(Set<String> namespaces) {
            Map<String, String> props = new java.util.HashMap<>(Map.of(
                    "bootstrap.servers", bootstrapServers, "schema.registry.url", schemaRegistryUrl,
                    "tasker.topic.prefix", topicPrefix, "runner.namespaces", String.join(",", namespaces),
                    "runner.worker-threads", Integer.toString(workerThreads), "runner.group-id", groupId));
            props.putAll(kafkaOptions.settings().toProperties(RunnerConfig.CLIENT_OVERRIDE_PREFIX));
            props.putAll(registryOptions.settings().toProperties());
            props.putAll(redactionProperties());
            props.put(RunnerConfig.HTTP_PORT, Integer.toString(httpPort));
            props.put(RunnerConfig.HTTP_HOST, httpHost);
            props.put(RunnerConfig.ANNOUNCE_INTERVAL_MS, Long.toString(announceIntervalMs));
            props.put(RunnerConfig.IN_PROGRESS_AFTER_MS, Long.toString(inProgressAfterMs));
            props.put(RunnerConfig.READ_UNCOMMITTED_COMMANDS, Boolean.toString(readUncommittedCommands));
            props.put(RunnerConfig.RESULT_LINGER_MS, Long.toString(resultLingerMs));
            if (topicPartitions != null) props.put(RunnerConfig.TOPIC_PARTITIONS, topicPartitions.toString());
            if (topicReplicationFactor != null) props.put(RunnerConfig.TOPIC_REPLICATION_FACTOR, topicReplicationFactor.toString());
            return RunnerConfig.fromProperties(props);
        }
    }
}
