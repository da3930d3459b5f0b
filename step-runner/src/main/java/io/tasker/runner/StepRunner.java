package io.tasker.runner;

import io.tasker.runner.internal.RunnerEngine;
import io.tasker.telemetry.TaskerTelemetry;
import io.tasker.schemas.RejectReason;
import io.tasker.templates.TaskTemplate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Executes step commands with registered {@link StepHandler}s and reports their outcomes.
 *
 * <p>{@link #start()}:
 * <ol>
 *   <li>validates the {@link RunnerConfig} and checks that every step of every template names a registered handler
 *       (failing fast with the template validation message);</li>
 *   <li>starts the HTTP endpoint when {@link RunnerConfig#httpPort()} is set (see <b>Health</b> below);</li>
 *   <li>reads the templates already registered on the compacted templates topic. A template version is immutable: a
 *       template registered under the same {@code namespace/name/version} with the same definition is not registered
 *       again, one registered with a different definition fails the start with a {@link TemplateConflictException}
 *       naming the key and the changed parts;</li>
 *   <li>creates the step-command topic and the domain-events topic ({@code tasker.domain-events.<namespace>}) of
 *       every namespace it serves ({@link RunnerConfig#namespaces()}, by default the namespaces of its templates) if
 *       they do not exist, with {@link RunnerConfig#topicPartitions()} and
 *       {@link RunnerConfig#topicReplicationFactor()} (broker defaults when unset). Existing topics are left as they
 *       are; a topic that cannot be checked or created (e.g. not authorized) fails the start naming the topic;</li>
 *   <li>registers the new templates and waits for the broker's acknowledgement, so the templates exist before tasks
 *       are submitted;</li>
 *   <li>subscribes to the step-command topics and starts a poll thread. Each command runs on a bounded worker pool;
 *       when {@link RunnerConfig#maxInFlight()} commands are in flight the runner pauses fetching but keeps polling,
 *       so slow handlers never cause a consumer-group rebalance;</li>
 *   <li>every outcome is produced to the step-results topic, keyed by task id (idempotent producer,
 *       {@code acks=all}).</li>
 * </ol>
 *
 * <p><b>Delivery:</b> at-least-once. A command's offset is committed only after its result has been acknowledged,
 * and only as part of a contiguous prefix of finished commands; on partition revocation and on {@link #close()} the
 * runner waits (bounded) for in-flight commands and commits. A crash therefore re-executes unacknowledged attempts,
 * never loses one. Handlers should be idempotent.
 *
 * <p><b>Timeouts:</b> when the command carries its step's timeout, the runner interrupts the handler's thread once
 * the handler has run that long and reports the attempt as a retryable failure with exception class
 * {@code io.tasker.StepTimeout}; whatever the handler returns afterwards is discarded, so there is exactly one result
 * per attempt. A handler that ignores the interrupt and still runs {@link RunnerConfig#stuckHandlerGraceMs()} later is
 * a <em>stuck handler</em>: it is counted ({@link #stuckHandlers()}), the runner reports itself unhealthy until it
 * returns, and an extra worker thread takes its place (up to {@link RunnerConfig#maxStuckHandlers()}), so the other
 * commands keep running.
 *
 * <p><b>Result size:</b> a success whose result JSON exceeds {@code TaskerLimits.STEP_RESULT_MAX_BYTES} (256 KiB) is
 * reported as a permanent failure {@code result too large: N bytes, limit 262144 bytes (256 KiB)}; so is a result
 * record larger than the producer's {@code max.request.size} or refused by Kafka as too large. The runner stays
 * healthy. Failure messages and backtraces are truncated to a bounded size.
 *
 * <p><b>Domain events:</b> handlers publish the events their step declares with
 * {@link StepContext#publish(String, Object)}; in addition, when the attempt's outcome matches a declared event's
 * {@code condition} and the handler did not publish that name, the runner publishes the step result (success) or the
 * error object {@code {"error_message", "exception_class", "attempt", "retryable"}} (failure) as the payload
 * (<em>declarative</em> publication). A declarative payload that does not match the event's schema (or exceeds 64
 * KiB) fails the step permanently with an error naming the event and the violation. {@code durable} events travel in
 * the attempt's step result ({@code StepResult.events}) and are released by the topology only if it records the
 * attempt; {@code fire_and_forget} events are produced by the runner to {@code tasker.domain-events.<namespace>}
 * when the handler returns (key task id, Avro {@code DomainEvent}, CloudEvents headers), without transaction or
 * retry beyond the producer's: they may be lost, duplicated, or come from an attempt that is later discarded; a failed
 * send is logged and counted ({@link #fireAndForgetSendFailures()}) and never fails the step. The runner finds a
 * step's declarations in the templates it was started with, by the command's namespace, template name and version:
 * for a template it was not started with, {@code publish} throws an {@link IllegalStateException} saying so, and
 * declarative publication is skipped (WARN once per template, counted in {@link #declarativeEventsSkipped()}).
 *
 * <p><b>Bad input:</b> a record that cannot be deserialized (or has no value) is copied byte for byte to the rejected
 * topic with {@code io.tasker.schemas.RejectedHeaders} (reason {@code deserialization_failed} or {@code null_value}).
 * A decoded command that cannot run, because it names a handler this runner does not have ({@code unknown_handler},
 * e.g. during a rolling deploy) or because its context, dependency results or handler config are not valid JSON
 * ({@code invalid_context}, {@code invalid_command}), also goes to the rejected topic <em>and</em> gets a permanent
 * step failure whose message says why (e.g.
 * {@code handler 'x' of step 's' is not registered on runner r1 (known: a, b)}), so the task moves to error instead of
 * waiting. All are counted in {@link #rejectedCommands()} and
 * {@link #rejectedByReason()}, logged at WARN with topic, partition and offset, and skipped.
 *
 * <p><b>Fatal errors:</b> a Kafka error when producing a result (other than a record too large) or polling stops the
 * runner (logged at ERROR); it then reports {@link #isHealthy()} {@code false} and the error via {@link #failure()}.
 * Uncommitted commands are delivered again to the next runner.
 *
 * <p><b>Health:</b> with {@link RunnerConfig#httpPort()} {@code >= 0}, {@code GET /health} answers 200
 * {@code {"status":"UP",...}} or 503 {@code {"status":"DOWN","reasons":[...]}} (starting, stopped, fatal error, stuck
 * handlers), {@code GET /v1/stats} the counters as JSON and {@code GET /metrics} the Prometheus text exposition of the
 * same instruments; {@link #httpPort()} gives the bound port.
 *
 * <p><b>Registry:</b> once started, the runner announces itself on the compacted registry topic
 * ({@code <prefix>registry}, created if missing) every {@link RunnerConfig#announceIntervalMs()} (default 30 s): its id,
 * host, process id, version, group, namespaces, handlers, worker threads, in-flight commands and health, so the
 * platform lists it ({@code GET /v1/runners}). {@link #close()} sends a last announcement saying it stopped. Announcing
 * is best effort: a registry topic that cannot be created or written is logged at WARN and never affects the steps.
 *
 * <p><b>Logging:</b> while a handler runs, the SLF4J MDC holds {@code task_id}, {@code step_name}, {@code attempt} and
 * (when present) {@code correlation_id} ({@link io.tasker.schemas.LogKeys}); they are removed when the attempt ends.
 *
 * <p>Thread-safe. A runner can be started once; {@link #close()} is idempotent.
 */
public final class StepRunner implements AutoCloseable {

    private final RunnerEngine engine;

    /**
     * Creates a runner; nothing connects until {@link #start()}.
     *
     * @param config    the configuration; not {@code null}
     * @param handlers  the handlers this runner executes; not {@code null}. Register all handlers before
     *                  {@link #start()}.
     * @param templates the templates this runner serves and registers at start-up; not {@code null}, may be empty
     *                  when {@link RunnerConfig#namespaces()} is set
     */
    public StepRunner(RunnerConfig config, HandlerRegistry handlers, List<TaskTemplate> templates) {
        this(config, handlers, templates, TaskerTelemetry.off("tasker-runner"));
    }

    /**
     * Creates a runner whose metrics are instruments of {@code telemetry} (exported by OTLP when it has an endpoint,
     * served at {@code GET /metrics} as Prometheus text and at {@code GET /v1/stats} as JSON, read by this class's
     * getters) and whose handler executions are traced with it (a no-op when its tracing is off): each execution is a
     * {@code CONSUMER} span {@code process <step-commands topic>}, the child of the span the command's
     * {@code traceparent} header names (the topology's span of that step attempt), and the result and the domain
     * events it produces carry its {@code traceparent}. The handler's log lines carry {@code trace_id} and
     * {@code span_id}. The runner does not close {@code telemetry}.
     *
     * @param telemetry the process's OpenTelemetry; not {@code null} ({@link TaskerTelemetry#off(String)} for none)
     */
    public StepRunner(RunnerConfig config, HandlerRegistry handlers, List<TaskTemplate> templates,
            TaskerTelemetry telemetry) {
        this.engine = new RunnerEngine(Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(handlers, "handlers"), Objects.requireNonNull(templates, "templates"),
                Objects.requireNonNull(telemetry, "telemetry"));
    }

    /**
     * Registers the templates and starts consuming. Returns once the templates are acknowledged and the poll thread
     * runs.
     *
     * @throws IllegalArgumentException                           if the configuration is invalid (every problem is
     *                                                            named) or no namespace is to be served
     * @throws io.tasker.templates.TemplateValidationException    if a template names an unregistered handler
     * @throws TemplateConflictException                          if a template version is already registered with a
     *                                                            different definition
     * @throws org.apache.kafka.common.KafkaException             if the templates cannot be read or registered, or a
     *                                                            step-command or domain-events topic cannot be
     *                                                            checked or created (the message names the topic)
     * @throws IllegalStateException                              if the runner was already started
     */
    public StepRunner start() {
        engine.start();
        return this;
    }

    /**
     * Whether the runner is started, has not been closed, has not stopped after a fatal error and has no stuck
     * handler. {@link #healthProblems()} says why not.
     */
    public boolean isHealthy() {
        return engine.isHealthy();
    }

    /**
     * Why the runner is not healthy, one reason per entry (e.g. {@code not started}, {@code stopped after a fatal
     * error: ...}, {@code 1 stuck handler: ...}); empty when it is healthy. The same reasons {@code GET /health}
     * reports.
     */
    public List<String> healthProblems() {
        return engine.healthProblems();
    }

    /**
     * How many step attempts this runner has run a handler for and whose results (including timeouts and
     * {@code result too large} failures) the broker acknowledged.
     */
    public long stepsExecuted() {
        return engine.stepsExecuted();
    }

    /**
     * How many commands this runner has sent to the rejected topic (undecodable records, unknown handlers, undecodable
     * JSON fields).
     */
    public long rejectedCommands() {
        return engine.rejectedCommands();
    }

    /** {@link #rejectedCommands()} by reason; every reason is present (zero included). Unmodifiable snapshot. */
    public Map<RejectReason, Long> rejectedByReason() {
        return engine.rejectedByReason();
    }

    /** How many attempts this runner interrupted at their step's timeout and reported as timed out. */
    public long stepTimeouts() {
        return engine.stepTimeouts();
    }

    /**
     * How many handlers ignored the interrupt at their timeout and still run (see the class description). The runner
     * is unhealthy while this is above zero.
     */
    public int stuckHandlers() {
        return engine.stuckHandlers();
    }

    /** How many results were replaced by a {@code result too large} permanent failure. */
    public long resultsTooLarge() {
        return engine.resultsTooLarge();
    }

    /** How many durable domain events this runner reported in step results the broker acknowledged. */
    public long durableEventsPublished() {
        return engine.durableEventsPublished();
    }

    /** How many fire-and-forget domain events the broker acknowledged. */
    public long fireAndForgetEventsPublished() {
        return engine.fireAndForgetEventsPublished();
    }

    /** How many fire-and-forget domain events could not be produced (logged at WARN; the steps were not affected). */
    public long fireAndForgetSendFailures() {
        return engine.fireAndForgetSendFailures();
    }

    /**
     * How many attempts had their declarative events skipped because this runner was not started with their
     * template (see the class description).
     */
    public long declarativeEventsSkipped() {
        return engine.declarativeEventsSkipped();
    }

    /**
     * How many event contract violations this runner saw: {@code publish} calls refused (undeclared name, payload too
     * large or not matching the schema) plus declarative payloads that did not match their event's contract.
     */
    public long eventContractViolations() {
        return engine.eventContractViolations();
    }

    /** Commands currently executing or awaiting the acknowledgement of what they produced. */
    public int inFlight() {
        return engine.inFlight();
    }

    /**
     * How many times this runner lost or gave up partitions while running (consumer-group rebalances); a steadily
     * growing value means runners keep joining and leaving the group.
     */
    public long rebalances() {
        return engine.rebalances();
    }

    /** The namespaces this runner consumes; empty before {@link #start()}. */
    public Set<String> namespaces() {
        return engine.namespaces();
    }

    /**
     * The port the {@code /health} and {@code /metrics} endpoint is bound to (the actual port when
     * {@link RunnerConfig#httpPort()} is {@code 0}); empty when the endpoint is disabled or the runner not started.
     */
    public OptionalInt httpPort() {
        return engine.httpPort();
    }

    /** The error that stopped the runner, if it stopped after a fatal error. */
    public Optional<Throwable> failure() {
        return engine.failure();
    }

    /**
     * Stops polling, waits up to 30 s for in-flight commands to finish and their results to be acknowledged, commits
     * their offsets, closes the Kafka clients, announces that the runner stopped and stops the HTTP endpoint. Blocks
     * until done. Idempotent; a no-op if never started.
     */
    @Override
    public void close() {
        engine.close();
    }
}
