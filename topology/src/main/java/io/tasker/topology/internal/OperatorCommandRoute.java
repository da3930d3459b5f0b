package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.tasker.avro.TaskCommand;
import io.tasker.avro.TaskCommandType;
import io.tasker.schemas.TaskerLimits;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static io.tasker.topology.internal.RequestBodies.text;

/**
 * Operator commands ({@code cancel}, {@code retry}, step {@code resolve} and {@code complete}): checked against the
 * task's current state with the same engine rule the topology applies (409 with the reason if not allowed), then
 * written to the task-commands topic (202). A manual step result over {@link TaskerLimits#STEP_RESULT_MAX_BYTES} is a 413.
 */
final class OperatorCommandRoute {
    private final TaskStoreView view;
    private final TaskInputs inputs;
    private final TaskLookup lookup;
    private final TaskEngine engine = new TaskEngine();

    OperatorCommandRoute(TaskStoreView view, TaskInputs inputs, TaskLookup lookup) {
        this.view = view;
        this.inputs = inputs;
        this.lookup = lookup;
    }

    /** @param step the step's name for step commands, else null */
    void command(Context ctx, TaskCommandType type, String step) throws InterruptedException {
        String id = ctx.pathParam("id");
        JsonNode body = RequestBodies.json(ctx, true);
        String resultJson = null;
        if (type == TaskCommandType.COMPLETE_STEP) {
            if (!body.has("result")) {
                throw ApiError.badRequest("field 'result' is required to complete a step");
            }
            RequestBodies.requireWithin("result", body.get("result"), TaskerLimits.STEP_RESULT_MAX_BYTES);
            resultJson = body.get("result").toString();
        }
        InstanceForwarder.Reply found = lookup.find(id, io.tasker.topology.internal.auth.Caller.of(ctx));
        if (!found.ok()) {
            TaskLookup.respond(ctx, found);
            return;
        }
        TaskRecord task;
        Optional<TemplateCatalog.Entry> entry;
        try {
            task = Json.MAPPER.readValue(found.body(), TaskRecord.class);
            entry = view.template(task.namespace(), task.templateName(), task.templateVersion());
        } catch (IOException e) {
            throw ApiError.of(500, "task " + id + " could not be read: " + e.getMessage());
        } catch (InvalidStateStoreException e) {
            throw ApiError.unavailable("templates are not loaded yet");
        }
        if (entry.isEmpty()) {
            throw ApiError.conflict("template " + task.templateKey() + " of task " + id + " is no longer registered");
        }
        TaskCommand command = TaskCommand.newBuilder()
                .setTaskId(id).setCommandId(UUID.randomUUID().toString()).setType(type).setStepName(step)
                .setResultJson(resultJson).setReason(text(body, "reason")).setRequestedBy(text(body, "requested_by"))
                .setRequestedAt(Instant.now()).build();
        Decision check;
        try {
            check = engine.decide(task, entry.get().template(), AvroMapping.fromCommand(command), System.currentTimeMillis());
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        if (check.dropped()) {
            throw ApiError.conflict(check.dropReason());
        }
        inputs.command(command);
        ApiResponses.json(ctx, 202, Json.MAPPER.createObjectNode().put("command_id", command.getCommandId())
                .put("task_id", id).put("type", type.name().toLowerCase()).toString());
    }
}
