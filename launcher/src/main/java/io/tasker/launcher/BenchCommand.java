package io.tasker.launcher;

import io.tasker.infra.EmbeddedKafka;
import io.tasker.telemetry.TaskerTelemetry;
import io.tasker.telemetry.TelemetryConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * {@code tasker bench}: runs a workflow (a demo template, or any template file, optionally with no-op handlers) on a
 * fresh platform, in a burst or paced, and reports tasks/s, steps/s, request-to-completion latency, per-hop latency,
 * RSS and CPU ({@link BenchReport}). A measurement tool, not a test. {@link BenchLoad} drives the run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = SubscriberBench.class,
        description = "Measure throughput and latency of a workflow (the demo, or any template file) on an embedded (or given) platform.")
public final class BenchCommand implements Callable<Integer> {
    static final String DEFAULT_TEMPLATE = "order_fulfillment";

    @Option(names = "--tasks", defaultValue = "2000", description = "Tasks to submit (unless --duration). Default: ${DEFAULT-VALUE}")
    int tasks;
    @Option(names = "--rate", defaultValue = "0",
            description = "Submit at most this many tasks per second (0 = as fast as the producer accepts). "
                    + "A burst measures throughput; a paced run measures latency without queueing. Default: ${DEFAULT-VALUE}")
    int rate;
    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "0",
            description = "Sustained run: submit --rate tasks/s for this many seconds instead of --tasks. Default: ${DEFAULT-VALUE} (off)")
    int durationSeconds;
    @Option(names = "--warmup", paramLabel = "SECONDS",
            description = "Paced runs: submit at --rate for this many seconds before the measured tasks; the warm-up's tasks are run and "
                    + "checked for completion but reported apart (count, p50, max), not in the latency percentiles. "
                    + "Default: " + BenchPacing.DEFAULT_PACED_WARMUP_SECONDS + " for a paced run, 0 for a burst")
    Integer warmupSeconds;
    @Option(names = "--warmup-tasks", paramLabel = "N", defaultValue = "0",
            description = "Bursts: first submit a burst of N tasks and wait until every one ended (at most --timeout-seconds), then "
                    + "the measured --tasks burst; tasks/s, steps/s, latencies, step cycles, topology histograms and CPU cover the "
                    + "measured burst only (a long-running deployment's JIT is warm). Paced runs use --warmup. Default: ${DEFAULT-VALUE}")
    int warmupBurstTasks;
    @Option(names = "--template", description = "Demo template to run. Default: " + DEFAULT_TEMPLATE)
    String template;
    @Option(names = "--template-file", paramLabel = "FILE.yaml",
            description = "Run this template instead of a demo one (its namespace's topics are provisioned); its handlers must be "
                    + "among the examples' handlers unless --noop-handlers.")
    Path templateFile;
    @Option(names = "--noop-handlers", description = "Replace every handler of the template with a no-op that returns an empty success result.")
    boolean noopHandlers;
    @Option(names = "--context-file", paramLabel = "FILE.json",
            description = "The context of every task. Default: the demo's sample orders, or for --template-file {} (or the smallest context its input_schema accepts).")
    Path contextFile;
    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, or json: one flat JSON object on one line (other lines go to stderr). Default: ${DEFAULT-VALUE}")
    String output;
    @Option(names = "--partitions", defaultValue = "6", description = "Partitions per topic. Default: ${DEFAULT-VALUE}")
    int partitions;
    @Option(names = "--commit-interval-ms", defaultValue = "100", description = "Kafka Streams commit interval. Default: ${DEFAULT-VALUE}")
    long commitIntervalMs;
    @Option(names = "--instances", defaultValue = "1", description = "Topology instances. Default: ${DEFAULT-VALUE}")
    int instances;
    @Option(names = "--runner-threads", defaultValue = "8", description = "Step runner worker threads. Default: ${DEFAULT-VALUE}")
    int runnerThreads;
    @Option(names = "--timeout-seconds", defaultValue = "600", description = "How long to wait after the last request for every task to end. Default: ${DEFAULT-VALUE}")
    int timeoutSeconds;
    @Mixin
    ClusterOptions cluster;
    @Mixin
    io.tasker.launcher.cli.KafkaOptions kafkaOptions = new io.tasker.launcher.cli.KafkaOptions();
    @Mixin
    io.tasker.launcher.cli.RegistryClientOptions registryOptions = new io.tasker.launcher.cli.RegistryClientOptions();
    @Mixin
    OtelOptions otel = new OtelOptions();
    @Option(names = "--otel-sink", description = "Export traces and metrics by OTLP/HTTP to an in-process receiver that counts and drops them (measures the export cost without a collector on the same cores).")
    boolean otelSink;
    @Option(names = "--subscriber", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Run a no-op SDK subscriber on order.created (when the template publishes it) and report recorded -> handler invoked latency. Default: ${DEFAULT-VALUE}")
    boolean subscriber;
    @Option(names = "--subscriber-config", paramLabel = "KEY=VALUE",
            description = "A subscriber config key for that subscriber (e.g. kafka.fetch.max.wait.ms=100); repeatable. Default: the SDK's defaults")
    Map<String, String> subscriberConfig = new HashMap<>();
    @Spec
    CommandSpec spec;
    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A runner or topology config key for the platform under test (e.g. runner.read-uncommitted-commands=true, topology.producer-linger-ms=0); repeatable")
    Map<String, String> settings = new HashMap<>();

    @Override
    public Integer call() throws Exception {
        boolean json = switch (output) {
            case "text" -> false;
            case "json" -> true;
            default -> throw new IllegalArgumentException("--output: expected text or json but was '" + output + "'");
        };
        BenchPacing pacing = BenchPacing.of(tasks, rate, durationSeconds, warmupSeconds, warmupBurstTasks);
        if (templateFile != null && template != null) throw new IllegalArgumentException("--template and --template-file exclude each other");
        BenchWorkload workload = templateFile != null ? BenchWorkload.fromFile(templateFile, noopHandlers, contextFile)
                : BenchWorkload.demo(template == null ? DEFAULT_TEMPLATE : template, noopHandlers, contextFile);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter info = json ? spec.commandLine().getErr() : out;
        Path dataDir = Files.createTempDirectory("tasker-bench-");
        String runId = UUID.randomUUID().toString().substring(0, 8);
        Platform.Options options = cluster.applyTo(Platform.Options.dev()).withDataDir(dataDir)
                .withPartitions(partitions).withCommitIntervalMs(commitIntervalMs).withHttpPort(0)
                .withRunnerThreads(runnerThreads)
                .withTopicPrefix("bench-" + runId + ".").withApplicationId("tasker-bench-" + runId);
        OtlpSink sink = otelSink ? OtlpSink.start() : null;
        List<TaskerTelemetry> topologyTelemetry = new CopyOnWriteArrayList<>();
        try (sink; Platform platform = Platform.infrastructure(options, workload.templates(),
                new ClientSettings(kafkaOptions.settings(), registryOptions.settings()))) {
            platform.withSettings(settings);
            Function<String, TelemetryConfig> configs = sink == null ? otel::config : service -> otel.config(service, sink.endpoint());
            platform.withTelemetryFactory(service -> {
                TaskerTelemetry t = TaskerTelemetry.create(configs.apply(service));
                if (service.equals("tasker-topology")) topologyTelemetry.add(t); // its hop histograms are read after the run
                return t;
            });
            platform.startRunner(workload.handlers(), workload.templates());
            for (int i = 0; i < instances; i++) platform.startTopology();
            boolean withSubscriber = subscriber && !workload.noop() && workload.publishesDurably(BenchEvents.EVENT_NAME);
            // started with the topology so that joining its group overlaps the topology's start-up
            SubscriberLatency handled = withSubscriber ? new SubscriberLatency(platform, workload.template().namespace(),
                    BenchEvents.EVENT_NAME, "bench-subscriber-" + runId, subscriberConfig) : null;
            BenchReport report;
            EventLatency events = new EventLatency(platform, workload.template().namespace());
            try (handled; events) {
                awaitReady(platform, workload.template().name());
                if (handled != null) handled.awaitReady(platform);
                BenchLoad.Result r;
                ProcessUsage.Snapshot usage;
                // the histograms are cumulative: what the measured part recorded is the difference from its start
                StepHistograms.Snapshot[] before = {StepHistograms.Snapshot.EMPTY, StepHistograms.Snapshot.EMPTY};
                try (ProcessUsage process = ProcessUsage.start()) {
                    r = new BenchLoad(platform, workload, pacing).run(Duration.ofSeconds(timeoutSeconds), () -> {
                        if (!pacing.warmupBurstFirst()) return;
                        before[0] = StepHistograms.snapshot(topologyTelemetry, StepHistograms.HOP);
                        before[1] = StepHistograms.snapshot(topologyTelemetry, StepHistograms.QUEUE);
                        process.restartCpu();
                    }, process::stopCpu);
                    usage = process.snapshot();
                }
                report = new BenchReport(new BenchReport.Settings(workload.template().name(), workload.stepsPerTask(), workload.noop(),
                        pacing, partitions, commitIntervalMs, instances, runnerThreads), r,
                        StepHistograms.snapshot(topologyTelemetry, StepHistograms.HOP).since(before[0]).summary(),
                        StepHistograms.snapshot(topologyTelemetry, StepHistograms.QUEUE).since(before[1]).summary(), usage);
                out.println(json ? report.json() : report.text());
                events.drain();
                if (events.count() > 0) info.println(events.report());
                if (handled != null) {
                    handled.drain(events);
                    info.println(handled.report(events));
                }
            }
            if (sink != null) {
                platform.close(); // flushes what the exporters still batch
                info.printf("OTLP sink received: traces %s, metrics %s%n", sink.received("traces"), sink.received("metrics"));
            }
            BenchLoad.WarmupBurst w = report.load().warmupBurst();
            return report.load().completed() == report.load().submitted() && w.completed() == w.tasks() ? 0 : 1;
        } finally {
            EmbeddedKafka.deleteRecursively(dataDir); // a benchmark's broker data is of no use afterwards
        }
    }

    private static void awaitReady(Platform platform, String templateName) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        for (var app : platform.topologies()) {
            TaskerClient c = new TaskerClient(app.url());
            while (!(app.isRunning() && c.get("/v1/templates").body().toString().contains(templateName))) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("platform not ready in 120 s");
                Thread.sleep(100);
            }
        }
    }
}
