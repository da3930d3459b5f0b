package io.tasker.kafka;

import org.apache.kafka.common.KafkaException;

/**
 * A component cannot work with the Kafka cluster it was pointed at: wrong credentials, an untrusted certificate, a
 * missing permission, or no answer at all (unreachable, or a {@code security.protocol} that does not match the
 * listener). The message names the cause and the setting to check; the Kafka client's exception is the cause.
 */
public final class KafkaStartupException extends KafkaException {
    private final Reason reason;

    /** What went wrong, for callers and tests that branch on it. */
    public enum Reason {
        /** The broker rejected the SASL credentials. */
        AUTHENTICATION,
        /** The TLS handshake failed, e.g. the broker's certificate is not trusted. */
        TLS,
        /** Authenticated, but the principal may not do what the preflight asked. */
        AUTHORIZATION,
        /** No answer within the preflight timeout. */
        TIMEOUT,
        /** Any other client failure. */
        OTHER
    }

    public KafkaStartupException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
