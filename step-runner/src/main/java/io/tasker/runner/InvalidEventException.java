package io.tasker.runner;

import java.util.List;
import java.util.Objects;

/**
 * {@link StepContext#publish(String, Object)} refused an event: the step does not declare that name, the payload
 * cannot be converted to JSON, is larger than {@code TaskerLimits.EVENT_PAYLOAD_MAX_BYTES} (64 KiB) or does not
 * match the event's declared schema. The message names the event and says what is wrong.
 *
 * <p>These are bugs in the handler, which a retry cannot fix: when a handler lets this exception (or an exception
 * caused by it) escape, the runner fails the step <em>permanently</em>, whatever the retry policy says. A handler may
 * also catch it and carry on; nothing was published then.
 *
 * <p>The runner also reports this class as the step error's {@code exception_class} when a <em>declarative</em> event
 * (the step result or error published because the event's {@code condition} matched) violates its contract.
 */
public class InvalidEventException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String eventName;
    private final List<String> violations;

    /**
     * @param eventName  the refused event's name; not {@code null}
     * @param message    the full explanation; not {@code null}
     * @param violations the individual problems (schema violations, the size); may be empty, not {@code null}
     */
    public InvalidEventException(String eventName, String message, List<String> violations) {
        super(Objects.requireNonNull(message, "message"));
        this.eventName = Objects.requireNonNull(eventName, "eventName");
        this.violations = List.copyOf(violations);
    }

    /** The name the handler published under; never {@code null}. */
    public String eventName() {
        return eventName;
    }

    /**
     * The individual problems, e.g. {@code $.order_id: is missing but it is required}; empty when the name is not
     * declared. Unmodifiable, never {@code null}.
     */
    public List<String> violations() {
        return violations;
    }
}
