package io.tasker.runner.internal;

import io.tasker.kafka.KafkaPreflight;
import io.tasker.avro.DomainEvent;
import io.tasker.avro.StepCommand;
import io.tasker.avro.StepResult;
import io.tasker.runner.HandlerRegistry;
import io.tasker.runner.RunnerConfig;
import io.tasker.schemas.RejectReason;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.schemas.TaskerTopics;
import io.tasker.schemas.redaction.Redactor;
import io.tasker.templates.HandlerCheck;
import io.tasker.templates.TaskTemplate;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * <p>Threads: one poll thread ({@link PollLoop}) owns the consumer; worker threads ({@link WorkerPool}) run handlers
 * and send results ({@link StepExecutor}); one timer thread enforces step timeouts ({@link TimeoutWatchdog}); producer
 * callback threads complete offsets ({@link InFlightCommands}). The consumer is only touched by the poll thread
 * (except {@code wakeup()}).
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
    private final RunnerMetrics metrics;
    private volatile AutoCloseable inFlightGauge = () -> { };
    private final InFlightCommands inFlight;
    private final PartitionBackoff backoff = new PartitionBackoff();

    private final RunnerStatus status;

    private volatile Thread pollThread;
    private volatile RunnerHttpServer http;
    private volatile RunnerAnnouncer announcer;

    private final io.tasker.telemetry.TaskerTelemetry telemetry;

    public RunnerEngine(RunnerConfig config, HandlerRegistry handlers, List<TaskTemplate> templates) {
        this(config, handlers, templates, null);
    }

    /** @param telemetry the process's OpenTelemetry (metrics, handler spans); null = its own, tracing off, nothing exported */
    public RunnerEngine(RunnerConfig config, HandlerRegistry handlers, List<TaskTemplate> templates,
            io.tasker.telemetry.TaskerTelemetry telemetry) {
        this.telemetry = telemetry == null ? io.tasker.telemetry.TaskerTelemetry.off("tasker-runner") : telemetry;
        this.metrics = new RunnerMetrics(this.telemetry);
        this.config = config;
        this.handlers = handlers;
        this.templates = List.copyOf(templates);
        this.topics = new TaskerTopics(config.topicPrefix());
        this.state = new RunnerState(config.runnerId());
        this.inFlight = new InFlightCommands(state, metrics);
        this.status = new RunnerStatus(config.runnerId(), config.stuckHandlerGraceMs(), state, metrics, inFlight);
    }

    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("step runner " + config.runnerId() + " was already started");
        }
        config.validate();
        inFlightGauge = metrics.observeInFlight(inFlight::count);
        // RunnerConfig#toString passes every value through the configured redaction rules (SettingsRedaction)
        org.slf4j.LoggerFactory.getLogger(io.tasker.schemas.LogKeys.CONFIG_LOGGER).info("step runner configuration: {}", config);
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
        status.starting(ns);
        int maxRequestSize = ClientProps.maxRequestSize(config);

        if (config.httpPort() != RunnerConfig.HTTP_DISABLED) {
            try {
                http = RunnerHttpServer.start(config.httpHost(), config.httpPort(), status::problems,
                        status::healthDetails, status::metricsJson, metrics.telemetry().prometheus());
            } catch (RuntimeException e) {
                status.failedToStart(e);
                throw new IllegalStateException("cannot start the runner's HTTP endpoint on " + config.httpHost()
                        + ":" + config.httpPort() + " (" + RunnerConfig.HTTP_HOST + ", " + RunnerConfig.HTTP_PORT
                        + "): " + e.getMessage(), e);
            }
        }
        KafkaProducer<byte[], byte[]> producer = null;
        KafkaConsumer<byte[], byte[]> consumer = null;
        TimeoutWatchdog watchdog = null;
        WorkerPool workers = null;
        try {
            // one clear error within seconds (credentials, certificate, protocol) instead of clients retrying forever
            KafkaPreflight.check("step runner " + config.runnerId(), config.bootstrapServers(), ClientProps.settings(config));
            // wrong registry credentials or trust stop the start; an outage does not
            io.tasker.schemas.SchemaRegistryClient.shared(config.schemaRegistryUrl(), config.registryClient()).checkAccess();
            TaskerAvroSerde<StepResult> resultSerde =
                    TaskerAvroSerde.forValues(StepResult.class, config.schemaRegistryUrl(), config.registryClient());
            TaskerAvroSerde<DomainEvent> eventSerde =
                    TaskerAvroSerde.forValues(DomainEvent.class, config.schemaRegistryUrl(), config.registryClient());
            producer = new KafkaProducer<>(ClientProps.producer(config), new ByteArraySerializer(),
                    new ByteArraySerializer());
            RunnerBootstrap bootstrap = new RunnerBootstrap(config, topics, templates);
            bootstrap.registerTemplates(producer, ns);
            bootstrap.warmUp(resultSerde, eventSerde, ns);
            consumer = new KafkaConsumer<>(ClientProps.consumer(config), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            state.attach(consumer);
            List<String> subscribed = ns.stream().map(topics::stepCommands).toList();
            RebalanceListener listener =
                    new RebalanceListener(config.runnerId(), state, inFlight.offsets(), backoff, metrics);
            consumer.subscribe(subscribed, listener);
            OffsetCommitter committer = new OffsetCommitter(config.runnerId(), consumer, inFlight.offsets());
            listener.committer(committer);
            workers = new WorkerPool(config.workerThreads(), config.maxStuckHandlers());
            watchdog = new TimeoutWatchdog(config.runnerId(), config.stuckHandlerGraceMs(), workers, metrics);
            Rejecter rejecter = new Rejecter(producer, topics.rejected(), metrics);
            ResultPublisher results = new ResultPublisher(config.runnerId(), producer, resultSerde,
                    topics.stepResults(), maxRequestSize, watchdog.executor(), metrics);
            DeadEnds deadEnds = new DeadEnds(config.runnerId(), rejecter, results, inFlight, metrics);
            Redactor redactor = new Redactor(config.redaction());
            AttemptReporter reporter = new AttemptReporter(results,
                    new FireAndForgetEvents(config.runnerId(), producer, eventSerde, topics, metrics), metrics,
                    new RunnerRedaction(redactor, templates));
            InProgressReports progress = new InProgressReports(config.inProgressAfterMs(), watchdog::later,
                    results::publishInProgress, metrics);
            StepExecutor executor = new StepExecutor(config.runnerId(), workers,
                    new EventCatalog(config.runnerId(), templates, Clock.systemUTC()), reporter, deadEnds, watchdog,
                    inFlight, state, metrics, progress, new HandlerSpans(telemetry, config.runnerId(),
                            config.groupId(), reporter::masked));
            RunnerShutdown shutdown = new RunnerShutdown(config.runnerId(), state, consumer, inFlight, committer,
                    workers, watchdog, producer, metrics);
            PollLoop loop = new PollLoop(config.runnerId(), config.maxInFlight(), state, consumer,
                    TaskerAvroSerde.forValues(StepCommand.class, config.schemaRegistryUrl(), config.registryClient()), handlers, inFlight,
                    backoff, executor, rejecter, deadEnds, committer, shutdown);
            state.setRunning(true);
            pollThread = new Thread(loop, "tasker-runner-poll");
            pollThread.start();
            status.started(pollThread, workers);
            log.info("Step runner {} started: group {}, topics {}, {} handlers, {} worker threads, max in flight {}",
                    config.runnerId(), config.groupId(), subscribed, known.size(), config.workerThreads(),
                    config.maxInFlight());
        } catch (RuntimeException e) {
            state.setRunning(false);
            status.failedToStart(e);
            RunnerShutdown.closeQuietly(consumer, config.runnerId());
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
            if (workers != null) {
                workers.shutdownNow();
            }
            if (watchdog != null) {
                watchdog.shutdown();
            }
            stopHttp();
            throw e;
        }
        announce(known, ns);
    }

    /** Starts announcing on the registry topic; a failure only costs the runner its registry entry. */
    private void announce(Set<String> handlerNames, Set<String> ns) {
        try {
            // threads: the configured pool (threads start lazily, so the pool's current size says little)
            announcer = RunnerAnnouncer.start(config, topics, handlerNames, ns,
                    () -> new RunnerAnnouncements.Snapshot(status.problems(), inFlight.count(), config.workerThreads(),
                            httpPort(), java.time.Instant.now(), false));
        } catch (RuntimeException e) {
            log.warn("Step runner {}: cannot announce itself on {} ({}); it runs but GET /v1/runners will not list it",
                    config.runnerId(), topics.registry(), e.toString());
        }
    }

    /** Stops polling, drains in-flight work (bounded), commits and closes the clients and the endpoint. Idempotent. */
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
        status.closed();
        RunnerAnnouncer a = announcer;
        if (a != null) {
            a.close();
        }
        stopHttp();
        try {
            inFlightGauge.close();
        } catch (Exception e) {
            log.warn("Step runner {}: could not unregister its in-flight gauge: {}", config.runnerId(), e.toString());
        }
    }

    private void stopHttp() {
        RunnerHttpServer h = http;
        if (h != null) {
            try {
                h.close();
            } catch (RuntimeException e) {
                log.warn("Step runner {}: stopping the HTTP endpoint failed: {}", config.runnerId(), e.toString());
            }
        }
    }

    /** Why the runner is not healthy; empty when it is. */
    public List<String> healthProblems() {
        return status.problems();
    }

    public boolean isHealthy() {
        return healthProblems().isEmpty();
    }

    public long stepsExecuted() {
        return metrics.stepsExecuted();
    }

    public long rejectedCommands() {
        return metrics.rejectedTotal();
    }

    public Map<RejectReason, Long> rejectedByReason() {
        return metrics.rejectedByReason();
    }

    public long stepTimeouts() {
        return metrics.timeouts();
    }

    public int stuckHandlers() {
        return metrics.stuckHandlers();
    }

    public long resultsTooLarge() {
        return metrics.resultsTooLarge();
    }

    public long durableEventsPublished() {
        return metrics.durableEventsPublished();
    }

    public long fireAndForgetEventsPublished() {
        return metrics.fireAndForgetEventsPublished();
    }

    public long fireAndForgetSendFailures() {
        return metrics.fireAndForgetSendFailures();
    }

    public long declarativeEventsSkipped() {
        return metrics.declarativeEventsSkipped();
    }

    public long eventContractViolations() {
        return metrics.eventContractViolations();
    }

    public int inFlight() {
        return inFlight.count();
    }

    public long rebalances() {
        return metrics.rebalances();
    }

    public Set<String> namespaces() {
        return status.namespaces();
    }

    public OptionalInt httpPort() {
        RunnerHttpServer h = http;
        return h == null ? OptionalInt.empty() : OptionalInt.of(h.port());
    }

    /** The error that stopped the runner, if any. */
    public Optional<Throwable> failure() {
        return state.failure();
    }
}
