package io.tasker.schemas;

import java.util.List;

/**
 * The SLF4J MDC keys Tasker sets on every log line written while a task is being processed: by the topology's
 * processors and timers, around a step handler in the runner, and around a subscriber handler in the SDK. They are
 * part of the log contract (JSON log lines carry them under {@code mdc}; the text pattern prints {@link #TASK_ID}),
 * so they are named here once and shared. Set them with {@link TaskLogContext}.
 */
public final class LogKeys {
    /** The task being processed. */
    public static final String TASK_ID = "task_id";
    /** The caller's correlation id of that task, when it has one. */
    public static final String CORRELATION_ID = "correlation_id";
    /** The step being handled, when the work concerns one step. */
    public static final String STEP_NAME = "step_name";
    /** The step's attempt (1-based, decimal), when the work concerns one attempt. */
    public static final String ATTEMPT = "attempt";
    /** The subscriber handler's own attempt on one event (1-based, decimal); the SDK sets it next to {@link #ATTEMPT}. */
    public static final String HANDLER_ATTEMPT = "handler_attempt";
    /** Reserved for tracing: the W3C trace id of the current span (not set yet). */
    public static final String TRACE_ID = "trace_id";
    /** Reserved for tracing: the W3C span id of the current span (not set yet). */
    public static final String SPAN_ID = "span_id";

    /**
     * The logger the topology and the runner print their effective configuration to at start-up (one INFO line,
     * secret-looking values masked): a deployment can keep it at INFO while {@code io.tasker} logs only warnings.
     */
    public static final String CONFIG_LOGGER = "io.tasker.config";

    /** Every MDC key above, in the order a reader looks for them. */
    public static final List<String> ALL = List.of(TASK_ID, CORRELATION_ID, STEP_NAME, ATTEMPT, HANDLER_ATTEMPT,
            TRACE_ID, SPAN_ID);

    private LogKeys() {
    }
}
