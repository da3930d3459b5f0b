/**
 * A tiny test kit for unit-testing {@link io.tasker.runner.StepHandler}s without Kafka: see
 * {@link io.tasker.runner.testing.TestStepContext}.
 */
package io.tasker.runner.testing;
