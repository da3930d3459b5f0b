package io.tasker.topology.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.avro.LifecycleEvent;
import io.tasker.avro.StepCommand;
import io.tasker.avro.StepError;
import io.tasker.avro.StepOutcome;
import io.tasker.avro.StepResult;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The one place Avro records and the engine's values are mapped into each other. */
final class AvroMapping {
    private AvroMapping() {
    }

    static StepCommand toCommand(TaskRecord task, Decision.Dispatch d, long now) {
        Map<String, String> deps = new LinkedHashMap<>();
        d.dependencyResults().forEach((k, v) -> deps.put(k, v.toString()));
        return StepCommand.newBuilder()
                .setTaskId(task.taskId())
                .setStepName(d.stepName())
                .setAttempt(d.attempt())
                .setNamespace(task.namespace())
                .setTemplateName(task.templateName())
                .setTemplateVersion(task.templateVersion())
                .setHandler(d.handler())
                .setHandlerConfigJson(d.handlerConfig().toString())
                .setContextJson(task.context().toString())
                .setDependencyResultsJson(deps)
                .setTimeoutMs(d.timeoutMs())
                .setCorrelationId(task.correlationId())
                .setDispatchedAt(Instant.ofEpochMilli(now))
                .build();
    }

    static LifecycleEvent toLifecycle(TaskRecord task, Decision.Event e, long now) {
        return LifecycleEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setEventType(e.type())
                .setTaskId(task.taskId())
                .setNamespace(task.namespace())
                .setTemplateName(task.templateName())
                .setTemplateVersion(task.templateVersion())
                .setTaskState(task.state().wireName())
                .setStepName(e.stepName())
                .setStepState(e.stepState())
                .setAttempt(e.attempt())
                .setErrorMessage(e.errorMessage())
                .setCorrelationId(task.correlationId())
                .setOccurredAt(Instant.ofEpochMilli(now))
                .build();
    }

    /** @throws IllegalArgumentException when the result JSON is not JSON or the outcome is unknown */
    static StepResultIn fromResult(StepResult r, long arrivedAt) {
        boolean success = switch (r.getStatus()) {
            case SUCCESS -> true;
            case FAILURE -> false;
            default -> throw new IllegalArgumentException("unknown step outcome " + r.getStatus());
        };
        JsonNode result = null;
        if (r.getResultJson() != null) {
            try {
                result = Json.MAPPER.readTree(r.getResultJson());
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("result_json is not JSON: " + e.getOriginalMessage());
            }
        }
        StepError err = r.getError();
        String message = err != null ? err.getMessage() : (success ? null : "step failed without an error message");
        return new StepResultIn(r.getTaskId(), r.getStepName(), r.getAttempt(), success, result, message,
                err == null ? null : err.getExceptionClass(),
                err == null || err.getRetryable(),
                err == null ? null : err.getRetryAfterMs(),
                err == null ? List.of() : List.copyOf(err.getBacktrace()),
                r.getRunnerId(), r.getStartedAt().toEpochMilli(), r.getFinishedAt().toEpochMilli(), arrivedAt);
    }

    static boolean isFailure(StepResult r) {
        return r.getStatus() == StepOutcome.FAILURE;
    }
}
