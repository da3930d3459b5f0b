package io.tasker.launcher;

import io.tasker.avro.LifecycleEvent;
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
import picocli.CommandLine.Option;

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
@Command(name = "bench", mixinStandardHelpOptions = true,
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
    @Option(names = "--timeout-seconds", defaultValue = "600")
    int timeoutSeconds;
    @Option(names = "--rate", defaultValue = "0",
            description = "Submit at most this many tasks per second (0 = as fast as the producer accepts). "
                    + "A burst measures throughput; a paced run measures latency without queueing. Default: ${DEFAULT-VALUE}")
    int rate;

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
        try (Platform platform = Platform.infrastructure(options, templates)) {
            platform.startRunner(Examples.handlers(), templates);
            for (int i = 0; i < instances; i++) platform.startTopology();
            awaitReady(platform);
            Result r;
            EventLatency events = new EventLatency(platform, chosen.namespace());
            try (events) {
                r = run(platform, chosen);
                events.drain();
            }
            System.out.println(r.report(tasks, partitions, commitIntervalMs, instances, runnerThreads, template)
                    + (rate > 0 ? " (paced at " + rate + " tasks/s)" : " (burst)"));
            System.out.println(events.report());
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
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            return String.format(
                    "bench: template=%s tasks=%d partitions=%d commit.interval.ms=%d topology-instances=%d runner-threads=%d%n"
                            + "completed=%d failed=%d wall=%.2fs tasks/s=%.1f steps/s=%.1f latency ms p50=%d p95=%d p99=%d max=%d",
                    template, tasks, partitions, commit, instances, runnerThreads, completed, failed, seconds,
                    completed / seconds, steps / seconds,
                    pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
        }

        private static long pct(long[] sorted, int p) {
            if (sorted.length == 0) return 0;
            int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
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
                        case "step.completed" -> steps++;
                        case "task.completed", "task.failed" -> {
                            long done = e.getOccurredAt().toEpochMilli();
                            latencies[completed + failed] = done - at;
                            if (e.getEventType().equals("task.completed")) completed++;
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

    /**
     * Reads the namespace's domain events as a {@code read_committed} consumer on its own thread and measures, for every
     * durable event, the time from the topology recording its attempt ({@code recorded_at}) to the event being readable
     * here: the commit of the transaction that recorded it plus a poll. Same JVM, so one clock.
     */
    static final class EventLatency implements AutoCloseable {
        private final KafkaConsumer<String, io.tasker.avro.DomainEvent> consumer;
        private final List<Long> latencies = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        private final java.util.concurrent.atomic.AtomicLong fireAndForget = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong lastSeen = new java.util.concurrent.atomic.AtomicLong(System.currentTimeMillis());
        private final Thread thread;
        private volatile boolean running = true;

        EventLatency(Platform platform, String namespace) {
            Map<String, Object> cc = new HashMap<>();
            cc.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
            cc.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-events-" + UUID.randomUUID());
            cc.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            cc.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumer = new KafkaConsumer<>(cc, new StringDeserializer(),
                    new TaskerAvroSerde<>(io.tasker.avro.DomainEvent.class, SchemaRegistryClient.shared(platform.schemaRegistryUrl()), false).deserializer());
            consumer.subscribe(List.of(platform.topics().domainEvents(namespace)));
            thread = new Thread(() -> {
                try {
                    while (running) {
                        for (ConsumerRecord<String, io.tasker.avro.DomainEvent> r : consumer.poll(Duration.ofMillis(50))) {
                            long now = System.currentTimeMillis();
                            lastSeen.set(now);
                            io.tasker.avro.DomainEvent e = r.value();
                            if (e.getRecordedAt() != null) latencies.add(now - e.getRecordedAt().toEpochMilli());
                            else fireAndForget.incrementAndGet();
                        }
                    }
                } catch (org.apache.kafka.common.errors.WakeupException e) {
                    // closing
                }
            }, "bench-event-latency");
            thread.setDaemon(true);
            thread.start();
        }

        /** Waits until no event arrived for a second (events committed with the last tasks), at most 10 s. */
        void drain() throws InterruptedException {
            long until = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < until && System.currentTimeMillis() - lastSeen.get() < 1_000) Thread.sleep(50);
        }

        String report() {
            long[] sorted;
            synchronized (latencies) {
                sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            }
            return String.format("events: durable=%d fire_and_forget=%d; durable event latency ms (attempt recorded -> readable"
                            + " by a read_committed consumer) p50=%d p95=%d p99=%d max=%d", sorted.length, fireAndForget.get(),
                    Result.pct(sorted, 50), Result.pct(sorted, 95), Result.pct(sorted, 99), sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            consumer.wakeup();
            thread.join(5_000);
            consumer.close();
        }
    }
}
