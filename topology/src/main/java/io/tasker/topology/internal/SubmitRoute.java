package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.tasker.avro.TaskRequest;
import io.tasker.templates.TaskTemplate;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.tasker.topology.internal.RequestBodies.text;

/**
 * {@code POST /v1/tasks}: checks the request against its template (400 malformed, 422 unknown template or context
 * not matching the input schema), writes a {@link TaskRequest} and answers 202 with the task id.
 */
final class SubmitRoute {
    private final TaskStoreView view;
    private final TaskInputs inputs;

    SubmitRoute(TaskStoreView view, TaskInputs inputs) {
        this.view = view;
        this.inputs = inputs;
    }

    void submit(Context ctx) throws InterruptedException {
        JsonNode body = RequestBodies.json(ctx, false);
        String namespace = text(body, "namespace");
        String name = text(body, "template");
        if (namespace == null || name == null) {
            throw ApiError.badRequest("fields 'namespace' and 'template' are required");
        }
        JsonNode context = body.get("context");
        if (context == null || !context.isObject()) {
            throw ApiError.badRequest("field 'context' must be a JSON object");
        }
        String version = text(body, "version");
        TemplateCatalog.Entry entry = template(namespace, name, version);
        List<String> problems = entry.validator().validate(context);
        if (!problems.isEmpty()) {
            ArrayNode details = Json.MAPPER.createArrayNode();
            problems.forEach(details::add);
            throw ApiError.unprocessable("context does not match the template's input_schema").with("details", details);
        }
        TaskTemplate template = entry.template();
        String idempotencyKey = text(body, "idempotency_key");
        String taskId = text(body, "task_id");
        if (taskId == null) {
            // Same key, same template => same task id, so a re-sent request is a no-op in the topology.
            taskId = idempotencyKey == null ? UUID.randomUUID().toString()
                    : UUID.nameUUIDFromBytes((namespace + "/" + name + "/" + idempotencyKey).getBytes(StandardCharsets.UTF_8)).toString();
        }
        inputs.request(TaskRequest.newBuilder()
                .setTaskId(taskId)
                .setNamespace(namespace)
                .setTemplateName(name)
                .setTemplateVersion(template.version())
                .setContextJson(context.toString())
                .setRequestedAt(Instant.now())
                .setCorrelationId(Optional.ofNullable(text(body, "correlation_id")).orElse(UUID.randomUUID().toString()))
                .setIdempotencyKey(idempotencyKey)
                .setInitiator(text(body, "initiator"))
                .setTags(Map.of())
                .build());
        ObjectNode out = Json.MAPPER.createObjectNode()
                .put("task_id", taskId)
                .put("template_version", template.version())
                .put("status_url", "/v1/tasks/" + taskId);
        ApiResponses.json(ctx, 202, out.toString());
    }

    private TemplateCatalog.Entry template(String namespace, String name, String version) {
        Optional<TemplateCatalog.Entry> entry;
        try {
            entry = view.template(namespace, name, version);
        } catch (InvalidStateStoreException e) {
            throw ApiError.unavailable("templates are not loaded yet");
        }
        return entry.orElseThrow(() -> ApiError.unprocessable("no template " + namespace + "/" + name
                + (version == null ? "" : " version " + version) + " is registered"));
    }
}
