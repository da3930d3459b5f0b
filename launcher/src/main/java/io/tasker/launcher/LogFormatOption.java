package io.tasker.launcher;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** {@code --log-format json|text} of the long-running commands ({@code dev}, {@code topology}, {@code runner}). */
final class LogFormatOption {
    @Option(names = "--log-format", paramLabel = "json|text", converter = Converter.class,
            description = "Log lines as text (default) or one JSON object per line. Default: the system property "
                    + LogFormat.PROPERTY + ", else the environment variable " + LogFormat.ENV + ", else text.")
    LogFormat format;

    /** The format asked for on the command line, else by the environment (an invalid value there is an error naming it). */
    LogFormat effective() {
        return format != null ? format : LogFormat.fromEnvironment();
    }

    /** Applies {@link #effective()} to logging; the command calls it first thing. */
    LogFormat apply() {
        LogFormat f = effective();
        f.apply();
        return f;
    }

    static final class Converter implements ITypeConverter<LogFormat> {
        @Override
        public LogFormat convert(String value) {
            return LogFormat.parse(value, "--log-format");
        }
    }
}
