package io.tasker.schemas;

import org.slf4j.MDC;

/**
 * Puts a task's identity in the SLF4J MDC ({@link LogKeys}) for the work of one record, one timer or one handler
 * attempt on the current thread, and removes it afterwards:
 *
 * <pre>{@code
 * try (TaskLogContext log = TaskLogContext.open(taskId).correlationId(cid).step(stepName, attempt)) {
 *     ... // every line logged here carries task_id, correlation_id, step_name, attempt
 * }
 * }</pre>
 *
 * Null values are skipped (a key is only present where it is known), and a key can be added once the value is known,
 * e.g. the correlation id after the record was decoded. {@link #close()} removes every task key, whatever set it:
 * work on a pooled thread must never leave one task's ids on the next task's lines.
 */
public final class TaskLogContext implements AutoCloseable {

    private TaskLogContext() {
    }

    /** Clears any task keys left on this thread, then sets {@link LogKeys#TASK_ID} (when not null). */
    public static TaskLogContext open(String taskId) {
        clear();
        put(LogKeys.TASK_ID, taskId);
        return new TaskLogContext();
    }

    /** Sets {@link LogKeys#CORRELATION_ID} (when not null). */
    public TaskLogContext correlationId(String correlationId) {
        put(LogKeys.CORRELATION_ID, correlationId);
        return this;
    }

    /** Sets {@link LogKeys#STEP_NAME} and {@link LogKeys#ATTEMPT} (each when not null; attempts below 1 are unknown). */
    public TaskLogContext step(String stepName, Integer attempt) {
        put(LogKeys.STEP_NAME, stepName);
        if (attempt != null && attempt > 0) put(LogKeys.ATTEMPT, Integer.toString(attempt));
        return this;
    }

    /** Sets any key of {@link LogKeys} (when the value is not null). */
    public TaskLogContext with(String key, String value) {
        put(key, value);
        return this;
    }

    /** Sets {@link LogKeys#CORRELATION_ID} on the current thread's context (when not null), for code without the handle. */
    public static void putCorrelationId(String correlationId) {
        put(LogKeys.CORRELATION_ID, correlationId);
    }

    /** Removes every {@link LogKeys} key from the current thread's MDC. */
    public static void clear() {
        for (String key : LogKeys.ALL) MDC.remove(key);
    }

    @Override
    public void close() {
        clear();
    }

    private static void put(String key, String value) {
        if (value != null && !value.isEmpty()) MDC.put(key, value);
    }
}
