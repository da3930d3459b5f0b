package io.tasker.runner.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasker.runner.InvalidEventException;
import io.tasker.runner.StepOutcome;
import io.tasker.templates.EventDeclaration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Declarative publication: once an attempt's outcome is known, every declared event whose {@code condition} matches
 * it and that the handler did not publish itself is published with the step result (success) or the error object
 * {@code {"error_message", "exception_class", "attempt", "retryable"}} (failure) as payload.
 *
 * <p>A declared contract is never skipped silently: if such a payload does not meet the event's contract (schema,
 * size), the step fails permanently with an error naming the event and the violation, and no declarative event of
 * the broken outcome is published. A success turned into that failure then gets the events declared for failure (with
 * the new error as payload); if those break their contract too, the message says so and none is published. A
 * failure whose failure-condition event breaks its contract stays failed, becomes permanent, and its message gains
 * the violation. Events the handler published always travel with the outcome. Stateless.
 */
public final class DeclarativeEvents {

    /** The payload fields of a declarative failure event. */
    public static final String ERROR_MESSAGE = "error_message";
    public static final String EXCEPTION_CLASS = "exception_class";
    public static final String ATTEMPT = "attempt";
    public static final String RETRYABLE = "retryable";

    private DeclarativeEvents() {
    }

    /**
     * What the attempt reports.
     *
     * @param outcome    the outcome to report: the handler's, or the permanent failure of a broken contract
     * @param events     the handler's events followed by the declarative ones, sequence numbers contiguous from 0
     * @param violations how many declarative payloads broke their contract
     */
    public record Decision(StepOutcome outcome, List<AttemptEvents.Event> events, int violations) {
    }

    /**
     * @param published what the handler published, in order (sequences 0..n-1)
     * @param declared  the step's event declarations
     * @param firedAt   the time the declarative events carry (when the outcome was known)
     */
    public static Decision apply(String stepName, int attempt, StepOutcome outcome,
            List<AttemptEvents.Event> published, List<EventDeclaration> declared, Instant firedAt) {
        Set<String> byHandler = new HashSet<>();
        published.forEach(e -> byHandler.add(e.name()));
        Pass first = pass(stepName, attempt, outcome, published, declared, byHandler, firedAt);
        if (first.violations.isEmpty()) {
            return new Decision(outcome, first.events, 0);
        }
        String broken = String.join("; ", first.violations);
        if (outcome instanceof StepOutcome.Failure f) {
            String message = Outcomes.truncate(f.message(), Outcomes.MAX_MESSAGE_CHARS / 2)
                    + "; also, " + broken;
            return new Decision(new StepOutcome.Failure(message, false, null, f.exceptionClass(), f.backtrace()),
                    published, first.violations.size());
        }
        StepOutcome.Failure contractFailure = new StepOutcome.Failure(broken, false, null,
                InvalidEventException.class.getName(), List.of());
        Pass second = pass(stepName, attempt, contractFailure, published, declared, byHandler, firedAt);
        int violations = first.violations.size() + second.violations.size();
        if (second.violations.isEmpty()) {
            return new Decision(contractFailure, second.events, violations);
        }
        return new Decision(new StepOutcome.Failure(broken + "; also, " + String.join("; ", second.violations),
                false, null, InvalidEventException.class.getName(), List.of()), published, violations);
    }

    private record Pass(List<AttemptEvents.Event> events, List<String> violations) {
    }

    private static Pass pass(String stepName, int attempt, StepOutcome outcome, List<AttemptEvents.Event> published,
            List<EventDeclaration> declared, Set<String> byHandler, Instant firedAt) {
        boolean success = outcome instanceof StepOutcome.Success;
        List<AttemptEvents.Event> events = new ArrayList<>(published);
        List<String> violations = new ArrayList<>();
        JsonNode payload = null;
        String json = null;
        for (EventDeclaration d : declared) {
            if (!d.publishesOn(success) || byHandler.contains(d.name())) {
                continue;
            }
            if (payload == null) {
                payload = payload(outcome, attempt);
                json = JsonSupport.write(payload);
            }
            EventPayloads.Problem problem = EventPayloads.check(d, payload, json);
            if (problem != null) {
                violations.add("event contract violated: step '" + stepName + "' "
                        + (success ? "succeeded" : "failed") + " and its declared event '" + d.name()
                        + "' (condition " + d.condition().name().toLowerCase(java.util.Locale.ROOT) + ") would carry"
                        + " the step " + (success ? "result" : "error") + " as payload, which "
                        + problem.description());
            } else {
                events.add(new AttemptEvents.Event(d.name(), events.size(), payload, json, d, firedAt, true));
            }
        }
        return new Pass(violations.isEmpty() ? events : published, violations);
    }

    /** The payload of a declarative event: the result of a success, the error object of a failure. */
    static JsonNode payload(StepOutcome outcome, int attempt) {
        if (outcome instanceof StepOutcome.Success s) {
            return s.result();
        }
        StepOutcome.Failure f = (StepOutcome.Failure) outcome;
        ObjectNode error = JsonSupport.MAPPER.createObjectNode();
        error.put(ERROR_MESSAGE, Outcomes.truncate(f.message(), Outcomes.MAX_MESSAGE_CHARS));
        error.put(EXCEPTION_CLASS, f.exceptionClass() == null ? null
                : Outcomes.truncate(f.exceptionClass(), Outcomes.MAX_EXCEPTION_CLASS_CHARS));
        error.put(ATTEMPT, attempt);
        error.put(RETRYABLE, f.retryable());
        return error;
    }
}
