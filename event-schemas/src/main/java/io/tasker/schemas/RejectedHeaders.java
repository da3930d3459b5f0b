package io.tasker.schemas;

/** Header names on records of the rejected topic; values are UTF-8 strings. */
public final class RejectedHeaders {
    /** Machine-readable reason code, e.g. {@code deserialization_failed}, {@code unknown_template}, {@code invalid_context}. */
    public static final String REASON = "tasker.rejected.reason";
    /** Human-readable detail: the error message. */
    public static final String DETAIL = "tasker.rejected.detail";
    public static final String SOURCE_TOPIC = "tasker.rejected.source.topic";
    public static final String SOURCE_PARTITION = "tasker.rejected.source.partition";
    public static final String SOURCE_OFFSET = "tasker.rejected.source.offset";
    public static final String EXCEPTION_CLASS = "tasker.rejected.exception.class";
    public static final String REJECTED_AT = "tasker.rejected.at";

    private RejectedHeaders() {
    }
}
