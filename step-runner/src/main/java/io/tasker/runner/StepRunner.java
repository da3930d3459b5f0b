package io.tasker.runner;

import io.tasker.runner.internal.RunnerEngine;
import io.tasker.templates.TaskTemplate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Executes step commands with registered {@link StepHandler}s and reports their outcomes.
 *
 * <p>{@link #start()}:
 * <ol>
 *   <li>validates the {@link RunnerConfig} and checks that every step of every template names a registered handler
 *       (failing fast with the template validation message);</li>
 *   <li>registers the templates to the compacted templates topic and waits for the broker's acknowledgement, so the
 *       templates exist before tasks are submitted;</li>
 *   <li>subscribes to the step-commands topic of every namespace it serves ({@link RunnerConfig#namespaces()}, by
 *       default the namespaces of its templates) and starts a poll thread. Each command runs on a bounded worker
 *       pool; when {@link RunnerConfig#maxInFlight()} commands are in flight the runner pauses fetching but keeps
 *       polling, so slow handlers never cause a consumer-group rebalance;</li>
 *   <li>every outcome is produced to the step-results topic, keyed by task id (idempotent producer,
 *       {@code acks=all}).</li>
 * </ol>
 *
 * <p><b>Delivery:</b> at-least-once. A command's offset is committed only after its result has been acknowledged,
 * and only as part of a contiguous prefix of finished commands; on partition revocation and on {@link #close()} the
 * runner waits (bounded) for in-flight commands and commits. A crash therefore re-executes unacknowledged attempts,
 * never loses one. Handlers should be idempotent.
 *
 * <p><b>Bad input:</b> a command that cannot be deserialized, or that names a handler this runner does not have, is
 * copied byte for byte to the rejected topic with {@code io.tasker.schemas.RejectedHeaders} (reason
 * {@code deserialization_failed} or {@code unknown_handler}), counted in {@link #rejectedCommands()}, logged at WARN
 * and skipped.
 *
 * <p><b>Fatal errors:</b> a Kafka error when producing a result or polling stops the runner (logged at ERROR); it then
 * reports {@link #isHealthy()} {@code false} and the error via {@link #failure()}. Uncommitted commands are delivered
 * again to the next runner.
 *
 * <p><b>Logging:</b> while a handler runs, the SLF4J MDC holds {@code task_id}, {@code step} and (when present)
 * {@code correlation_id}.
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
        this.engine = new RunnerEngine(Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(handlers, "handlers"), Objects.requireNonNull(templates, "templates"));
    }

    /**
     * Registers the templates and starts consuming. Returns once the templates are acknowledged and the poll thread
     * runs.
     *
     * @throws IllegalArgumentException                           if the configuration is invalid (every problem is
     *                                                            named) or no namespace is to be served
     * @throws io.tasker.templates.TemplateValidationException    if a template names an unregistered handler
     * @throws org.apache.kafka.common.KafkaException             if the templates cannot be registered
     * @throws IllegalStateException                              if the runner was already started
     */
    public StepRunner start() {
        engine.start();
        return this;
    }

    /** Whether the runner is started, has not been closed and has not stopped after a fatal error. */
    public boolean isHealthy() {
        return engine.isHealthy();
    }

    /** How many step attempts this runner has executed and whose results the broker acknowledged. */
    public long stepsExecuted() {
        return engine.stepsExecuted();
    }

    /** How many commands this runner has sent to the rejected topic (poison pills and unknown handlers). */
    public long rejectedCommands() {
        return engine.rejectedCommands();
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

    /** The error that stopped the runner, if it stopped after a fatal error. */
    public Optional<Throwable> failure() {
        return engine.failure();
    }

    /**
     * Stops polling, waits up to 30 s for in-flight commands to finish and their results to be acknowledged, commits
     * their offsets and closes the Kafka clients. Blocks until done. Idempotent; a no-op if never started.
     */
    @Override
    public void close() {
        engine.close();
    }
}
