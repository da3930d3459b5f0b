package io.tasker.templates;

import java.util.List;
import java.util.Objects;

/**
 * One step of a template.
 *
 * @param name            unique step name within its template; never {@code null}
 * @param description     free text; may be {@code null}
 * @param handler         the handler to run; never {@code null}
 * @param dependsOn       names of steps that must complete first, in declared order; never {@code null}, unmodifiable
 * @param retry           retry policy; never {@code null} ({@link RetryPolicy#defaults()} when undeclared)
 * @param timeoutSeconds  per-attempt timeout in seconds; {@code null} means none, otherwise positive (loaded
 *                        templates keep it within {@link TemplateLimits#TIMEOUT_SECONDS})
 * @param publishesEvents events the step publishes; never {@code null}, unmodifiable
 */
public record StepDefinition(String name, String description, HandlerSpec handler, List<String> dependsOn,
        RetryPolicy retry, Integer timeoutSeconds, List<EventDeclaration> publishesEvents) {

    /**
     * Replaces {@code null} collections/retry with empty lists/defaults.
     *
     * @throws IllegalArgumentException if {@code timeoutSeconds} is not positive
     */
    public StepDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        retry = retry == null ? RetryPolicy.defaults() : retry;
        publishesEvents = publishesEvents == null ? List.of() : List.copyOf(publishesEvents);
        if (timeoutSeconds != null && timeoutSeconds <= 0) {
            throw new IllegalArgumentException("timeoutSeconds must be > 0, was " + timeoutSeconds);
        }
    }

    /** A step with default retry, no timeout and no events. */
    public static StepDefinition of(String name, String handlerName, String... dependsOn) {
        return new StepDefinition(name, null, HandlerSpec.of(handlerName), List.of(dependsOn), null, null, null);
    }
}
