package io.tasker.infra.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Collects the denials the broker's authorizer logs (logger {@code kafka.authorizer.logger}, INFO) while it is
 * attached. The logger's level is raised to INFO for that time, so the test's logback configuration need not.
 */
final class AuthorizerLog extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    static final String LOGGER = "kafka.authorizer.logger";

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private Logger logger;
    private Level previous;

    static AuthorizerLog attach() {
        AuthorizerLog log = new AuthorizerLog();
        log.logger = (Logger) LoggerFactory.getLogger(LOGGER);
        log.previous = log.logger.getLevel();
        log.logger.setLevel(Level.INFO);
        // the denials are test evidence, not console noise
        log.logger.setAdditive(false);
        log.start();
        log.logger.addAppender(log);
        return log;
    }

    @Override
    protected void append(ILoggingEvent event) {
        String line = event.getFormattedMessage();
        if (line.contains(" is Denied ")) lines.add(line);
    }

    List<String> denials(String principal) {
        String who = "Principal = " + principal + " ";
        return lines.stream().filter(l -> l.startsWith(who)).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        logger.setLevel(previous);
        logger.setAdditive(true);
        stop();
    }
}
