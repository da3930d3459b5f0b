package io.tasker.runner.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.runner.InvalidEventException;
import io.tasker.templates.EventDeclaration;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The domain events one attempt published, in call order, and the step's declarations they are checked against.
 * Open while the handler runs; {@link #seal(String)} closes it when the attempt's outcome is reported (later
 * {@code publish} calls throw). Behind {@code StepContext.publish} for the runner and the test kit. Thread-safe.
 */
public final class AttemptEvents {

    /**
     * One published event.
     *
     * @param sequence    0-based position among the attempt's events
     * @param payload     the validated payload; read-only by contract
     * @param payloadJson {@code payload} as it travels
     * @param declarative whether the runner published it for a matching {@code condition} (not the handler)
     */
    public record Event(String name, int sequence, JsonNode payload, String payloadJson,
            EventDeclaration declaration, Instant firedAt, boolean declarative) {
    }

    private final String stepName;
    /** Null when the step's template is unknown. */
    private final Map<String, EventDeclaration> declared;
    private final String unknownReason;
    private final Clock clock;
    private final Runnable onViolation;
    private final List<Event> events = new ArrayList<>();
    private String closedBecause;

    private AttemptEvents(String stepName, List<EventDeclaration> declared, String unknownReason, Clock clock,
            Runnable onViolation) {
        this.stepName = Objects.requireNonNull(stepName, "stepName");
        if (declared == null) {
            this.declared = null;
        } else {
            Map<String, EventDeclaration> byName = new LinkedHashMap<>();
            declared.forEach(d -> byName.putIfAbsent(d.name(), d));
            this.declared = Collections.unmodifiableMap(byName);
        }
        this.unknownReason = unknownReason;
        this.clock = clock;
        this.onViolation = onViolation;
    }

    /**
     * The events of an attempt of a step declaring {@code declared}.
     *
     * @param onViolation runs for every refused {@code publish} (undeclared name, bad payload)
     */
    public static AttemptEvents declared(String stepName, List<EventDeclaration> declared, Clock clock,
            Runnable onViolation) {
        return new AttemptEvents(stepName, List.copyOf(declared), null, clock, onViolation);
    }

    /**
     * The events of an attempt whose step declarations are unknown: {@code publish} throws an
     * {@link IllegalStateException} saying {@code reason}, declarative publication is skipped.
     */
    public static AttemptEvents unknown(String stepName, String reason, Clock clock) {
        return new AttemptEvents(stepName, null, Objects.requireNonNull(reason, "reason"), clock, () -> { });
    }

    /** The step's declarations, in declared order; empty when they are unknown. */
    public Optional<List<EventDeclaration>> declarations() {
        return declared == null ? Optional.empty() : Optional.of(List.copyOf(declared.values()));
    }

    /** See {@code StepContext.publish}. */
    public void publish(String name, Object payload) {
        Objects.requireNonNull(name, "name");
        synchronized (this) {
            requireOpen(name);
        }
        if (declared == null) {
            throw new IllegalStateException("cannot publish event '" + name + "': " + unknownReason);
        }
        EventDeclaration declaration = declared.get(name);
        if (declaration == null) {
            throw refused(EventPayloads.undeclared(stepName, name, declared.keySet()));
        }
        JsonNode json;
        try {
            json = EventPayloads.toJson(name, payload);
        } catch (InvalidEventException e) {
            throw refused(e);
        }
        String text = JsonSupport.write(json);
        EventPayloads.Problem problem = EventPayloads.check(declaration, json, text);
        if (problem != null) {
            throw refused(EventPayloads.invalid(name, problem));
        }
        synchronized (this) {
            requireOpen(name); // the attempt may have timed out while the payload was validated
            events.add(new Event(name, events.size(), json, text, declaration, clock.instant(), false));
        }
    }

    private InvalidEventException refused(InvalidEventException e) {
        onViolation.run();
        return e;
    }

    private void requireOpen(String name) {
        if (closedBecause != null) {
            throw new IllegalStateException("cannot publish event '" + name + "': attempt of step '" + stepName
                    + "' is already finished (" + closedBecause + ")");
        }
    }

    /**
     * Closes the attempt: later {@code publish} calls throw, naming {@code why}.
     *
     * @return the events published so far, in order
     */
    public synchronized List<Event> seal(String why) {
        if (closedBecause == null) {
            closedBecause = why;
        }
        return List.copyOf(events);
    }

    /** Forgets the events and opens the log again: a new attempt (test kit only). */
    public synchronized void reset() {
        events.clear();
        closedBecause = null;
    }

    /** The events published so far, in order. */
    public synchronized List<Event> events() {
        return List.copyOf(events);
    }
}
