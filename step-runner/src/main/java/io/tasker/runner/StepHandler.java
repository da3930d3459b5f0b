package io.tasker.runner;

/**
 * The code that executes one step of a task. Register implementations in a {@link HandlerRegistry} under the name the
 * template's {@code handler.name} refers to.
 *
 * <p><b>Threading:</b> one handler instance is shared by all worker threads of a {@link StepRunner}, so
 * {@link #handle(StepContext)} is called concurrently and must be thread-safe (ideally stateless).
 *
 * <p><b>Delivery:</b> the runner gives at-least-once execution: after a crash or rebalance the same attempt may run
 * again, so handlers should be idempotent (for example derive identifiers from {@link StepContext#taskId()}).
 *
 * <p><b>Errors:</b> returning {@link StepOutcome#permanent(String)} or throwing {@link PermanentStepException} fails
 * the step without retry. Any other exception is reported as a <em>retryable</em> failure carrying the exception's
 * class, message and a bounded backtrace; whether a retry happens is decided by the template's retry policy.
 *
 * <p><b>Timeouts:</b> when the step has a timeout, the runner interrupts the handler's thread at
 * {@link StepContext#deadline()}; handlers should let {@link InterruptedException} propagate (or check
 * {@link Thread#isInterrupted()}) and return promptly. A handler that keeps running counts as stuck and makes the
 * runner report itself unhealthy until it returns.
 *
 * <p><b>Result size:</b> a success result larger than 256 KiB of JSON is reported as a permanent
 * {@code result too large} failure; keep large data elsewhere and return a reference to it.
 */
@FunctionalInterface
public interface StepHandler {

    /**
     * Executes one attempt of a step.
     *
     * @param ctx the attempt's inputs; never {@code null}
     * @return the outcome; must not be {@code null} (a {@code null} return is reported as a permanent failure)
     * @throws Exception any failure; reported as retryable unless it is a {@link PermanentStepException}
     */
    StepOutcome handle(StepContext ctx) throws Exception;
}
