package io.tasker.runner.internal;

import io.tasker.avro.StepCommand;
import io.tasker.avro.StepResult;
import io.tasker.avro.TemplateRegistration;
import io.tasker.runner.HandlerRegistry;
import io.tasker.runner.RunnerConfig;
import io.tasker.runner.StepHandler;
import io.tasker.runner.StepOutcome;
import io.tasker.schemas.RejectedHeaders;
import io.tasker.schemas.SchemaRegistryException;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.schemas.TaskerTopics;
import io.tasker.templates.HandlerCheck;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The implementation behind {@link io.tasker.runner.StepRunner}: template registration, the poll loop, the worker
 * pool, result production and at-least-once offset management. See the public class for the contract.
 *
 * <p>Threads: one poll thread owns the consumer; worker threads run handlers and send results; producer callback
 * threads complete offsets. The consumer is only touched by the poll thread (except {@code wakeup()}).
 */
public final class RunnerEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunnerEngine.class);

    public static final String REASON_DESERIALIZATION_FAILED = "deserialization_failed";
    public static final String REASON_UNKNOWN_HANDLER = "unknown_handler";
    public static final String MDC_TASK_ID = "task_id";
    public static final String MDC_CORRELATION_ID = "correlation_id";
    public static final String MDC_STEP = "step";

    static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    static final long COMMIT_INTERVAL_MS = 1000;
    static final long CLOSE_DRAIN_MS = 30_000;
    static final long FATAL_DRAIN_MS = 5_000;
    static final long REVOKE_DRAIN_MS = 20_000;
    static final long REGISTRY_BACKOFF_MS = 1000;
    static final int DEFAULT_MAX_POLL_RECORDS = 500;

    private final RunnerConfig config;
    private final HandlerRegistry handlers;
    private final List<TaskTemplate> templates;
    private final TaskerTopics topics;

    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private final AtomicLong stepsExecuted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong rebalances = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final OffsetTracker tracker = new OffsetTracker();
    /** Partitions paused until the given time (epoch ms) because the schema registry was unavailable. Poll thread. */
    private final Map<TopicPartition, Long> backoffUntil = new HashMap<>();

    private volatile Set<String> namespaces = Set.of();
    private volatile KafkaProducer<byte[], byte[]> producer;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile ThreadPoolExecutor workers;
    private volatile Thread pollThread;
    private TaskerAvroSerde<StepCommand> commandSerde;
    private TaskerAvroSerde<StepResult> resultSerde;
    private boolean paused;

    public RunnerEngine(RunnerConfig config, HandlerRegistry handlers, List<TaskTemplate> templates) {
        this.config = config;
        this.handlers = handlers;
        this.templates = List.copyOf(templates);
        this.topics = new TaskerTopics(config.topicPrefix());
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("step runner " + config.runnerId() + " was already started");
        }
        config.validate();
        Set<String> known = handlers.names();
        for (TaskTemplate t : templates) {
            HandlerCheck.requireHandlers(t, known);
        }
        Set<String> ns = new LinkedHashSet<>(config.namespaces());
        if (ns.isEmpty()) {
            templates.forEach(t -> ns.add(t.namespace()));
        }
        if (ns.isEmpty()) {
            throw new IllegalArgumentException(RunnerConfig.NAMESPACES
                    + " must be set when the runner has no templates, was empty");
        }
        namespaces = Set.copyOf(ns);

        commandSerde = TaskerAvroSerde.forValues(StepCommand.class, config.schemaRegistryUrl());
        resultSerde = TaskerAvroSerde.forValues(StepResult.class, config.schemaRegistryUrl());
        producer = new KafkaProducer<>(producerProps(), new ByteArraySerializer(), new ByteArraySerializer());
        try {
            registerTemplates();
            warmUpResultSerde();
            consumer = new KafkaConsumer<>(consumerProps(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<String> subscribed = ns.stream().map(topics::stepCommands).toList();
            consumer.subscribe(subscribed, new Rebalance());
            AtomicInteger n = new AtomicInteger();
            workers = new ThreadPoolExecutor(config.workerThreads(), config.workerThreads(), 60, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "tasker-runner-worker-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            running.set(true);
            pollThread = new Thread(this::pollLoop, "tasker-runner-poll");
            pollThread.start();
            log.info("Step runner {} started: group {}, topics {}, {} handlers, {} worker threads, max in flight {}",
                    config.runnerId(), config.groupId(), subscribed, known.size(), config.workerThreads(),
                    config.maxInFlight());
        } catch (RuntimeException e) {
            running.set(false);
            closeQuietly(consumer);
            producer.close(Duration.ofSeconds(5));
            if (workers != null) {
                workers.shutdownNow();
            }
            throw e;
        }
    }

    private void registerTemplates() {
        if (templates.isEmpty()) {
            return;
        }
        TaskerAvroSerde<TemplateRegistration> serde =
                TaskerAvroSerde.forValues(TemplateRegistration.class, config.schemaRegistryUrl());
        String topic = topics.templates();
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        Instant now = Instant.now();
        for (TaskTemplate t : templates) {
            TemplateRegistration reg = TemplateRegistration.newBuilder()
                    .setNamespace(t.namespace())
                    .setName(t.name())
                    .setVersion(t.version())
                    .setDefinitionJson(TemplateJson.toJson(t))
                    .setSource(null)
                    .setRegisteredBy(config.runnerId())
                    .setRegisteredAt(now)
                    .build();
            byte[] value = serde.serializer().serialize(topic, reg);
            sends.add(producer.send(new ProducerRecord<>(topic, utf8(t.key()), value)));
        }
        producer.flush();
        for (int i = 0; i < sends.size(); i++) {
            try {
                sends.get(i).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new KafkaException("could not register template " + templates.get(i).key() + " to topic "
                        + topic + ": " + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                throw new KafkaException("timed out registering template " + templates.get(i).key() + " to topic "
                        + topic, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("interrupted while registering templates", e);
            }
        }
        log.info("Registered {} templates to {}: {}", templates.size(), topic,
                templates.stream().map(TaskTemplate::key).toList());
    }

    /**
     * Serializes one dummy result so the result schema is registered (and its id cached) before any worker runs:
     * an unreachable or rejecting registry then fails {@code start()} instead of the first step.
     */
    private void warmUpResultSerde() {
        Instant now = Instant.now();
        resultSerde.serializer().serialize(topics.stepResults(), StepResult.newBuilder().setTaskId("warm-up")
                .setStepName("warm-up").setAttempt(1).setStatus(io.tasker.avro.StepOutcome.SUCCESS)
                .setResultJson("{}").setError(null).setRunnerId(config.runnerId()).setStartedAt(now)
                .setFinishedAt(now).setCorrelationId(null).build());
    }

    /** Stops polling, drains in-flight work (bounded), commits and closes the clients. Idempotent. */
    @Override
    public void close() {
        if (!started.get() || !closed.compareAndSet(false, true)) {
            return;
        }
        running.set(false);
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = pollThread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(CLOSE_DRAIN_MS + 30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                log.warn("Step runner {}: poll thread did not stop in time", config.runnerId());
            }
        }
    }

    public boolean isHealthy() {
        Thread t = pollThread;
        return running.get() && fatal.get() == null && t != null && t.isAlive();
    }

    public long stepsExecuted() {
        return stepsExecuted.get();
    }

    public long rejectedCommands() {
        return rejected.get();
    }

    public long rebalances() {
        return rebalances.get();
    }

    public Set<String> namespaces() {
        return namespaces;
    }

    /** The error that stopped the runner, if any. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(fatal.get());
    }

    // ------------------------------------------------------------------------------------------------ poll loop

    private void pollLoop() {
        long nextCommit = System.currentTimeMillis() + COMMIT_INTERVAL_MS;
        try {
            while (running.get()) {
                updatePause();
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
                for (TopicPartition tp : records.partitions()) {
                    for (ConsumerRecord<byte[], byte[]> rec : records.records(tp)) {
                        if (!running.get() || !accept(tp, rec)) {
                            break;
                        }
                    }
                }
                long now = System.currentTimeMillis();
                if (now >= nextCommit) {
                    commitAsync();
                    nextCommit = now + COMMIT_INTERVAL_MS;
                }
            }
        } catch (WakeupException e) {
            // close() or a fatal error asked us to stop
        } catch (Throwable e) {
            fatal(e);
        } finally {
            shutdown();
        }
    }

    /**
     * Dispatches one record. Returns {@code false} when the rest of the partition's batch must be skipped because
     * the record will be fetched again (schema registry unavailable).
     */
    private boolean accept(TopicPartition tp, ConsumerRecord<byte[], byte[]> rec) {
        if (rec.value() == null) {
            reject(tp, rec, REASON_DESERIALIZATION_FAILED, "record has no value (tombstone)", null);
            return true;
        }
        StepCommand cmd;
        try {
            cmd = commandSerde.deserializer().deserialize(rec.topic(), rec.headers(), rec.value());
        } catch (SchemaRegistryException e) {
            if (e.httpStatus() == SchemaRegistryException.NO_RESPONSE || e.httpStatus() >= 500) {
                log.warn("Schema registry unavailable while decoding {}-{}@{}, retrying in {} ms: {}", rec.topic(),
                        rec.partition(), rec.offset(), REGISTRY_BACKOFF_MS, e.getMessage());
                consumer.seek(tp, rec.offset());
                backoffUntil.put(tp, System.currentTimeMillis() + REGISTRY_BACKOFF_MS);
                return false;
            }
            reject(tp, rec, REASON_DESERIALIZATION_FAILED, e.getMessage(), e);
            return true;
        } catch (RuntimeException e) {
            reject(tp, rec, REASON_DESERIALIZATION_FAILED, e.getMessage(), e);
            return true;
        }
        if (cmd == null) {
            reject(tp, rec, REASON_DESERIALIZATION_FAILED, "deserializer returned null", null);
            return true;
        }
        Optional<StepHandler> handler = handlers.find(cmd.getHandler());
        if (handler.isEmpty()) {
            reject(tp, rec, REASON_UNKNOWN_HANDLER, "handler '" + cmd.getHandler() + "' of step '"
                    + cmd.getStepName() + "' (task " + cmd.getTaskId() + ") is not registered (known: "
                    + String.join(", ", handlers.names()) + ")", null);
            return true;
        }
        tracker.dispatched(tp, rec.offset());
        inFlight.incrementAndGet();
        StepHandler h = handler.get();
        workers.execute(() -> execute(tp, rec.offset(), cmd, h));
        return true;
    }

    private void reject(TopicPartition tp, ConsumerRecord<byte[], byte[]> rec, String reason, String detail,
            Throwable error) {
        String exceptionClass = error == null ? "" : error.getClass().getName();
        String text = detail == null ? (error == null ? reason : error.getClass().getName()) : detail;
        log.warn("Rejecting command {}-{}@{}: {}: {}", rec.topic(), rec.partition(), rec.offset(), reason, text);
        rejected.incrementAndGet();
        tracker.dispatched(tp, rec.offset());
        inFlight.incrementAndGet();
        RecordHeaders headers = new RecordHeaders();
        for (Header h : rec.headers()) {
            headers.add(h);
        }
        headers.add(RejectedHeaders.REASON, utf8(reason));
        headers.add(RejectedHeaders.DETAIL, utf8(text));
        headers.add(RejectedHeaders.SOURCE_TOPIC, utf8(rec.topic()));
        headers.add(RejectedHeaders.SOURCE_PARTITION, utf8(Integer.toString(rec.partition())));
        headers.add(RejectedHeaders.SOURCE_OFFSET, utf8(Long.toString(rec.offset())));
        headers.add(RejectedHeaders.EXCEPTION_CLASS, utf8(exceptionClass));
        headers.add(RejectedHeaders.REJECTED_AT, utf8(Instant.now().toString()));
        long offset = rec.offset();
        // a synchronous send failure propagates to the poll loop, which stops the runner
        producer.send(new ProducerRecord<>(topics.rejected(), null, rec.key(), rec.value(), headers),
                (md, ex) -> completed(tp, offset, ex, false));
    }

    private void execute(TopicPartition tp, long offset, StepCommand cmd, StepHandler handler) {
        MDC.put(MDC_TASK_ID, cmd.getTaskId());
        MDC.put(MDC_STEP, cmd.getStepName());
        if (cmd.getCorrelationId() != null) {
            MDC.put(MDC_CORRELATION_ID, cmd.getCorrelationId());
        }
        try {
            Instant startedAt = Instant.now();
            StepOutcome outcome;
            try {
                outcome = Outcomes.invoke(handler, CommandStepContext.of(cmd, startedAt));
            } catch (IllegalArgumentException e) {
                // malformed JSON in the command: retrying the same command cannot help
                outcome = Outcomes.fromThrowable(e, false);
            }
            Instant finishedAt = Instant.now();
            if (outcome instanceof StepOutcome.Failure f) {
                log.info("Step {} of task {} attempt {} failed (retryable={}): {}", cmd.getStepName(),
                        cmd.getTaskId(), cmd.getAttempt(), f.retryable(), f.message());
            } else {
                log.debug("Step {} of task {} attempt {} succeeded in {} ms", cmd.getStepName(), cmd.getTaskId(),
                        cmd.getAttempt(), Duration.between(startedAt, finishedAt).toMillis());
            }
            StepResult result = Outcomes.toResult(cmd, outcome, config.runnerId(), startedAt, finishedAt);
            String topic = topics.stepResults();
            byte[] value = resultSerde.serializer().serialize(topic, result);
            producer.send(new ProducerRecord<>(topic, utf8(cmd.getTaskId()), value),
                    (md, ex) -> completed(tp, offset, ex, true));
        } catch (Throwable e) {
            // the result could not be produced: never skip it silently, stop the runner instead
            inFlight.decrementAndGet();
            fatal(e);
            if (e instanceof VirtualMachineError vme) {
                throw vme;
            }
        } finally {
            MDC.remove(MDC_TASK_ID);
            MDC.remove(MDC_STEP);
            MDC.remove(MDC_CORRELATION_ID);
        }
    }

    private void completed(TopicPartition tp, long offset, Exception sendError, boolean step) {
        inFlight.decrementAndGet();
        if (sendError != null) {
            fatal(sendError);
            return;
        }
        if (step) {
            stepsExecuted.incrementAndGet();
        }
        tracker.completed(tp, offset);
    }

    private void fatal(Throwable e) {
        if (fatal.compareAndSet(null, e)) {
            log.error("Step runner {} is stopping after a fatal error: {}", config.runnerId(), e.toString(), e);
        }
        running.set(false);
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    private void updatePause() {
        Set<TopicPartition> assignment = consumer.assignment();
        boolean saturated = inFlight.get() >= config.maxInFlight();
        if (saturated != paused) {
            log.debug("Step runner {}: {} commands in flight, {} fetching", config.runnerId(), inFlight.get(),
                    saturated ? "pausing" : "resuming");
            paused = saturated;
        }
        Set<TopicPartition> shouldPause = new HashSet<>();
        if (saturated) {
            shouldPause.addAll(assignment);
        } else if (!backoffUntil.isEmpty()) {
            long now = System.currentTimeMillis();
            backoffUntil.values().removeIf(until -> until <= now);
            for (TopicPartition tp : backoffUntil.keySet()) {
                if (assignment.contains(tp)) {
                    shouldPause.add(tp);
                }
            }
        }
        Set<TopicPartition> current = consumer.paused();
        List<TopicPartition> toPause = shouldPause.stream().filter(tp -> !current.contains(tp)).toList();
        List<TopicPartition> toResume = current.stream().filter(tp -> !shouldPause.contains(tp)).toList();
        if (!toPause.isEmpty()) {
            consumer.pause(toPause);
        }
        if (!toResume.isEmpty()) {
            consumer.resume(toResume);
        }
    }

    // ------------------------------------------------------------------------------------------------ commits

    private void commitAsync() {
        Map<TopicPartition, OffsetAndMetadata> offsets = tracker.committable();
        if (offsets.isEmpty()) {
            return;
        }
        consumer.commitAsync(offsets, (committed, ex) -> {
            if (ex == null) {
                tracker.markCommitted(committed);
            } else {
                log.warn("Step runner {}: async commit of {} failed (will retry): {}", config.runnerId(), offsets,
                        ex.toString());
            }
        });
    }

    /** Commits synchronously; failures are logged (the records will be delivered again, which is at-least-once). */
    private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                consumer.commitSync(offsets, Duration.ofSeconds(10));
                tracker.markCommitted(offsets);
                log.debug("Step runner {} committed {}", config.runnerId(), offsets);
                return;
            } catch (WakeupException e) {
                // a pending wakeup from close(); the second attempt runs without it
            } catch (KafkaException e) {
                log.warn("Step runner {}: commit of {} failed, those commands will be delivered again: {}",
                        config.runnerId(), offsets, e.toString());
                return;
            }
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            if (running.get()) {
                rebalances.incrementAndGet();
            }
            try {
                if (!tracker.awaitDrained(partitions, REVOKE_DRAIN_MS)) {
                    log.warn("Step runner {}: {} commands of revoked partitions still in flight after {} ms; they"
                            + " will be delivered again", config.runnerId(), tracker.pending(partitions),
                            REVOKE_DRAIN_MS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            commitSync(tracker.committable(partitions));
            tracker.remove(partitions);
            partitions.forEach(backoffUntil::remove);
            log.info("Step runner {}: partitions revoked {}", config.runnerId(), partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                rebalances.incrementAndGet();
            }
            tracker.remove(partitions);
            partitions.forEach(backoffUntil::remove);
            log.warn("Step runner {}: partitions lost {}", config.runnerId(), partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                log.info("Step runner {}: partitions assigned {}", config.runnerId(), partitions);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ shutdown

    private void shutdown() {
        running.set(false);
        drain(fatal.get() == null ? CLOSE_DRAIN_MS : FATAL_DRAIN_MS);
        try {
            commitSync(tracker.committable());
        } catch (RuntimeException e) {
            log.warn("Step runner {}: final commit failed: {}", config.runnerId(), e.toString());
        }
        // everything committable is committed; the revocation callback of close() must not wait again
        tracker.remove(tracker.partitions());
        closeQuietly(consumer);
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("Step runner {}: worker threads did not stop", config.runnerId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            producer.close(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            log.warn("Step runner {}: closing the producer failed: {}", config.runnerId(), e.toString());
        }
        log.info("Step runner {} stopped: {} steps executed, {} commands rejected", config.runnerId(),
                stepsExecuted.get(), rejected.get());
    }

    /**
     * Waits (bounded) for in-flight commands to finish. Keeps polling with every partition paused meanwhile, so the
     * consumer stays in its group (no {@code max.poll.interval.ms} expiry) and rebalance callbacks still run; records
     * returned for partitions assigned during the drain are ignored (never dispatched, so never committed).
     */
    private void drain(long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (tracker.pending() > 0 && System.currentTimeMillis() < deadline) {
            try {
                consumer.pause(consumer.assignment());
                consumer.poll(POLL_TIMEOUT);
            } catch (WakeupException e) {
                // the wakeup from close(); keep draining
            } catch (RuntimeException e) {
                log.warn("Step runner {}: polling while draining failed, waiting without polling: {}",
                        config.runnerId(), e.toString());
                try {
                    tracker.awaitDrained(tracker.partitions(), Math.max(0, deadline - System.currentTimeMillis()));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
                break;
            }
        }
        if (tracker.pending() > 0) {
            log.warn("Step runner {}: {} commands still in flight after {} ms; they will be delivered again",
                    config.runnerId(), tracker.pending(), timeoutMs);
        }
    }

    private void closeQuietly(KafkaConsumer<byte[], byte[]> c) {
        if (c == null) {
            return;
        }
        try {
            c.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(10)));
        } catch (RuntimeException e) {
            log.warn("Step runner {}: closing the consumer failed: {}", config.runnerId(), e.toString());
        }
    }

    // ------------------------------------------------------------------------------------------------ config

    Map<String, Object> consumerProps() {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.min(DEFAULT_MAX_POLL_RECORDS, config.maxInFlight()));
        // A dead runner holds its partitions for the session timeout: keep it well below typical step timeouts.
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        p.putAll(config.clientOverrides());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        p.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        // producer-only keys in the shared overrides would only produce "unknown config" warnings
        p.keySet().retainAll(ConsumerConfig.configNames());
        return p;
    }

    Map<String, Object> producerProps() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        p.putAll(config.clientOverrides());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        p.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        p.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        // consumer-only keys in the shared overrides would only produce "unknown config" warnings
        p.keySet().retainAll(ProducerConfig.configNames());
        return p;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
