package io.tasker.launcher;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.tasker.launcher.logging.RedactingEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;

/**
 * Captures every log line of this JVM as the launcher's two formats write them (text and JSON, each through
 * {@link RedactingEncoder}), next to the test's own console appender. Close to detach.
 */
final class LogCapture implements AutoCloseable {
    private final Logger root;
    private final OutputStreamAppender<ILoggingEvent> text;
    private final OutputStreamAppender<ILoggingEvent> json;
    private final ByteArrayOutputStream textOut = new ByteArrayOutputStream();
    private final ByteArrayOutputStream jsonOut = new ByteArrayOutputStream();

    LogCapture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        PatternLayoutEncoder pattern = new PatternLayoutEncoder();
        pattern.setContext(context);
        // the launcher's text pattern (logback-text.xml); exceptions are appended by logback's default converter
        pattern.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} %X{task_id} - %msg%n");
        JsonEncoder jsonEncoder = new JsonEncoder();
        jsonEncoder.setContext(context);
        jsonEncoder.setWithFormattedMessage(true);
        jsonEncoder.setWithMessage(false);
        jsonEncoder.setWithArguments(false);
        text = appender(context, "redaction-proof-text", pattern, textOut);
        json = appender(context, "redaction-proof-json", jsonEncoder, jsonOut);
    }

    private OutputStreamAppender<ILoggingEvent> appender(LoggerContext context, String name,
            Encoder<ILoggingEvent> inner, ByteArrayOutputStream out) {
        RedactingEncoder encoder = new RedactingEncoder();
        encoder.setContext(context);
        encoder.setEncoder(inner);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> a = new OutputStreamAppender<>();
        a.setName(name);
        a.setContext(context);
        a.setEncoder(encoder);
        a.setOutputStream(out);
        a.start();
        root.addAppender(a);
        return a;
    }

    synchronized String text() {
        return textOut.toString(StandardCharsets.UTF_8);
    }

    synchronized String json() {
        return jsonOut.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        root.detachAppender(text);
        root.detachAppender(json);
        text.stop();
        json.stop();
    }
}
