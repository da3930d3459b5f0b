package io.tasker.schemas;

import java.util.regex.Pattern;

/**
 * Size and shape limits of what users send, checked where the data enters the platform (HTTP API, runner,
 * topology), so no record the platform produces can exceed the broker's default 1 MiB message size.
 * Sizes are in bytes of UTF-8 JSON.
 */
public final class TaskerLimits {
    /** A task's context (the request's {@code context}). */
    public static final int CONTEXT_MAX_BYTES = 256 * 1024;
    /** One step attempt's result, and the result an operator gives when completing a step by hand. */
    public static final int STEP_RESULT_MAX_BYTES = 256 * 1024;
    /** One domain event's payload. */
    public static final int EVENT_PAYLOAD_MAX_BYTES = 64 * 1024;
    /**
     * A step command: context plus the results of the step's dependencies plus handler config. A step whose command
     * would be larger fails permanently instead of being produced.
     */
    public static final int STEP_COMMAND_MAX_BYTES = 900 * 1024;
    /** The task record the topology rewrites on every change (state, steps, attempt history; not context or results). */
    public static final int TASK_RECORD_MAX_BYTES = 512 * 1024;
    /** An HTTP request body. */
    public static final int HTTP_BODY_MAX_BYTES = CONTEXT_MAX_BYTES + 16 * 1024;
    /** Client-chosen task ids: 1 to 128 characters of letters, digits and {@code . _ : -}. */
    public static final int TASK_ID_MAX_LENGTH = 128;
    public static final Pattern TASK_ID_PATTERN = Pattern.compile("[A-Za-z0-9._:-]{1," + TASK_ID_MAX_LENGTH + "}");

    private TaskerLimits() {
    }

    /** Whether {@code id} is an acceptable task id. */
    public static boolean isValidTaskId(String id) {
        return id != null && TASK_ID_PATTERN.matcher(id).matches();
    }

    /** "262144 bytes (256 KiB)", for error messages. */
    public static String describe(long bytes) {
        return bytes + " bytes (" + (bytes / 1024) + " KiB)";
    }
}
