package io.tasker.subscriber.internal;

import io.tasker.kafka.OffsetTracker;
import io.tasker.schemas.CloudEventHeaders;
import io.tasker.schemas.DlqHeaders;
import io.tasker.schemas.SchemaRegistryException;
import io.tasker.subscriber.Event;
import io.tasker.subscriber.SubscriberConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka side of a subscriber: one poll thread that fetches, decodes and queues records per key, a bounded worker
 * pool running handlers, a timer thread for retries and timeouts, and the DLQ producer.
 *
 * <p>The poll thread never waits for handlers: it pauses fetching while {@code max.in.flight} records are
 * unfinished (and a partition whose record waits for the schema registry), and keeps polling, so slow handlers never
 * exceed {@code max.poll.interval.ms}. Offsets are committed per partition up to the first unfinished record
 * ({@link OffsetTracker}), periodically, on revocation and on close.
 */
public final class SubscriberEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SubscriberEngine.class);
    static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

    private final SubscriberConfig config;
    private final String name;
    private final Counters counters;
    private final TopicSelection topics;
    private final EventDecoder decoder;
    private final OffsetTracker tracker = new OffsetTracker();
    private final KeyedQueue<String> keyed = new KeyedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<TopicPartition, Long> epochs = new ConcurrentHashMap<>();
    private final AtomicLong epochCounter = new AtomicLong();
    /** Partitions paused until the given time because the schema registry was unreachable (poll thread only). */
    private final Map<TopicPartition, Long> backoffUntil = new ConcurrentHashMap<>();
    private final AtomicReference<String> fatal = new AtomicReference<>();
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService scheduler;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaDeadLetterSink sink;
    private final Dispatcher dispatcher;
    private final OffsetCommitter committer;
    private final ConsumerLag lag;
    private final Thread pollThread;
    private volatile boolean running;
    /** When decoding last found the schema registry unreachable; null once a record decoded again. */
    private volatile java.time.Instant registryDownSince;
    private volatile boolean stopped;

    public SubscriberEngine(SubscriberConfig config, List<HandlerBinding> bindings, Counters counters,
            io.tasker.subscriber.DeliveryListener listener, io.opentelemetry.api.OpenTelemetry otel) {
        this.config = config;
        this.name = config.subscriberName();
        this.counters = counters;
        this.topics = TopicSelection.of(config.topics(), config.namespaces(), bindings, config.replayTopic());
        this.decoder = new EventDecoder(config.topics(), config.schemaRegistryUrl(), config.registryClient());
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(config.concurrency(), config.concurrency(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> daemon(r, "subscriber-" + name + "-worker-" + n.incrementAndGet()));
        this.scheduler = SystemTimer.scheduler(r -> daemon(r, "subscriber-" + name + "-timer"));
        Timer timer = new SafeTimer(new SystemTimer(scheduler));
        this.consumer = new KafkaConsumer<>(KafkaClients.consumer(config));
        this.producer = new KafkaProducer<>(KafkaClients.producer(config));
        var redactor = new io.tasker.schemas.redaction.Redactor(config.redaction());
        this.sink = new KafkaDeadLetterSink(producer, config.dlqTopic(), name, timer, redactor);
        var tracing = new SubscriberTracing(otel, name, config.groupId(), config.dlqTopic(), redactor);
        this.dispatcher = new Dispatcher(new Dispatcher.Context(name, this::execute, timer, counters, sink,
                () -> ThreadLocalRandom.current().nextDouble(), listener, tracing), bindings);
        this.lag = new ConsumerLag(counters, config.groupId(), inFlight::get);
        this.committer = new OffsetCommitter(name, consumer, tracker);
        this.pollThread = daemon(this::pollLoop, "subscriber-" + name + "-poll");
    }

    private static Thread daemon(Runnable r, String threadName) {
        Thread t = new Thread(r, threadName);
        t.setDaemon(true);
        return t;
    }

    private void execute(Runnable task) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException e) {
            // stopping: the record stays uncommitted and is re-delivered to the next owner
            log.debug("Subscriber {} stopping, attempt not run", name);
        }
    }

    /**
     * The start-up connection checks with the subscriber's {@code kafka.*} and {@code schema.registry.*} settings: one
     * clear error within seconds (credentials, certificate, protocol, a consumer group the principal may not use)
     * instead of clients retrying forever or every
     * event failing to decode. A registry that is down only logs: the subscriber rides out registry outages.
     *
     * @throws io.tasker.kafka.KafkaStartupException naming the cause
     * @throws io.tasker.schemas.SchemaRegistryException on registry authentication or TLS trust failures
     */
    public static void preflight(SubscriberConfig config) {
        io.tasker.kafka.KafkaPreflight.check("subscriber " + config.subscriberName(), config.bootstrapServers(),
                KafkaClients.settings(config));
        // a group the principal may not use fails here, naming it, rather than at the first poll
        io.tasker.kafka.KafkaPreflight.checkGroup("subscriber " + config.subscriberName(), config.bootstrapServers(),
                KafkaClients.settings(config), config.groupId());
        io.tasker.schemas.SchemaRegistryClient.shared(config.schemaRegistryUrl(), config.registryClient()).checkAccess();
    }

    public void start() {
        log.info("Subscriber {} (group {}) reads topics matching {}; dead letters go to {}, replays come from {}",
                name, config.groupId(), topics.pattern(), config.dlqTopic(), config.replayTopic());
        DeadLetterTopics.ensure(config);
        running = true;
        consumer.subscribe(topics.pattern(), new Rebalance(name, config.shutdownTimeout(), tracker, committer, epochs,
                epochCounter, backoffUntil));
        pollThread.start();
    }

    /** {@code null} if healthy, else why not. */
    public String unhealthyReason() {
        if (fatal.get() != null) {
            return "failed: " + fatal.get();
        }
        if (stopped) {
            return "stopped";
        }
        if (!running) {
            return "not started";
        }
        java.time.Instant down = registryDownSince;
        if (down != null) {
            return "schema registry " + config.schemaRegistryUrl() + " unreachable since " + down
                    + "; affected partitions are paused and retried";
        }
        String dlq = sink.lastError();
        if (dlq != null) {
            return dlq;
        }
        int stuck = counters.stuckThreads();
        if (stuck > 0) {
            return stuck + " handler thread(s) ignored the interrupt at their timeout and are still running";
        }
        return null;
    }

    /** Records fetched and not yet finished. */
    public int inFlight() {
        return inFlight.get();
    }

    public TopicSelection topics() {
        return topics;
    }

    @Override
    public void close() {
        if (!running) {
            stopped = true;
            return;
        }
        running = false; // the poll loop sees it within one poll timeout
        try {
            pollThread.join(config.shutdownTimeout().toMillis() + 30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopped = true;
    }

    private void pollLoop() {
        long nextCommit = System.currentTimeMillis() + config.commitInterval().toMillis();
        try {
            while (running) {
                updatePause();
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
                for (TopicPartition tp : records.partitions()) {
                    for (ConsumerRecord<byte[], byte[]> rec : records.records(tp)) {
                        // every fetched record is dispatched, even when stopping: commits use the fetch position
                        if (!accept(tp, rec)) {
                            break;
                        }
                    }
                }
                lag.update(consumer);
                long now = System.currentTimeMillis();
                if (now >= nextCommit) {
                    committer.commitAsync();
                    nextCommit = now + config.commitInterval().toMillis();
                }
            }
        } catch (Throwable e) {
            fatal.set(e.toString());
            log.error("Subscriber {} poll loop failed; stopping", name, e);
        } finally {
            shutdown();
        }
    }

    /**
     * Queues one record. Returns {@code false} when the rest of the partition's batch must wait because the record
     * will be fetched again (schema registry unavailable).
     */
    private boolean accept(TopicPartition tp, ConsumerRecord<byte[], byte[]> rec) {
        counters.record();
        SourceRecord source = new SourceRecord(rec.topic(), rec.partition(), rec.offset(), rec.key(), rec.value(),
                rec.headers());
        String ceType = header(rec, CloudEventHeaders.TYPE);
        boolean replay = rec.topic().equals(config.replayTopic());
        String origin = replay ? java.util.Objects.requireNonNullElse(header(rec, DlqHeaders.SOURCE_TOPIC), rec.topic())
                : rec.topic();
        String onlyHandler = replay ? header(rec, DlqHeaders.HANDLER) : null;
        if (!replay && !decoder.isLifecycleTopic(rec.topic()) && ceType != null && !dispatcher.wants(ceType)) {
            // no handler wants it: skip decoding, it is done at once
            tracker.dispatched(tp, rec.offset());
            counters.unmatched();
            tracker.completed(tp, rec.offset());
            return true;
        }
        Event event;
        try {
            event = decoder.decode(rec, origin);
            registryDownSince = null;
        } catch (SchemaRegistryException e) {
            if (e.httpStatus() == SchemaRegistryException.NO_RESPONSE || e.httpStatus() >= 500) {
                if (registryDownSince == null) {
                    registryDownSince = java.time.Instant.now();
                }
                log.warn("Subscriber {}: schema registry unavailable while decoding {}-{}@{}, retrying in {} ms: {}",
                        name, rec.topic(), rec.partition(), rec.offset(), config.registryRetryBackoff().toMillis(),
                        e.getMessage());
                consumer.seek(tp, rec.offset());
                backoffUntil.put(tp, System.currentTimeMillis() + config.registryRetryBackoff().toMillis());
                return false;
            }
            undecodable(tp, source, ceType, header(rec, CloudEventHeaders.ID), e);
            return true;
        } catch (RuntimeException e) {
            undecodable(tp, source, ceType, header(rec, CloudEventHeaders.ID), e);
            return true;
        }
        tracker.dispatched(tp, rec.offset());
        if (onlyHandler == null && !dispatcher.wants(event.name())) {
            counters.unmatched();
            tracker.completed(tp, rec.offset());
            return true;
        }
        inFlight.incrementAndGet();
        Long epoch = epochs.get(tp);
        String key = rec.key() == null ? "\0" + tp : new String(rec.key(), StandardCharsets.UTF_8);
        keyed.submit(key, next -> {
            if (!java.util.Objects.equals(epochs.get(tp), epoch)) {
                // revoked (or lost) since it was fetched: its new owner handles it
                inFlight.decrementAndGet();
                next.run();
                return;
            }
            dispatcher.dispatch(event, source, onlyHandler, () -> {
                tracker.completed(tp, rec.offset());
                inFlight.decrementAndGet();
                next.run();
            });
        });
        return true;
    }

    private void undecodable(TopicPartition tp, SourceRecord source, String eventName, String eventId,
            Exception e) {
        log.warn("Subscriber {}: cannot decode {}-{}@{}, dead-lettering it: {}", name, source.topic(),
                source.partition(), source.offset(), e.toString());
        tracker.dispatched(tp, source.offset());
        inFlight.incrementAndGet();
        dispatcher.undecodable(source, eventName, eventId, e, () -> {
            tracker.completed(tp, source.offset());
            inFlight.decrementAndGet();
        });
    }

    private static String header(ConsumerRecord<byte[], byte[]> rec, String key) {
        Header h = rec.headers().lastHeader(key);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Pauses every partition while saturated, otherwise only those backing off; resumes the rest. */
    private void updatePause() {
        var assignment = consumer.assignment();
        long now = System.currentTimeMillis();
        backoffUntil.values().removeIf(until -> until <= now);
        boolean saturated = inFlight.get() >= config.maxInFlight();
        var shouldPause = saturated ? assignment
                : assignment.stream().filter(backoffUntil::containsKey).collect(java.util.stream.Collectors.toSet());
        io.tasker.kafka.Pauses.apply(consumer, shouldPause);
    }

    /** Finish in-flight records within the shutdown timeout (still polling, all paused), commit, leave the group. */
    private void shutdown() {
        try {
            consumer.pause(consumer.assignment());
            long deadline = System.currentTimeMillis() + config.shutdownTimeout().toMillis();
            while (tracker.pending() > 0 && System.currentTimeMillis() < deadline) {
                consumer.poll(POLL_TIMEOUT);
            }
            if (tracker.pending() > 0) {
                log.warn("Subscriber {}: {} records unfinished after {} ms; they will be re-delivered", name,
                        tracker.pending(), config.shutdownTimeout().toMillis());
            }
            committer.commitSync(tracker.partitions());
        } catch (RuntimeException e) {
            log.warn("Subscriber {}: error while draining: {}", name, e.toString());
        } finally {
            workers.shutdownNow();
            scheduler.shutdownNow();
            lag.close();
            try {
                consumer.close();
            } catch (RuntimeException e) {
                log.warn("Subscriber {}: error closing consumer: {}", name, e.toString());
            }
            producer.close(Duration.ofSeconds(5));
            log.info("Subscriber {} stopped", name);
        }
    }
}
