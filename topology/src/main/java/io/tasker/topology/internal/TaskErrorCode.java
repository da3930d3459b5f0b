package io.tasker.topology.internal;

import java.util.Locale;

/**
 * Why a task went to error, as a short code: the {@code error_code} attribute of {@code tasker.tasks.failures.total}.
 * Few values on purpose (a metric attribute); the task's {@code error} text says the details.
 */
public enum TaskErrorCode {
    /** A step failed for good and blocks the rest. */
    STEPS_FAILED,
    /** The template's {@code max_duration_seconds} passed. */
    DEADLINE_EXCEEDED,
    /** An input of the task could not be processed (a bug or bad data, see the rejected topic). */
    PROCESSING_FAILED,
    /** The task's template version is gone or was redefined. */
    TEMPLATE_UNAVAILABLE,
    /** The step-command topic of the task's namespace was deleted while it ran. */
    COMMAND_TOPIC_MISSING;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
