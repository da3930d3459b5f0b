package io.tasker.launcher;

import io.tasker.avro.DomainEvent;
import io.tasker.examples.Examples;
import io.tasker.infra.EmbeddedKafka;
import io.tasker.schemas.SchemaRegistryClient;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.subscriber.SubscriberConfig;
import io.tasker.subscriber.SubscriberMetrics;
import io.tasker.subscriber.SubscriberRunner;
import io.tasker.subscriber.TaskerSubscriber;
import io.tasker.templates.TaskTemplate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
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
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code tasker bench subscriber}: produces N durable {@code order.created} events first, then starts one SDK
 * subscriber whose handler does nothing (or sleeps {@code --handler-ms}) and reports the events/s it handled them at,
 * from the first handler invocation to the last. Consumer-side throughput only: nothing else runs meanwhile.
 */
@Command(name = "subscriber", mixinStandardHelpOptions = true,
        description = "Measure how many events/s one subscriber-SDK subscriber handles (pre-produced domain events, no-op handler).")
final class SubscriberBench implements Callable<Integer> {
    @Option(names = "--events", defaultValue = "100000", description = "Events to produce and handle. Default: ${DEFAULT-VALUE}")
    int events;
    @Option(names = "--tasks", defaultValue = "0",
            description = "Distinct task ids (record keys) the events are spread over; 0 = events/5 (5 events per task). Default: ${DEFAULT-VALUE}")
    int tasks;
    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of the domain-event topic. Default: ${DEFAULT-VALUE}")
    int partitions;
    @Option(names = "--concurrency", defaultValue = "" + SubscriberConfig.DEFAULT_CONCURRENCY,
            description = "Subscriber worker threads (subscriber config 'concurrency'). Default: ${DEFAULT-VALUE}")
    int concurrency;
    @Option(names = "--payload-bytes", defaultValue = "200", description = "Size of each event's JSON payload. Default: ${DEFAULT-VALUE}")
    int payloadBytes;
    @Option(names = "--handler-ms", defaultValue = "0",
            description = "The handler sleeps this long per event (0 = returns at once). Default: ${DEFAULT-VALUE}")
    int handlerMs;
    @Option(names = "--subscribe", defaultValue = "*", description = "The handler's event pattern. Default: ${DEFAULT-VALUE}")
    String pattern;
    @Option(names = "--transaction-records", defaultValue = "1000",
            description = "Produce in transactions of this many records, like the topology's exactly-once output "
                    + "(0 = no transactions). Default: ${DEFAULT-VALUE}")
    int transactionRecords;
    @Option(names = "--subscriber-config", paramLabel = "KEY=VALUE",
            description = "Any subscriber config key (e.g. max.in.flight=5000, kafka.max.poll.records=1000); repeatable.")
    Map<String, String> subscriberConfig = new HashMap<>();
    @Mixin
    ClusterOptions cluster;
    @Mixin
    io.tasker.launcher.cli.KafkaOptions kafkaOptions = new io.tasker.launcher.cli.KafkaOptions();
    @Mixin
    io.tasker.launcher.cli.RegistryClientOptions registryOptions = new io.tasker.launcher.cli.RegistryClientOptions();
    @Spec
    CommandSpec spec;
    @Option(names = "--timeout-seconds", defaultValue = "600")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        if (events < 2) throw new IllegalArgumentException("--events must be at least 2, got " + events);
        TaskTemplate demo = Examples.templates(null).stream().filter(t -> t.name().equals("order_fulfillment")).findFirst()
                .orElseThrow(() -> new IllegalStateException("the demo template order_fulfillment is missing"));
        int keys = tasks > 0 ? tasks : Math.max(1, events / 5);
        Path dataDir = Files.createTempDirectory("tasker-bench-");
        String runId = UUID.randomUUID().toString().substring(0, 8);
        Platform.Options options = cluster.applyTo(Platform.Options.dev()).withDataDir(dataDir).withPartitions(partitions)
                .withHttpPort(0).withTopicPrefix("bench-" + runId + ".").withApplicationId("tasker-bench-" + runId);
        try (Platform platform = Platform.infrastructure(options, Examples.templates(null),
                new ClientSettings(kafkaOptions.settings(), registryOptions.settings()))) {
            BenchEvents source = new BenchEvents(platform.topics().domainEvents(demo.namespace()), demo, runId, keys, payloadBytes);
            long produceNanos = produce(platform, source, runId);
            Map<String, String> config = new HashMap<>(subscriberConfig);
            config.putIfAbsent(SubscriberConfig.CONCURRENCY, Integer.toString(concurrency));
            Run run = consume(platform, demo.namespace(), "bench-subscriber-" + runId, config);
            spec.commandLine().getOut().printf("bench subscriber: events=%d tasks=%d partitions=%d concurrency=%s payload-bytes=%d handler-ms=%d "
                            + "subscribe=%s produced %s in %.2fs%n",
                    events, keys, partitions, config.get(SubscriberConfig.CONCURRENCY), payloadBytes, handlerMs, pattern,
                    transactionRecords > 0 ? "in transactions of " + transactionRecords : "without transactions", produceNanos / 1e9);
            spec.commandLine().getOut().println(run.report(events));
            return run.invocations() >= events ? 0 : 1;
        } finally {
            EmbeddedKafka.deleteRecursively(dataDir);
        }
    }

    private long produce(Platform platform, BenchEvents source, String runId) {
        Map<String, Object> pc = platform.clients().kafka().producer(platform.bootstrapServers());
        pc.put(ProducerConfig.ACKS_CONFIG, "all");
        pc.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        pc.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        if (transactionRecords > 0) pc.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-events-" + runId);
        long t0 = System.nanoTime();
        try (var producer = new KafkaProducer<>(pc, new StringSerializer(),
                new TaskerAvroSerde<>(DomainEvent.class, SchemaRegistryClient.shared(platform.schemaRegistryUrl(), platform.clients().registry()), false).serializer())) {
            if (transactionRecords > 0) {
                producer.initTransactions();
                producer.beginTransaction();
            }
            for (int i = 0; i < events; i++) {
                producer.send(source.record(i, Instant.now()));
                if (transactionRecords > 0 && (i + 1) % transactionRecords == 0) {
                    producer.commitTransaction();
                    producer.beginTransaction();
                }
            }
            if (transactionRecords > 0) producer.commitTransaction();
            producer.flush();
        }
        return System.nanoTime() - t0;
    }

    private Run consume(Platform platform, String namespace, String name, Map<String, String> overrides) throws InterruptedException {
        AtomicLong invocations = new AtomicLong();
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        long sleepNanos = Duration.ofMillis(handlerMs).toNanos();
        TaskerSubscriber noop = TaskerSubscriber.builder(name).on(pattern, e -> {
            long now = System.nanoTime();
            first.compareAndSet(0, now);
            if (sleepNanos > 0) Thread.sleep(handlerMs);
            if (invocations.incrementAndGet() == events) last.set(System.nanoTime());
        }).named("noop").build();
        long start = System.nanoTime();
        try (SubscriberRunner runner = SubscriberRunner.start(noop, BenchSubscribers.config(platform, name, namespace, overrides))) {
            long deadline = start + Duration.ofSeconds(timeoutSeconds).toNanos();
            while (invocations.get() < events && System.nanoTime() < deadline) LockSupport.parkNanos(10_000_000);
            return new Run(invocations.get(), start, first.get(), last.get(), runner.metrics());
        }
    }

    /** One measured consumption: handler invocations, and when the subscriber started and handled its first and last event. */
    record Run(long invocations, long startNanos, long firstNanos, long lastNanos, SubscriberMetrics metrics) {
        String report(int events) {
            boolean complete = lastNanos != 0;
            return String.format("handled=%d of %d (dead-lettered=%d undecodable=%d) events/s=%.0f (first to last handler"
                            + " invocation, %.2fs) start to last=%.2fs%s",
                    invocations, events, metrics.deadLettered("noop"), metrics.undecodable(),
                    complete ? BenchStats.perSecond(events, firstNanos, lastNanos) : 0.0, (lastNanos - firstNanos) / 1e9,
                    (lastNanos - startNanos) / 1e9, complete ? "" : " INCOMPLETE: timed out");
        }
    }
}
