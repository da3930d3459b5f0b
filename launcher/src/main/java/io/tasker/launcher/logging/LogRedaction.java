package io.tasker.launcher.logging;

import io.tasker.schemas.redaction.RedactionConfig;
import io.tasker.schemas.redaction.Redactor;
import java.util.Objects;

/**
 * The redaction rules every log line of this process goes through ({@link RedactingEncoder}): the value patterns and
 * literal secrets of the process's {@link RedactionConfig}, applied to the message and the exception texts. The
 * defaults ({@link Redactor#defaults()}) apply until a command installs its configuration at start-up, so lines logged
 * before that are masked too.
 */
public final class LogRedaction {
    private static volatile Redactor current = Redactor.defaults();

    private LogRedaction() {
    }

    /** Makes {@code config} the rules of every following log line of this process. */
    public static void install(RedactionConfig config) {
        current = new Redactor(Objects.requireNonNull(config, "config"));
    }

    /** The rules in force. */
    public static Redactor current() {
        return current;
    }
}
