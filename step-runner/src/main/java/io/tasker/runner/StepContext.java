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
 * (and {@link #publish(String, Object)} called) from other threads the handler starts while {@code handle} runs, but
 * it is not meant to be kept after {@code handle} returns.
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

    /**
     * Publishes a domain event this step declares in its template ({@code publishes_events}). The payload is
     * validated now, at the call; the event itself travels with this attempt's outcome and is released as the
     * event's {@code delivery} says:
     * <ul>
     *   <li>{@code durable} (the default): carried in the attempt's step result and written to
     *       {@code tasker.domain-events.<namespace>} by the topology when, and only when, it records this attempt,
     *       exactly once;</li>
     *   <li>{@code fire_and_forget}: produced by the runner as soon as the handler returns, best effort (it may be
     *       lost, duplicated, or come from an attempt that is later discarded).</li>
     * </ul>
     * A handler may publish any number of events, under the same or different names; they keep the order of the
     * calls (each gets the next sequence number of the attempt, which, with the task, step, attempt and name,
     * determines its {@code event_id}). Events published before the handler fails travel with the failure too.
     * Publishing an event under a name suppresses the step's <em>declarative</em> publication of that name for this
     * attempt (otherwise the runner publishes the step result or error itself when the event's {@code condition}
     * matches the outcome).
     *
     * <p><b>Threading:</b> thread-safe; may be called from threads the handler starts, but only while
     * {@code handle} runs.
     *
     * @param name    the declared event name, e.g. {@code order.created}; not {@code null}
     * @param payload a {@link JsonNode}, a {@code Map}, or any object Jackson can map (a Java {@code record}, a POJO,
     *                a {@code List}, a string, a number...); {@code null} is a JSON {@code null}. Converted and copied
     *                at the call, so later changes to the object are not seen.
     * @throws NullPointerException  if {@code name} is {@code null}
     * @throws InvalidEventException (an {@link IllegalArgumentException}) if the step does not declare {@code name}
     *                               (the message lists the declared names), if the payload cannot be converted to
     *                               JSON, is larger than 64 KiB of JSON ({@code TaskerLimits.EVENT_PAYLOAD_MAX_BYTES};
     *                               the message gives size and limit) or does not match the event's schema (the
     *                               message names the event and every violation). Left uncaught, it fails the step
     *                               permanently.
     * @throws IllegalStateException if the runner does not know this step's template (it was not started with it, so
     *                               it cannot know the declared events; the step fails like on any other exception,
     *                               retryably), or after the attempt finished ({@code handle} returned or the
     *                               attempt timed out)
     */
    void publish(String name, Object payload);
}
