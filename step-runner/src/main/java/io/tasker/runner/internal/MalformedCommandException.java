package io.tasker.runner.internal;

import io.tasker.schemas.RejectReason;

/** A step command whose JSON fields cannot be decoded: running it again cannot help. */
final class MalformedCommandException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    static final String CONTEXT_FIELD = "context_json";

    private final String field;

    MalformedCommandException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** The command field that is not valid JSON, e.g. {@code context_json}. */
    String field() {
        return field;
    }

    /** {@code invalid_context} for the task context, {@code invalid_command} for the rest of the command. */
    RejectReason reason() {
        return CONTEXT_FIELD.equals(field) ? RejectReason.INVALID_CONTEXT : RejectReason.INVALID_COMMAND;
    }
}
