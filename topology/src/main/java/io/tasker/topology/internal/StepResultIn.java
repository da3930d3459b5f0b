package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A step result as the engine sees it, mapped once from the Avro record at the edge.
 *
 * @param arrivedAt when the result reached Kafka (the step-results record timestamp, broker append time)
 */
public record StepResultIn(String taskId, String stepName, int attempt, boolean success, JsonNode result,
                           String errorMessage, String exceptionClass, boolean retryable, Long retryAfterMs,
                           List<String> backtrace, String runnerId, long startedAt, long finishedAt, long arrivedAt) {
}
