package io.tasker.launcher.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import io.tasker.schemas.redaction.Redactor;

/**
 * A logback encoder that masks secrets before another encoder writes the line: the formatted message and the text of
 * every exception in the line (message, causes, suppressed) go through {@link LogRedaction#current()}'s value
 * patterns and literal secrets. It wraps any encoder, so text ({@code PatternLayoutEncoder}) and JSON
 * ({@code JsonEncoder}) lines are masked alike:
 *
 * <pre>{@code
 * <encoder class="io.tasker.launcher.logging.RedactingEncoder">
 *   <encoder class="ch.qos.logback.classic.encoder.JsonEncoder"/>
 * </encoder>
 * }</pre>
 *
 * The event is wrapped, not changed: other appenders of the same event see it unmasked (they have their own encoder).
 */
public final class RedactingEncoder extends EncoderBase<ILoggingEvent> {
    private Encoder<ILoggingEvent> encoder;

    /** The encoder that writes the masked line (the nested {@code <encoder>} element). */
    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    public Encoder<ILoggingEvent> getEncoder() {
        return encoder;
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("RedactingEncoder needs a nested <encoder> to write the masked lines");
            return;
        }
        if (!encoder.isStarted()) encoder.start();
        super.start();
    }

    @Override
    public void stop() {
        if (encoder != null) encoder.stop();
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return encoder.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        Redactor r = LogRedaction.current();
        return encoder.encode(new RedactedEvent(event, r));
    }

    @Override
    public byte[] footerBytes() {
        return encoder.footerBytes();
    }
}
