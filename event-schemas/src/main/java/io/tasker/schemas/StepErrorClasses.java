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

    private StepErrorClasses() {
    }
}
