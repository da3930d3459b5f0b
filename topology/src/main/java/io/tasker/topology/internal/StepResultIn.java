package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A step result as the engine sees it, mapped once from the Avro record at the edge.
 *
 * @param arrivedAt when the result reached Kafka (the step-results record timestamp, broker append time)
 * @param events    the durable domain events the attempt published, in order; released only if the attempt is recorded
 * @param traceparent the {@code traceparent} header the result record carried (the runner's handler span), null if none:
 *                    the released events carry it
 * @param dispatchId  the dispatch id of the command the attempt executed, echoed by the runner; null from runners that
 *                    predate it (and for outcomes the platform makes itself, e.g. timeouts): fenced by attempt number only
 */
public record StepResultIn(String taskId, String stepName, int attempt, boolean success, JsonNode result,
                           String errorMessage, String exceptionClass, boolean retryable, Long retryAfterMs,
                           List<String> backtrace, String runnerId, long startedAt, long finishedAt, long arrivedAt,
                           List<EventIn> events, String traceparent, Long dispatchId) {
    public StepResultIn {
        events = events == null ? List.of() : List.copyOf(events);
    }

    public StepResultIn(String taskId, String stepName, int attempt, boolean success, JsonNode result,
                        String errorMessage, String exceptionClass, boolean retryable, Long retryAfterMs,
                        List<String> backtrace, String runnerId, long startedAt, long finishedAt, long arrivedAt,
                        List<EventIn> events, String traceparent) {
        this(taskId, stepName, attempt, success, result, errorMessage, exceptionClass, retryable, retryAfterMs, backtrace,
                runnerId, startedAt, finishedAt, arrivedAt, events, traceparent, null);
    }

    public StepResultIn(String taskId, String stepName, int attempt, boolean success, JsonNode result,
                        String errorMessage, String exceptionClass, boolean retryable, Long retryAfterMs,
                        List<String> backtrace, String runnerId, long startedAt, long finishedAt, long arrivedAt,
                        List<EventIn> events) {
        this(taskId, stepName, attempt, success, result, errorMessage, exceptionClass, retryable, retryAfterMs, backtrace,
                runnerId, startedAt, finishedAt, arrivedAt, events, null);
    }

    /** This result as carried by a record with {@code traceparent}. */
    StepResultIn withTraceparent(String header) {
        return new StepResultIn(taskId, stepName, attempt, success, result, errorMessage, exceptionClass, retryable, retryAfterMs,
                backtrace, runnerId, startedAt, finishedAt, arrivedAt, events, header, dispatchId);
    }

    /** This result as echoing {@code id} (the dispatch id of the command it executed). */
    public StepResultIn withDispatchId(Long id) {
        return new StepResultIn(taskId, stepName, attempt, success, result, errorMessage, exceptionClass, retryable, retryAfterMs,
                backtrace, runnerId, startedAt, finishedAt, arrivedAt, events, traceparent, id);
    }

    /** A result without domain events (timeouts and failures the platform reports itself). */
    public StepResultIn(String taskId, String stepName, int attempt, boolean success, JsonNode result,
                        String errorMessage, String exceptionClass, boolean retryable, Long retryAfterMs,
                        List<String> backtrace, String runnerId, long startedAt, long finishedAt, long arrivedAt) {
        this(taskId, stepName, attempt, success, result, errorMessage, exceptionClass, retryable, retryAfterMs, backtrace,
                runnerId, startedAt, finishedAt, arrivedAt, List.of(), null);
    }

    /** One durable domain event published by the attempt (from {@code StepResult.events}). */
    public record EventIn(String eventId, String name, int sequence, String payloadJson, long firedAt) {
    }
}
