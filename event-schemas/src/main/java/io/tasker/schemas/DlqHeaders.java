package io.tasker.schemas;

import java.util.List;

/**
 * Header names and reason codes on records of a subscriber's dead-letter topic ({@link TaskerTopics#dlq(String)}).
 * A dead-letter record carries the original key, value and headers of the record that could not be handled, minus
 * any earlier header starting with {@value #PREFIX} (they are replaced, never appended, so headers do not grow when
 * a record is dead-lettered again after a replay), plus the headers below. Values are UTF-8 strings; times are
 * ISO-8601 instants.
 */
public final class DlqHeaders {
    /** Every dead-letter header starts with this; such headers are dropped from the original before adding ours. */
    public static final String PREFIX = "tasker.dlq.";

    /** Why the record was dead-lettered: one of the {@code REASON_*} codes below. */
    public static final String REASON = "tasker.dlq.reason";
    /** The handler that gave up (method name or builder handler name); absent for {@link #REASON_UNDECODABLE}. */
    public static final String HANDLER = "tasker.dlq.handler";
    public static final String EVENT_NAME = "tasker.dlq.event.name";
    public static final String EVENT_ID = "tasker.dlq.event.id";
    /** How many times the handler was invoked before it gave up (decimal). */
    public static final String ATTEMPTS = "tasker.dlq.attempts";
    /** The root cause's class (the innermost cause, not a wrapper). */
    public static final String EXCEPTION_CLASS = "tasker.dlq.exception.class";
    /** The root cause's message, truncated to {@link #MAX_MESSAGE_CHARS} characters. */
    public static final String EXCEPTION_MESSAGE = "tasker.dlq.exception.message";
    public static final String FIRST_FAILURE_AT = "tasker.dlq.first.failure.at";
    public static final String LAST_FAILURE_AT = "tasker.dlq.last.failure.at";
    public static final String SOURCE_TOPIC = "tasker.dlq.source.topic";
    public static final String SOURCE_PARTITION = "tasker.dlq.source.partition";
    public static final String SOURCE_OFFSET = "tasker.dlq.source.offset";
    public static final String SUBSCRIBER = "tasker.dlq.subscriber";

    /** The handler failed on every allowed attempt with a retryable error. */
    public static final String REASON_RETRIES_EXHAUSTED = "retries_exhausted";
    /** The handler threw an error its retry policy does not retry. */
    public static final String REASON_NON_RETRYABLE = "non_retryable";
    /** The handler's last attempt ran past its timeout and was interrupted. */
    public static final String REASON_HANDLER_TIMEOUT = "handler_timeout";
    /** The record could not be decoded (not Avro, unknown schema, wrong type); no handler ran. */
    public static final String REASON_UNDECODABLE = "undecodable";

    /** A replayed record names a handler ({@link #HANDLER}) the subscriber no longer has. */
    public static final String REASON_UNKNOWN_HANDLER = "unknown_handler";

    /** Every reason code, for tools that validate or list them. */
    public static final List<String> REASONS = List.of(REASON_RETRIES_EXHAUSTED, REASON_NON_RETRYABLE,
            REASON_HANDLER_TIMEOUT, REASON_UNDECODABLE, REASON_UNKNOWN_HANDLER);

    /** Longest {@link #EXCEPTION_MESSAGE} value, in characters. */
    public static final int MAX_MESSAGE_CHARS = 1000;

    private DlqHeaders() {
    }
}
