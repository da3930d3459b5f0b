package io.tasker.topology.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.avro.TaskRequest;
import io.tasker.topology.TopologyCounters;
import io.tasker.topology.TopologyNames;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** Task requests: validate, create the task, dispatch its root steps. Invalid requests go to the rejected topic. */
public final class RequestProcessor extends TaskInputProcessor<TaskRequest> {
    private static final Logger log = LoggerFactory.getLogger(RequestProcessor.class);

    public RequestProcessor(Deserializer<TaskRequest> requests, TemplateCatalog catalog, TopologyCounters counters) {
        super(requests, "a task request", catalog, counters);
    }

    @Override
    public void process(Record<byte[], byte[]> in) {
        TaskRequest request = decode(in);
        if (request == null) return;
        String key = in.key() == null ? null : new String(in.key(), StandardCharsets.UTF_8);
        if (!request.getTaskId().equals(key)) {
            // The key decides the partition and so the instance that owns the task; a mismatch would make it unqueryable.
            Rejection.reject(ctx, in, "key_mismatch", "record key '" + key + "' differs from task_id '" + request.getTaskId() + "'", null, counters);
            return;
        }
        MDC.put("task_id", request.getTaskId());
        if (request.getCorrelationId() != null) MDC.put("correlation_id", request.getCorrelationId());
        try {
            handle(in, request);
        } finally {
            MDC.remove("task_id");
            MDC.remove("correlation_id");
        }
    }

    private void handle(Record<byte[], byte[]> in, TaskRequest request) {
        if (tasks.get(request.getTaskId()) != null) {
            counters.increment("dropped." + TaskEngine.DROP_DUPLICATE_REQUEST);
            log.info("task {} exists already: duplicate request ignored ({})", request.getTaskId(), ProcessorSupport.where(ctx));
            return;
        }
        Optional<TemplateCatalog.Entry> entry = catalog.find(templates, request.getNamespace(), request.getTemplateName(), request.getTemplateVersion());
        if (entry.isEmpty()) {
            String version = request.getTemplateVersion() == null ? "(newest)" : request.getTemplateVersion();
            Rejection.reject(ctx, in, "unknown_template", "no template " + request.getNamespace() + "/" + request.getTemplateName()
                    + " version " + version + " is registered", null, counters);
            return;
        }
        JsonNode context;
        try {
            context = Json.MAPPER.readTree(request.getContextJson());
        } catch (JsonProcessingException e) {
            Rejection.reject(ctx, in, "invalid_context", "context_json is not JSON: " + e.getOriginalMessage(), e, counters);
            return;
        }
        List<String> problems = entry.get().validator().validate(context);
        if (!problems.isEmpty()) {
            Rejection.reject(ctx, in, "invalid_context", String.join("; ", problems), null, counters);
            return;
        }
        long now = ctx.currentSystemTimeMs();
        Decision d = engine.start(request.getTaskId(), entry.get().template(), context, request.getCorrelationId(),
                request.getIdempotencyKey(), now);
        ProcessorSupport.apply(ctx, stores, null, d, now, in.timestamp(), counters);
        counters.increment("tasks.accepted");
    }
}
