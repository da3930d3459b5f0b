package io.tasker.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a {@link StepHandler} needs to execute one attempt of one step: identity of the task and step, the task
 * context, the results of the steps this step depends on and the handler's static configuration.
 *
 * <p>A new instance is created per attempt and is confined to the worker thread running the handler; it may be read
 * from other threads the handler starts, but is not meant to be kept after {@code handle} returns.
 *
 * <p>The JSON trees returned are <b>read-only by contract</b>: handlers must not mutate them (copy with
 * {@link JsonNode#deepCopy()} first). Unless stated otherwise, no method returns {@code null}.
 */
public interface StepContext {

    /** The task's id; never {@code null}. */
    String taskId();

    /** The name of the step being executed, as declared in the template; never {@code null}. */
    String stepName();

    /** The attempt number, 1-based: {@code 1} is the first execution, {@code 2} the first retry, and so on. */
    int attempt();

    /** The template's namespace; never {@code null}. */
    String namespace();

    /** The template's name; never {@code null}. */
    String templateName();

    /** The template's version; never {@code null}. */
    String templateVersion();

    /** The correlation id the task was submitted with; {@code null} when none was given. */
    String correlationId();

    /** The task context (the JSON object the task was submitted with); never {@code null}. Read-only. */
    JsonNode context();

    /**
     * The results of the steps this step depends on, keyed by step name; never {@code null}, unmodifiable, empty for
     * root steps. The values are read-only.
     */
    Map<String, JsonNode> dependencyResults();

    /**
     * The result of one dependency.
     *
     * @param step the name of a step this step depends on
     * @return its result; never {@code null} (a step that returned JSON null yields a {@code NullNode}). Read-only.
     * @throws IllegalArgumentException if {@code step} is not among {@link #dependencyResults()}; the message names
     *                                  the step and the available ones
     */
    JsonNode dependencyResult(String step);

    /**
     * The handler configuration from the template ({@code handler.config}); an empty object when the template
     * declares none, never {@code null}. Read-only.
     */
    JsonNode config();

    /**
     * When this attempt should be finished by: the moment the handler started plus the step's timeout, when it has
     * one. At the deadline the runner interrupts the handler's thread and reports the attempt as timed out; whatever
     * the handler returns afterwards is discarded. Long-running handlers should check it (and
     * {@link Thread#isInterrupted()}) and give up in time.
     *
     * @return the deadline, or empty when the step has no timeout
     */
    Optional<Instant> deadline();
}
