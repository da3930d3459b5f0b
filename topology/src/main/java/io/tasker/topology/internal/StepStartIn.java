package io.tasker.topology.internal;

/**
 * A runner's report that an attempt started and still runs (a {@code StepResult} with status {@code IN_PROGRESS}),
 * mapped once from the Avro record at the edge.
 *
 * @param startedAt when the handler started, on the runner's clock (epoch ms)
 */
public record StepStartIn(String taskId, String stepName, int attempt, String runnerId, long startedAt) {
}
