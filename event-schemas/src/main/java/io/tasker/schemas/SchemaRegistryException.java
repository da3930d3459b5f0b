package io.tasker.schemas;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A schema registry call failed: the registry was unreachable, refused the request, or answered something
 * this client cannot use.
 *
 * <p>It extends Kafka's {@link SerializationException} so that a record whose schema cannot be resolved is
 * treated like any other undecodable record by Kafka's deserialization exception handlers. Immutable.
 */
public class SchemaRegistryException extends SerializationException {
    private static final long serialVersionUID = 1L;

    /** {@link #httpStatus()} when no HTTP response was received (registry unreachable, timeout, interrupt). */
    public static final int NO_RESPONSE = 0;
    /** {@link #errorCode()} when the registry's answer carried no Confluent {@code error_code}. */
    public static final int NO_ERROR_CODE = -1;

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, int httpStatus, int errorCode) {
        this(message, httpStatus, errorCode, null);
    }

    /** The HTTP status the registry answered with, or {@link #NO_RESPONSE} if it did not answer. */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * The Confluent error code from the response body (e.g. {@code 409}, {@code 40401} subject not found,
     * {@code 40403} schema not found), or {@link #NO_ERROR_CODE}.
     */
    public int errorCode() {
        return errorCode;
    }
}
