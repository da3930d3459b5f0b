package io.tasker.schemas;

/**
 * Values of {@code StepError.exception_class} that the platform itself reports (rather than a handler's exception),
 * so the topology, runners and tools recognise them by one constant.
 */
public final class StepErrorClasses {
    /**
     * The attempt ran past its step's {@code timeout_seconds}: reported by the topology when no result arrived in time,
     * and by the runner when it interrupted the handler at the deadline. Retryable.
     */
    public static final String TIMEOUT = "io.tasker.StepTimeout";

    /** The handler's result was over {@link TaskerLimits#STEP_RESULT_MAX_BYTES}. Permanent. */
    public static final String RESULT_TOO_LARGE = "io.tasker.ResultTooLarge";

    /** The step's command (context, dependency results, config) would be over {@link TaskerLimits#STEP_COMMAND_MAX_BYTES}. Permanent. */
    public static final String COMMAND_TOO_LARGE = "io.tasker.StepCommandTooLarge";

    private StepErrorClasses() {
    }
}
