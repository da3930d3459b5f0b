package io.tasker.topology.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.avro.StepCommand;
import io.tasker.avro.StepError;
import io.tasker.avro.StepOutcome;
import io.tasker.avro.StepResult;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one place Avro records and the engine's values are mapped into each other. */
final class AvroMapping {
    private AvroMapping() {
    }

    /**
     * @param stored reads what the task record does not hold in memory (context and results of earlier records live in
     *               the task-data store as JSON text, copied into the command without being parsed)
     */
    static StepCommand toCommand(TaskRecord task, Decision.Dispatch d, long now, TaskData.Reader stored) {
        Map<String, String> deps = new LinkedHashMap<>();
        for (String dep : d.dependencies()) {
            JsonNode inMemory = task.step(dep).map(StepRecord::result).orElse(null);
            deps.put(dep, inMemory != null ? inMemory.toString() : stored.result(task.taskId(), dep));
        }
        String context = task.context() != null ? task.context().toString() : stored.context(task.taskId());
        return StepCommand.newBuilder()
                .setTaskId(task.taskId())
                .setStepName(d.stepName())
                .setAttempt(d.attempt())
                .setNamespace(task.namespace())
                .setTemplateName(task.templateName())
                .setTemplateVersion(task.templateVersion())
                .setHandler(d.handler())
                .setHandlerConfigJson(d.handlerConfig().toString())
                .setContextJson(context)
                .setDependencyResultsJson(deps)
                .setTimeoutMs(d.timeoutMs())
                .setCorrelationId(task.correlationId())
                .setDispatchedAt(Instant.ofEpochMilli(now))
                .setDispatchId(d.dispatchId())
                .build();
    }

    /** The UTF-8 size of what a command carries from users (context, dependency results, config). */
    static long payloadBytes(StepCommand c) {
        long n = utf8Length(c.getContextJson()) + utf8Length(c.getHandlerConfigJson());
        for (var e : c.getDependencyResultsJson().entrySet()) n += utf8Length(e.getKey()) + utf8Length(e.getValue());
        return n;
    }

    /** UTF-8 length without encoding (surrogate pairs count 4 bytes together). */
    static long utf8Length(CharSequence s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) n += 1;
            else if (c < 0x800) n += 2;
            else if (Character.isSurrogate(c)) n += 2;
            else n += 3;
        }
        return n;
    }

    /** The envelope of a durable event the topology releases now that it has recorded the attempt. */
    static io.tasker.avro.DomainEvent toDomainEvent(TaskRecord task, Decision.Release r, long now) {
        return io.tasker.avro.DomainEvent.newBuilder()
                .setEventId(r.event().eventId())
                .setName(r.event().name())
                .setNamespace(task.namespace())
                .setTaskId(task.taskId())
                .setStepName(r.stepName())
                .setAttempt(r.attempt())
                .setSequence(r.event().sequence())
                .setTemplateName(task.templateName())
                .setTemplateVersion(task.templateVersion())
                .setCorrelationId(task.correlationId())
                .setFiredAt(Instant.ofEpochMilli(r.event().firedAt()))
                .setFiredBy(r.runnerId())
                .setRecordedAt(Instant.ofEpochMilli(now))
                .setDelivery(io.tasker.avro.EventDelivery.DURABLE)
                .setPayloadJson(r.event().payloadJson())
                .setPayloadSchema(io.tasker.schemas.EventIds.payloadSchemaRef(task.namespace(), task.templateName(),
                        task.templateVersion(), r.stepName(), r.event().name()))
                .build();
    }

    /** Errors are kept in the task record's attempt history: bounded, whatever a runner sends. */
    static final int MAX_ERROR_CHARS = 4096;
    static final int MAX_LINE_CHARS = 512;
    static final int MAX_BACKTRACE_LINES = 50;

    static String bounded(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max) + "... (" + (s.length() - max) + " more characters)";
    }

    static List<String> boundedBacktrace(List<? extends CharSequence> lines) {
        List<String> out = new java.util.ArrayList<>(Math.min(lines.size(), MAX_BACKTRACE_LINES + 1));
        for (int i = 0; i < lines.size() && i < MAX_BACKTRACE_LINES; i++) out.add(bounded(lines.get(i).toString(), MAX_LINE_CHARS));
        if (lines.size() > MAX_BACKTRACE_LINES) out.add("... " + (lines.size() - MAX_BACKTRACE_LINES) + " more lines");
        return out;
    }

    /** Whether {@code r} reports a running attempt ({@link #fromProgress}) rather than its outcome ({@link #fromResult}). */
    static boolean isProgress(StepResult r) {
        return r.getStatus() == StepOutcome.IN_PROGRESS;
    }

    static StepStartIn fromProgress(StepResult r) {
        return new StepStartIn(r.getTaskId(), r.getStepName(), r.getAttempt(), r.getRunnerId(), r.getStartedAt().toEpochMilli(),
                r.getDispatchId());
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
        return new StepResultIn(r.getTaskId(), r.getStepName(), r.getAttempt(), success, result, bounded(message, MAX_ERROR_CHARS),
                err == null ? null : bounded(err.getExceptionClass(), MAX_LINE_CHARS),
                err == null || err.getRetryable(),
                err == null ? null : err.getRetryAfterMs(),
                err == null ? List.of() : boundedBacktrace(err.getBacktrace()),
                r.getRunnerId(), r.getStartedAt().toEpochMilli(), r.getFinishedAt().toEpochMilli(), arrivedAt,
                r.getEvents().stream().map(e -> new StepResultIn.EventIn(e.getEventId(), e.getName(), e.getSequence(),
                        e.getPayloadJson(), e.getFiredAt().toEpochMilli())).toList(), null, r.getDispatchId());
    }

    /** @throws IllegalArgumentException for a malformed command: unknown type, missing step name, result not JSON */
    static OperatorCommand fromCommand(io.tasker.avro.TaskCommand c) {
        OperatorCommand.Type type = switch (c.getType()) {
            case CANCEL -> OperatorCommand.Type.CANCEL;
            case RETRY -> OperatorCommand.Type.RETRY;
            case RESOLVE_STEP -> OperatorCommand.Type.RESOLVE_STEP;
            case COMPLETE_STEP -> OperatorCommand.Type.COMPLETE_STEP;
            default -> throw new IllegalArgumentException("unknown command type " + c.getType());
        };
        boolean needsStep = type == OperatorCommand.Type.RESOLVE_STEP || type == OperatorCommand.Type.COMPLETE_STEP;
        if (needsStep && (c.getStepName() == null || c.getStepName().isBlank())) {
            throw new IllegalArgumentException(c.getType() + " needs a step_name");
        }
        JsonNode result = null;
        if (type == OperatorCommand.Type.COMPLETE_STEP) {
            try {
                result = Json.MAPPER.readTree(c.getResultJson() == null ? "null" : c.getResultJson());
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("result_json is not JSON: " + e.getOriginalMessage());
            }
        }
        return new OperatorCommand(type, c.getStepName(), c.getReason(), result);
    }

    static boolean isFailure(StepResult r) {
        return r.getStatus() == StepOutcome.FAILURE;
    }
}
