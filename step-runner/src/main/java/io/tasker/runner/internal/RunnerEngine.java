package io.tasker.runner.internal;

import io.tasker.avro.StepCommand;
import io.tasker.avro.StepResult;
import io.tasker.runner.HandlerRegistry;
import io.tasker.runner.RunnerConfig;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.schemas.TaskerTopics;
import io.tasker.templates.HandlerCheck;
import io.tasker.templates.TaskTemplate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The implementation behind {@link io.tasker.runner.StepRunner}: starts the runner's parts in order, stops them, and
 * answers the public accessors. See the public class for the contract.
 *
 * <p>Threads: one poll thread ({@link PollLoop}) owns the consumer; worker threads run handlers and send results
 * ({@link StepExecutor}); producer callback threads complete offsets ({@link InFlightCommands}). The consumer is only
 * touched by the poll thread (except {@code wakeup()}).
 */
public final class RunnerEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunnerEngine.class);

    private final RunnerConfig config;
    private final HandlerRegistry handlers;
    private final List<TaskTemplate> templates;
    private final TaskerTopics topics;

    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final RunnerState state;
    private final InFlightCommands inFlight;
    private final PartitionBackoff backoff = new PartitionBackoff();

    private volatile Set<String> namespaces = Set.of();
    private volatile Rejecter rejecter;
    private volatile RebalanceListener rebalance;
    private volatile Thread pollThread;

    public RunnerEngine(RunnerConfig config, HandlerRegistry handlers, List<TaskTemplate> templates) {
        this.config = config;
        this.handlers = handlers;
        this.templates = List.copyOf(templates);
        this.topics = new TaskerTopics(config.topicPrefix());
        this.state = new RunnerState(config.runnerId());
        this.inFlight = new InFlightCommands(state);
    }

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

        TaskerAvroSerde<StepCommand> commandSerde =
                TaskerAvroSerde.forValues(StepCommand.class, config.schemaRegistryUrl());
        TaskerAvroSerde<StepResult> resultSerde =
                TaskerAvroSerde.forValues(StepResult.class, config.schemaRegistryUrl());
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(ClientProps.producer(config),
                new ByteArraySerializer(), new ByteArraySerializer());
        KafkaConsumer<byte[], byte[]> consumer = null;
        ThreadPoolExecutor workers = null;
        try {
            new TemplateRegistrar(config.runnerId(), config.schemaRegistryUrl(), topics.templates())
                    .register(producer, templates);
            warmUp(resultSerde);
            consumer = new KafkaConsumer<>(ClientProps.consumer(config), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            state.attach(consumer);
            List<String> subscribed = ns.stream().map(topics::stepCommands).toList();
            RebalanceListener listener = new RebalanceListener(config.runnerId(), state, inFlight.offsets(), backoff);
            consumer.subscribe(subscribed, listener);
            OffsetCommitter committer = new OffsetCommitter(config.runnerId(), consumer, inFlight.offsets());
            listener.committer(committer);
            workers = newWorkerPool(config.workerThreads());
            Rejecter rej = new Rejecter(producer, topics.rejected(), inFlight);
            StepExecutor executor = new StepExecutor(config.runnerId(), workers, producer, resultSerde,
                    topics.stepResults(), inFlight, state);
            RunnerShutdown shutdown = new RunnerShutdown(config.runnerId(), state, consumer, inFlight, committer,
                    workers, producer, rej);
            PollLoop loop = new PollLoop(config.runnerId(), config.maxInFlight(), state, consumer, commandSerde,
                    handlers, inFlight, backoff, executor, rej, committer, shutdown);
            rejecter = rej;
            rebalance = listener;
            state.setRunning(true);
            pollThread = new Thread(loop, "tasker-runner-poll");
            pollThread.start();
            log.info("Step runner {} started: group {}, topics {}, {} handlers, {} worker threads, max in flight {}",
                    config.runnerId(), config.groupId(), subscribed, known.size(), config.workerThreads(),
                    config.maxInFlight());
        } catch (RuntimeException e) {
            state.setRunning(false);
            RunnerShutdown.closeQuietly(consumer, config.runnerId());
            producer.close(Duration.ofSeconds(5));
            if (workers != null) {
                workers.shutdownNow();
            }
            throw e;
        }
    }

    private static ThreadPoolExecutor newWorkerPool(int threads) {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "tasker-runner-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Serializes one dummy result so the result schema is registered (and its id cached) before any worker runs:
     * an unreachable or rejecting registry then fails {@code start()} instead of the first step.
     */
    private void warmUp(TaskerAvroSerde<StepResult> resultSerde) {
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
        state.setRunning(false);
        state.wakeUp();
        Thread t = pollThread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(RunnerShutdown.CLOSE_DRAIN_MS + 30_000);
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
        return state.isRunning() && state.failure().isEmpty() && t != null && t.isAlive();
    }

    public long stepsExecuted() {
        return inFlight.stepsExecuted();
    }

    public long rejectedCommands() {
        Rejecter r = rejecter;
        return r == null ? 0 : r.rejected();
    }

    public long rebalances() {
        RebalanceListener r = rebalance;
        return r == null ? 0 : r.rebalances();
    }

    public Set<String> namespaces() {
        return namespaces;
    }

    /** The error that stopped the runner, if any. */
    public Optional<Throwable> failure() {
        return state.failure();
    }
}
