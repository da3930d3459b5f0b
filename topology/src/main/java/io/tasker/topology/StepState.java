package io.tasker.topology;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The state of one step of a task. Every change goes through {@link #transitionTo(StepState)}, checked against one table. */
public enum StepState {
    PENDING, ENQUEUED, IN_PROGRESS, WAITING_FOR_RETRY, COMPLETE, ERROR, CANCELLED, RESOLVED_MANUALLY;

    private static final Map<StepState, Set<StepState>> ALLOWED = new EnumMap<>(StepState.class);

    static {
        ALLOWED.put(PENDING, EnumSet.of(ENQUEUED, CANCELLED, COMPLETE));
        // a runner's result may arrive before (or without) an in-progress report, so enqueued may finish directly
        ALLOWED.put(ENQUEUED, EnumSet.of(IN_PROGRESS, COMPLETE, WAITING_FOR_RETRY, ERROR, CANCELLED));
        ALLOWED.put(IN_PROGRESS, EnumSet.of(COMPLETE, WAITING_FOR_RETRY, ERROR, CANCELLED));
        // error: the task's deadline passed while the step waited for its retry
        ALLOWED.put(WAITING_FOR_RETRY, EnumSet.of(ENQUEUED, CANCELLED, COMPLETE, ERROR));
        // operator actions: retry, resolve by hand, complete by hand with a result
        ALLOWED.put(ERROR, EnumSet.of(PENDING, RESOLVED_MANUALLY, COMPLETE));
        ALLOWED.put(COMPLETE, EnumSet.noneOf(StepState.class));
        ALLOWED.put(CANCELLED, EnumSet.noneOf(StepState.class));
        ALLOWED.put(RESOLVED_MANUALLY, EnumSet.noneOf(StepState.class));
    }

    public boolean canTransitionTo(StepState next) {
        return ALLOWED.get(this).contains(next);
    }

    /** @throws IllegalTransitionException when the table does not allow {@code this -> next} */
    public StepState transitionTo(StepState next) {
        if (!canTransitionTo(next)) throw new IllegalTransitionException("step", this, next);
        return next;
    }

    /** An attempt is out with a runner: a result for it is expected. */
    public boolean isAwaitingResult() {
        return this == ENQUEUED || this == IN_PROGRESS;
    }

    /** Counts as done for the steps that depend on it. */
    public boolean satisfiesDependants() {
        return this == COMPLETE || this == RESOLVED_MANUALLY;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static StepState fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
