package io.tasker.schemas;

/**
 * Why a record went to the rejected topic (header {@link RejectedHeaders#REASON}, wire value {@link #code()}) or why
 * a step failed before its handler ran. One list for every module, so operators and tools match on stable codes.
 */
public enum RejectReason {
    /** The value is not Confluent-wire-format Avro of the expected record, or its schema id is unknown. */
    DESERIALIZATION_FAILED("deserialization_failed"),
    /** A tombstone (no value) where a value is required. */
    NULL_VALUE("null_value"),
    /** The record key differs from the task id inside the value. */
    KEY_MISMATCH("key_mismatch"),
    /** A task id that is empty, too long or has characters outside {@link TaskerLimits#TASK_ID_PATTERN}. */
    INVALID_TASK_ID("invalid_task_id"),
    /** No template with that namespace, name (and version) is registered. */
    UNKNOWN_TEMPLATE("unknown_template"),
    /** No step-command topic exists for the template's namespace: no runner has registered it. */
    UNKNOWN_NAMESPACE("unknown_namespace"),
    /** The task context is not JSON or does not match the template's input schema. */
    INVALID_CONTEXT("invalid_context"),
    /** A step result that cannot be read (unknown status, result not JSON). */
    INVALID_RESULT("invalid_result"),
    /** A task command for a task id the topology does not have. */
    UNKNOWN_TASK("unknown_task"),
    /** The task's template version is no longer in the templates topic. */
    TEMPLATE_MISSING("template_missing"),
    /** A malformed task command (missing step name, result not JSON). */
    INVALID_COMMAND("invalid_command"),
    /** A task command the task's current state does not allow. */
    ILLEGAL_COMMAND("illegal_command"),
    /** Processing the record failed with an unexpected exception (a bug or an inconsistent template); the task, if any, is in error. */
    PROCESSING_FAILED("processing_failed"),
    /** A step command names a handler this runner does not host. */
    UNKNOWN_HANDLER("unknown_handler"),
    /** The record, or what it would produce, exceeds a documented {@link TaskerLimits limit}. */
    TOO_LARGE("too_large");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    /** The stable wire value, e.g. {@code processing_failed}. */
    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return code;
    }
}
