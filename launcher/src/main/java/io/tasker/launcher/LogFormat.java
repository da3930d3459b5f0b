package io.tasker.launcher;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.LoggerFactory;

import java.net.URL;
import java.util.Locale;
import java.util.function.Function;

/**
 * How the launcher's long-running commands write their logs to standard output: {@link #TEXT} (the default, for a
 * person at a terminal) or {@link #JSON} (one JSON object per line, for a log pipeline). Chosen by
 * {@code --log-format}, else the system property {@value #PROPERTY}, else the environment variable {@value #ENV}.
 * Both formats come from the launcher's {@code logback.xml} (appenders {@code text} and {@code json}), which reads
 * the same property and variable, so lines logged before the command line is parsed already have the right format.
 */
enum LogFormat {
    TEXT, JSON;

    /** System property naming the format (also read by {@code logback.xml}). */
    static final String PROPERTY = "tasker.log.format";
    /** Environment variable naming the format when the property is not set. */
    static final String ENV = "TASKER_LOG_FORMAT";
    static final LogFormat DEFAULT = TEXT;
    /** The launcher's logging configuration on the classpath. */
    static final String CONFIG_RESOURCE = "/logback.xml";

    /** The value as written on the command line and in the configuration ({@code json}, {@code text}). */
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code json} or {@code text} (any case); {@code source} names where the value came from, for the error. */
    static LogFormat parse(String value, String source) {
        String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        for (LogFormat f : values()) {
            if (f.name().equals(v)) return f;
        }
        throw new IllegalArgumentException(source + ": '" + value + "' is not a log format; use json or text");
    }

    /** The format of the property, else of the environment variable, else {@link #DEFAULT}. */
    static LogFormat fromEnvironment(Function<String, String> systemProperties, Function<String, String> environment) {
        String p = systemProperties.apply(PROPERTY);
        if (p != null && !p.isBlank()) return parse(p, PROPERTY);
        String e = environment.apply(ENV);
        if (e != null && !e.isBlank()) return parse(e, ENV);
        return DEFAULT;
    }

    static LogFormat fromEnvironment() {
        return fromEnvironment(System::getProperty, System::getenv);
    }

    /**
     * Makes this the format of every following line: when the root logger does not write with this format's appender
     * yet, the launcher's {@code logback.xml} is loaded again with {@value #PROPERTY} set to it. A configuration
     * without such an appender (a test's {@code logback-test.xml}) is left alone for {@link #TEXT}.
     */
    void apply() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return;
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(wireName()) != null) return;
        boolean foreign = root.getAppender(JSON.wireName()) == null && root.iteratorForAppenders().hasNext();
        if (this == TEXT && foreign) return;
        URL config = LogFormat.class.getResource(CONFIG_RESOURCE);
        if (config == null) throw new IllegalStateException("no " + CONFIG_RESOURCE + " on the classpath to configure " + wireName() + " logs");
        configure(context, config);
    }

    /** Resets {@code context} and configures it from {@code config} with {@value #PROPERTY} set to this format. */
    void configure(LoggerContext context, URL config) {
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        context.reset();
        context.putProperty(PROPERTY, wireName());
        try {
            configurator.doConfigure(config);
        } catch (JoranException e) {
            throw new IllegalStateException("cannot configure " + wireName() + " logs from " + config + ": " + e.getMessage(), e);
        }
    }
}
