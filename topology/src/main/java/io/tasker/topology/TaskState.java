package io.tasker.topology;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The state of a task. Every change goes through {@link #transitionTo(TaskState)}, checked against one table. */
public enum TaskState {
    PENDING, IN_PROGRESS, COMPLETE, ERROR, CANCELLED, RESOLVED_MANUALLY;

    private static final Map<TaskState, Set<TaskState>> ALLOWED = new EnumMap<>(TaskState.class);

    static {
        ALLOWED.put(PENDING, EnumSet.of(IN_PROGRESS, ERROR, CANCELLED));
        // resolved_manually: every step is done and an operator resolved at least one of them by hand
        ALLOWED.put(IN_PROGRESS, EnumSet.of(COMPLETE, RESOLVED_MANUALLY, ERROR, CANCELLED));
        // operator actions: retry, resolve or complete a step resume the task; cancel ends it
        ALLOWED.put(ERROR, EnumSet.of(IN_PROGRESS, RESOLVED_MANUALLY, CANCELLED));
        ALLOWED.put(COMPLETE, EnumSet.noneOf(TaskState.class));
        ALLOWED.put(CANCELLED, EnumSet.noneOf(TaskState.class));
        ALLOWED.put(RESOLVED_MANUALLY, EnumSet.noneOf(TaskState.class));
    }

    public boolean canTransitionTo(TaskState next) {
        return ALLOWED.get(this).contains(next);
    }

    /** @throws IllegalTransitionException when the table does not allow {@code this -> next} */
    public TaskState transitionTo(TaskState next) {
        if (!canTransitionTo(next)) throw new IllegalTransitionException("task", this, next);
        return next;
    }

    /** No step will ever be dispatched for a task in a terminal state. ({@code error} is not terminal: an operator may retry.) */
    public boolean isTerminal() {
        return this == COMPLETE || this == CANCELLED || this == RESOLVED_MANUALLY;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static TaskState fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
