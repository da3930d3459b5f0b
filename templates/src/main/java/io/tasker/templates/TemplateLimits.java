package io.tasker.templates;

/**
 * The allowed ranges of a template's numeric fields, checked when a template is loaded or read from the templates
 * topic. The maxima keep every derived time (task deadline, attempt timeout, retry delay) far from overflow and
 * catch unit mistakes such as milliseconds written where seconds are expected.
 */
public final class TemplateLimits {

    /**
     * An inclusive range of whole numbers.
     *
     * @param min         smallest allowed value
     * @param max         largest allowed value
     * @param description the maximum in words for error messages (e.g. {@code 365 days}); {@code null} when the
     *                    number says it all
     */
    public record Range(long min, long max, String description) {

        /** Whether {@code value} lies within {@code [min, max]}. */
        public boolean contains(long value) {
            return value >= min && value <= max;
        }

        /** {@code from 1 to 604800 (7 days)}: the wording used in validation errors. */
        @Override
        public String toString() {
            return "from " + min + " to " + max + (description == null ? "" : " (" + description + ")");
        }
    }

    /** {@code lifecycle.max_duration_seconds}: one second to one year. */
    public static final Range MAX_DURATION_SECONDS = new Range(1, 31_536_000L, "365 days");

    /** {@code steps[].timeout_seconds}: one second to one week. */
    public static final Range TIMEOUT_SECONDS = new Range(1, 604_800L, "7 days");

    /** {@code steps[].retry.max_attempts}, the first attempt included. */
    public static final Range MAX_ATTEMPTS = new Range(1, 100, null);

    /** {@code steps[].retry.backoff_base_ms} and {@code steps[].retry.max_backoff_ms}: zero to one day. */
    public static final Range BACKOFF_MS = new Range(0, 86_400_000L, "1 day");

    /** Smallest {@code steps[].retry.jitter}. */
    public static final double JITTER_MIN = 0.0;

    /** Largest {@code steps[].retry.jitter}: a delay may move by at most its own size. */
    public static final double JITTER_MAX = 1.0;

    private TemplateLimits() {
    }
}
