package io.tasker.launcher;

import io.tasker.avro.LifecycleEvent;
import io.tasker.schemas.LifecycleEventNames;
import io.tasker.avro.TaskRequest;
import io.tasker.examples.Examples;
import io.tasker.infra.EmbeddedKafka;
import io.tasker.schemas.SchemaRegistryClient;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.templates.TaskTemplate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code tasker bench}: submits N demo tasks as fast as the platform accepts them and reports tasks/s,
 * steps/s and request-to-completion latency percentiles. A measurement tool, not a test.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = SubscriberBench.class,
        description = "Measure throughput and latency of the demo workflow on an embedded (or given) platform.")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--tasks", defaultValue = "2000", description = "Tasks to submit. Default: ${DEFAULT-VALUE}")
    int tasks;
    @Option(names = "--partitions", defaultValue = "6", description = "Partitions per topic. Default: ${DEFAULT-VALUE}")
    int partitions;
    @Option(names = "--commit-interval-ms", defaultValue = "100", description = "Kafka Streams commit interval. Default: ${DEFAULT-VALUE}")
    long commitIntervalMs;
    @Option(names = "--instances", defaultValue = "1", description = "Topology instances. Default: ${DEFAULT-VALUE}")
    int instances;
    @Option(names = "--runner-threads", defaultValue = "8", description = "Step runner worker threads. Default: ${DEFAULT-VALUE}")
    int runnerThreads;
    @Option(names = "--template", defaultValue = "order_fulfillment",
            description = "Demo template to run. Default: ${DEFAULT-VALUE}")
    String template;
    @Mixin
    ClusterOptions cluster;
    @Mixin
    OtelOptions otel = new OtelOptions();
    @Option(names = "--otel-sink", description = "Export traces and metrics by OTLP/HTTP to an in-process receiver that counts and drops them (measures the export cost without a collector on the same cores).")
    boolean otelSink;
    @Spec
    CommandSpec spec;
    @Option(names = "--timeout-seconds", defaultValue = "600")
    int timeoutSeconds;
    @Option(names = "--rate", defaultValue = "0",
            description = "Submit at most this many tasks per second (0 = as fast as the producer accepts). "
                    + "A burst measures throughput; a paced run measures latency without queueing. Default: ${DEFAULT-VALUE}")
    int rate;
    @Option(names = "--subscriber", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Run a no-op SDK subscriber on order.created and report recorded -> handler invoked latency. Default: ${DEFAULT-VALUE}")
    boolean subscriber;
    @Option(names = "--subscriber-config", paramLabel = "KEY=VALUE",
            description = "A subscriber config key for that subscriber (e.g. kafka.fetch.max.wait.ms=100); repeatable. Default: the SDK's defaults")
    Map<String, String> subscriberConfig = new HashMap<>();
    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A runner or topology config key for the platform under test (e.g. runner.read-uncommitted-commands=true, topology.producer-linger-ms=0); repeatable")
    Map<String, String> settings = new HashMap<>();

    @Override
    public Integer call() throws Exception {
        List<TaskTemplate> templates = Examples.templates(null);
        TaskTemplate chosen = templates.stream().filter(t -> t.name().equals(template)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--template: no demo template '" + template + "'"));
        Path dataDir = Files.createTempDirectory("tasker-bench-");
        String runId = UUID.randomUUID().toString().substring(0, 8);
        Platform.Options options = cluster.applyTo(Platform.Options.dev()).withDataDir(dataDir)
                .withPartitions(partitions).withCommitIntervalMs(commitIntervalMs).withHttpPort(0)
                .withRunnerThreads(runnerThreads)
                .withTopicPrefix("bench-" + runId + ".").withApplicationId("tasker-bench-" + runId);
        OtlpSink sink = otelSink ? OtlpSink.start() : null;
        try (sink; Platform platform = Platform.infrastructure(options, templates)) {
            platform.withSettings(settings);
            platform.withTelemetry(sink == null ? otel::config : service -> otel.config(service, sink.endpoint()));
            platform.startRunner(Examples.handlers(), templates);
            for (int i = 0; i < instances; i++) platform.startTopology();
            // started with the topology so that joining its group overlaps the topology's start-up
            SubscriberLatency handled = subscriber ? new SubscriberLatency(platform, chosen.namespace(), BenchEvents.EVENT_NAME,
                    "bench-subscriber-" + runId, subscriberConfig) : null;
            Result r;
            EventLatency events = new EventLatency(platform, chosen.namespace());
            try (handled; events) {
                awaitReady(platform);
                if (handled != null) handled.awaitReady(platform);
                r = run(platform, chosen);
                events.drain();
                if (handled != null) handled.drain(events);
                spec.commandLine().getOut().println(r.report(tasks, partitions, commitIntervalMs, instances, runnerThreads, template)
                        + (rate > 0 ? " (paced at " + rate + " tasks/s)" : " (burst)"));
                spec.commandLine().getOut().println(events.report());
                if (handled != null) spec.commandLine().getOut().println(handled.report(events));
            }
            if (sink != null) {
                platform.close(); // flushes what the exporters still batch
                spec.commandLine().getOut().printf("OTLP sink received: traces %s, metrics %s%n",
                        sink.received("traces"), sink.received("metrics"));
            }
            return r.completed == tasks ? 0 : 1;
        } finally {
            EmbeddedKafka.deleteRecursively(dataDir); // a benchmark's broker data is of no use afterwards
        }
    }

    private void awaitReady(Platform platform) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        for (var app : platform.topologies()) {
            TaskerClient c = new TaskerClient(app.url());
            while (!(app.isRunning() && c.get("/v1/templates").body().toString().contains(template))) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("platform not ready in 120 s");
                Thread.sleep(100);
            }
        }
    }

    record Result(int completed, int failed, long steps, long firstRequest, long lastCompletion, long[] latencies) {
        String report(int tasks, int partitions, long commit, int instances, int runnerThreads, String template) {
            double seconds = (lastCompletion - firstRequest) / 1000.0;
            return String.format(
                    "bench: template=%s tasks=%d partitions=%d commit.interval.ms=%d topology-instances=%d runner-threads=%d%n"
                            + "completed=%d failed=%d wall=%.2fs tasks/s=%.1f steps/s=%.1f latency ms %s",
                    template, tasks, partitions, commit, instances, runnerThreads, completed, failed, seconds,
                    completed / seconds, steps / seconds, BenchStats.Latencies.of(latencies).summary());
        }
    }

    private Result run(Platform platform, TaskTemplate chosen) {
        SchemaRegistryClient registry = SchemaRegistryClient.shared(platform.schemaRegistryUrl());
        Map<String, Object> pc = new HashMap<>();
        pc.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
        pc.put(ProducerConfig.ACKS_CONFIG, "all");
        pc.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        Map<String, Object> cc = new HashMap<>();
        cc.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
        cc.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-observer-" + UUID.randomUUID());
        cc.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cc.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Long> requestedAt = new HashMap<>(tasks * 2);
        long[] latencies = new long[tasks];
        int completed = 0;
        int failed = 0;
        long steps = 0;
        long last = 0;
        try (var producer = new KafkaProducer<>(pc, new StringSerializer(), new TaskerAvroSerde<>(TaskRequest.class, registry, false).serializer());
             var consumer = new KafkaConsumer<>(cc, new StringDeserializer(), new TaskerAvroSerde<>(LifecycleEvent.class, registry, false).deserializer())) {
            consumer.subscribe(List.of(platform.topics().lifecycle()));
            consumer.poll(Duration.ofMillis(200));
            long first = System.currentTimeMillis();
            long startNanos = System.nanoTime();
            for (int i = 0; i < tasks; i++) {
                if (rate > 0) {
                    long due = startNanos + i * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                String id = UUID.randomUUID().toString();
                long now = System.currentTimeMillis();
                requestedAt.put(id, now);
                producer.send(new ProducerRecord<>(platform.topics().taskRequests(), id, TaskRequest.newBuilder()
                        .setTaskId(id).setNamespace(chosen.namespace()).setTemplateName(chosen.name())
                        .setTemplateVersion(chosen.version()).setContextJson(Examples.sampleContext(i))
                        .setRequestedAt(Instant.ofEpochMilli(now)).setCorrelationId(id).setTags(Map.of()).build()));
            }
            producer.flush();
            long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
            while (completed + failed < tasks && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, LifecycleEvent> rec : consumer.poll(Duration.ofMillis(200))) {
                    LifecycleEvent e = rec.value();
                    Long at = requestedAt.get(e.getTaskId());
                    if (at == null) continue;
                    switch (e.getEventType()) {
                        case LifecycleEventNames.STEP_COMPLETED -> steps++;
                        case LifecycleEventNames.TASK_COMPLETED, LifecycleEventNames.TASK_FAILED -> {
                            long done = e.getOccurredAt().toEpochMilli();
                            latencies[completed + failed] = done - at;
                            if (e.getEventType().equals(LifecycleEventNames.TASK_COMPLETED)) completed++;
                            else failed++;
                            last = Math.max(last, done);
                        }
                        default -> {
                        }
                    }
                }
            }
            return new Result(completed, failed, steps, first, last, Arrays.copyOf(latencies, completed + failed));
        }
    }
}
