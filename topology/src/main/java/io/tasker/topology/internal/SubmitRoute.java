package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.tasker.avro.TaskRequest;
import io.tasker.schemas.TaskerLimits;
import io.tasker.templates.TaskTemplate;
import io.tasker.topology.internal.auth.Caller;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.tasker.topology.internal.RequestBodies.text;

/**
 * {@code POST /v1/tasks}: checks the request against its template (400 malformed, 413 context over
 * {@link TaskerLimits#CONTEXT_MAX_BYTES}, 422 unknown template or context not matching the input schema), writes a
 * {@link TaskRequest} and answers 202 with the task id.
 *
 * <p>A client-chosen {@code task_id} must be new: one that exists answers 409, asked of the task's owner like
 * {@code GET /v1/tasks/{id}}, unless the existing task has the request's {@code idempotency_key} (a deliberate
 * re-send). Two requests for the same new id racing each other both get 202; the topology keeps the first and
 * counts the other as {@code dropped.duplicate_request}.
 */
final class SubmitRoute {
    private final TaskStoreView view;
    private final TaskInputs inputs;
    private final TaskLookup lookup;
    private final SubmitSpans spans;

    SubmitRoute(TaskStoreView view, TaskInputs inputs, TaskLookup lookup) {
        this(view, inputs, lookup, SubmitSpans.OFF);
    }

    SubmitRoute(TaskStoreView view, TaskInputs inputs, TaskLookup lookup, SubmitSpans spans) {
        this.view = view;
        this.inputs = inputs;
        this.lookup = lookup;
        this.spans = spans;
    }

    /** The submission in its own span, which continues the request's {@code traceparent} and is the task's parent. */
    void submit(Context ctx) throws InterruptedException {
        SubmitSpans.Submission span = spans.start(ctx.header(io.tasker.telemetry.TraceHeaders.TRACEPARENT));
        try {
            submit(ctx, span);
            span.end(ctx.statusCode(), null);
        } catch (ApiError e) {
            span.end(e.status(), null);
            throw e;
        } catch (RuntimeException | InterruptedException e) {
            span.end(500, e);
            throw e;
        }
    }

    private void submit(Context ctx, SubmitSpans.Submission span) throws InterruptedException {
        JsonNode body = RequestBodies.json(ctx, false);
        String namespace = text(body, "namespace");
        String name = text(body, "template");
        if (namespace == null || name == null) {
            throw ApiError.badRequest("fields 'namespace' and 'template' are required");
        }
        Caller caller = Caller.of(ctx);
        if (!caller.allows(namespace)) {
            // before any template lookup: the answer says nothing about what the namespace holds
            throw ApiError.of(403, "token '" + caller.name() + "' may not submit to namespace '" + namespace + "'")
                    .with("reason", io.tasker.topology.internal.auth.AuthException.FORBIDDEN);
        }
        JsonNode context = body.get("context");
        if (context == null || !context.isObject()) {
            throw ApiError.badRequest("field 'context' must be a JSON object");
        }
        RequestBodies.requireWithin("context", context, TaskerLimits.CONTEXT_MAX_BYTES);
        String chosenId = chosenTaskId(body);
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
        String taskId = chosenId;
        if (taskId == null) {
            // Same key, same template => same task id, so a re-sent request is a no-op in the topology.
            taskId = idempotencyKey == null ? UUID.randomUUID().toString()
                    : UUID.nameUUIDFromBytes((namespace + "/" + name + "/" + idempotencyKey).getBytes(StandardCharsets.UTF_8)).toString();
        } else {
            requireNew(taskId, idempotencyKey, caller);
        }
        span.task(taskId, namespace, name);
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
                .build(), span.traceparent());
        ObjectNode out = Json.MAPPER.createObjectNode()
                .put("task_id", taskId)
                .put("template_version", template.version())
                .put("status_url", ApiPaths.task(taskId));
        ApiResponses.json(ctx, 202, out.toString());
    }

    /** The client's {@code task_id}, null when it let the platform choose; 400 when it is not an acceptable id. */
    private static String chosenTaskId(JsonNode body) {
        JsonNode id = body.get("task_id");
        if (id == null || id.isNull()) return null;
        if (!id.isTextual() || !TaskerLimits.isValidTaskId(id.asText())) {
            String shown = id.toString().length() > 200 ? id.toString().substring(0, 200) + "..." : id.toString();
            throw ApiError.badRequest("task_id must be 1 to " + TaskerLimits.TASK_ID_MAX_LENGTH
                    + " characters of letters A-Z a-z, digits 0-9 and . _ : - (was " + shown + ")");
        }
        return id.asText();
    }

    /** 409 if the task exists, unless it was created with this idempotency key (then this is a re-send). */
    private void requireNew(String taskId, String idempotencyKey, Caller caller) {
        InstanceForwarder.Reply existing = lookup.exists(taskId, caller);
        if (existing.status() == 404) return;
        if (existing.ok()) {
            if (idempotencyKey != null && idempotencyKey.equals(text(readJson(existing.body()), "idempotency_key"))) return;
            throw ApiError.conflict("task " + taskId + " already exists").with("status_url", ApiPaths.task(taskId));
        }
        throw ApiError.unavailable("cannot tell whether task " + taskId + " exists yet: "
                + readJson(existing.body()).path("error").asText("HTTP " + existing.status()));
    }

    private static JsonNode readJson(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            return Json.MAPPER.createObjectNode();
        }
    }

    private TemplateCatalog.Entry template(String namespace, String name, String version) {
        Optional<TemplateCatalog.Entry> entry;
        try {
            entry = view.template(namespace, name, version);
        } catch (InvalidStateStoreException e) {
            throw ApiError.unavailable("templates are not loaded yet");
        }
        TemplateCatalog.Entry found = entry.orElseThrow(() -> ApiError.unprocessable("no template " + namespace + "/" + name
                + (version == null ? "" : " version " + version) + " is registered"));
        if (!view.namespaceReady(namespace)) {
            throw ApiError.unprocessable("namespace '" + namespace + "' has no step-command topic yet: no runner serving it has"
                    + " started (a runner creates its namespace's topic at start-up); start one, then submit again")
                    .with("reason", io.tasker.schemas.RejectReason.UNKNOWN_NAMESPACE.code());
        }
        return found;
    }
}
