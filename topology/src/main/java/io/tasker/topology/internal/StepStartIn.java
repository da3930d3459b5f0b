package io.tasker.topology.internal;

/**
 * A runner's report that an attempt started and still runs (a {@code StepResult} with status {@code IN_PROGRESS}),
 * mapped once from the Avro record at the edge.
 *
 * @param startedAt  when the handler started, on the runner's clock (epoch ms)
 * @param dispatchId the dispatch id of the command the runner executes (echoed), null from runners that predate it
 */
public record StepStartIn(String taskId, String stepName, int attempt, String runnerId, long startedAt, Long dispatchId) {
    /** A report without a dispatch id (a runner that predates it): fenced by attempt number only. */
    public StepStartIn(String taskId, String stepName, int attempt, String runnerId, long startedAt) {
        this(taskId, stepName, attempt, runnerId, startedAt, null);
    }
}
