package io.tasker.topology.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.avro.TaskRequest;
import io.tasker.schemas.RejectReason;
import io.tasker.schemas.TaskerLimits;
import io.tasker.topology.TaskerTopology;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Task requests: validate, create the task, dispatch its root steps. Invalid requests go to the rejected topic:
 * unknown template, a namespace without a step-command topic (no runner registered it), a context that is not
 * JSON, too large or does not match the input schema, a key that is not the task id or a task id of the wrong shape.
 */
public final class RequestProcessor extends TaskInputProcessor<TaskRequest> {
    private static final Logger log = LoggerFactory.getLogger(RequestProcessor.class);

    public RequestProcessor(Deserializer<TaskRequest> requests, TaskerTopology.Parts parts, TimerHints timerHints) {
        super(requests, "a task request", parts, timerHints);
    }

    @Override
    protected void handle(Record<byte[], byte[]> in) {
        TaskRequest request = decode(in);
        if (request == null) return;
        String key = in.key() == null ? null : new String(in.key(), StandardCharsets.UTF_8);
        if (!request.getTaskId().equals(key)) {
            // The key decides the partition and so the instance that owns the task; a mismatch would make it unqueryable.
            Rejection.reject(redaction.base(), ctx, in, RejectReason.KEY_MISMATCH, "record key '" + key + "' differs from task_id '" + request.getTaskId() + "'", null, counters);
            return;
        }
        if (!TaskerLimits.isValidTaskId(request.getTaskId())) {
            Rejection.reject(redaction.base(), ctx, in, RejectReason.INVALID_TASK_ID, "task_id must be 1 to " + TaskerLimits.TASK_ID_MAX_LENGTH
                    + " characters of letters, digits and . _ : -", null, counters);
            return;
        }
        logContext().correlationId(request.getCorrelationId());
        if (tasks.get(request.getTaskId()) != null) {
            counters.increment("dropped." + TaskEngine.DROP_DUPLICATE_REQUEST);
            log.info("task {} exists already: duplicate request ignored ({})", request.getTaskId(), ProcessorSupport.where(ctx));
            return;
        }
        Optional<TemplateCatalog.Entry> entry = RegistryRetry.call(() -> catalog.find(templates, request.getNamespace(),
                request.getTemplateName(), request.getTemplateVersion()), this::registryRetried);
        if (entry.isEmpty()) {
            String version = request.getTemplateVersion() == null ? "(newest)" : request.getTemplateVersion();
            Rejection.reject(redaction.base(), ctx, in, RejectReason.UNKNOWN_TEMPLATE, "no template " + request.getNamespace() + "/" + request.getTemplateName()
                    + " version " + version + " is registered", null, counters);
            return;
        }
        String commandTopic = topics.stepCommands(request.getNamespace());
        if (!namespaceTopics.exists(commandTopic)) {
            Rejection.reject(redaction.base(), ctx, in, RejectReason.UNKNOWN_NAMESPACE, "topic " + commandTopic + " does not exist: no runner serving namespace '"
                    + request.getNamespace() + "' has started (a runner creates its namespace's topic at start-up); start one and resubmit",
                    null, counters);
            return;
        }
        int contextBytes = request.getContextJson().getBytes(StandardCharsets.UTF_8).length;
        if (contextBytes > TaskerLimits.CONTEXT_MAX_BYTES) {
            Rejection.reject(redaction.base(), ctx, in, RejectReason.TOO_LARGE, "context is " + contextBytes + " bytes; the limit is "
                    + TaskerLimits.describe(TaskerLimits.CONTEXT_MAX_BYTES), null, counters);
            return;
        }
        JsonNode context;
        try {
            context = Json.MAPPER.readTree(request.getContextJson());
        } catch (JsonProcessingException e) {
            Rejection.reject(redaction.base(), ctx, in, RejectReason.INVALID_CONTEXT, "context_json is not JSON: " + e.getOriginalMessage(), e, counters);
            return;
        }
        List<String> problems = entry.get().validator().validate(context);
        if (!problems.isEmpty()) {
            Rejection.reject(redaction.base(), ctx, in, RejectReason.INVALID_CONTEXT, String.join("; ", problems), null, counters);
            return;
        }
        long now = ctx.currentSystemTimeMs();
        // the task continues the caller's trace (traceparent header), else starts one; kept in the record even when
        // tracing is off (two random longs), so turning tracing on later traces tasks already running
        io.opentelemetry.api.trace.SpanContext caller = io.tasker.telemetry.TraceHeaders.parse(in.headers());
        String traceId = caller.isValid() ? caller.getTraceId() : io.tasker.telemetry.TraceIds.newTraceId();
        String parentSpanId = caller.isValid() ? caller.getSpanId() : null;
        Decision d = engine.start(request.getTaskId(), entry.get().template(), entry.get().digest(), context, request.getCorrelationId(),
                request.getIdempotencyKey(), traceId, parentSpanId, now);
        ProcessorSupport.apply(ctx, stores, null, d, entry.get().template(), engine, now, in.timestamp(), counters);
        counters.increment("tasks.accepted");
    }
}
