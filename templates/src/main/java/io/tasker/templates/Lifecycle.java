package io.tasker.templates;

/**
 * Task-level lifecycle settings ({@code lifecycle:} in YAML).
 *
 * @param maxDurationSeconds upper bound for a whole task's run time in seconds ({@code max_duration_seconds});
 *                           {@code null} means unbounded. When present it is positive; loaded templates keep it
 *                           within {@link TemplateLimits#MAX_DURATION_SECONDS}.
 */
public record Lifecycle(Long maxDurationSeconds) {

    private static final Lifecycle DEFAULTS = new Lifecycle(null);

    /**
     * @throws IllegalArgumentException if {@code maxDurationSeconds} is not positive
     */
    public Lifecycle {
        if (maxDurationSeconds != null && maxDurationSeconds <= 0) {
            throw new IllegalArgumentException("maxDurationSeconds must be > 0, was " + maxDurationSeconds);
        }
    }

    /** The lifecycle used when a template declares none: no maximum duration. */
    public static Lifecycle defaults() {
        return DEFAULTS;
    }
}
