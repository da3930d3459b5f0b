/**
 * The step-handler API and the {@link io.tasker.runner.StepRunner} that executes step commands.
 *
 * <p>Write handlers against {@link io.tasker.runner.StepHandler}, {@link io.tasker.runner.StepContext} and
 * {@link io.tasker.runner.StepOutcome}, register them in a {@link io.tasker.runner.HandlerRegistry} and run them with a
 * {@link io.tasker.runner.StepRunner}. Unit-test handlers without Kafka using
 * {@link io.tasker.runner.testing.TestStepContext}. Everything under {@code io.tasker.runner.internal} is an
 * implementation detail and must not be imported by other modules.
 */
package io.tasker.runner;
