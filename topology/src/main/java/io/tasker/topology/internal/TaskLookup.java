package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.tasker.topology.internal.auth.AuthFilter;
import io.tasker.topology.internal.auth.Caller;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

import java.util.Optional;

/**
 * One task by id, from its owner: the local store when this instance owns the task's partition, otherwise one hop
 * to the instance that does. While stores restore or ownership moves the answer is 503, never a 404 that would be a lie.
 * Serves {@code GET /v1/tasks/{id}} and the existence checks of submit and operator commands.
 *
 * <p>The owner checks the caller (a forwarded query carries the caller's token): a task outside the caller's
 * namespaces is answered exactly like a task that does not exist.
 */
final class TaskLookup {
    private final TaskStoreView view;
    private final InstanceForwarder forwarder;
    private final TaskRedaction redaction;

    TaskLookup(TaskStoreView view, InstanceForwarder forwarder, TaskRedaction redaction) {
        this.view = view;
        this.forwarder = forwarder;
        this.redaction = redaction;
    }

    void get(Context ctx) {
        respond(ctx, find(ctx.pathParam("id"), ctx.header(InstanceForwarder.FORWARDED_HEADER) != null, Caller.of(ctx),
                ctx.header(AuthFilter.EXISTENCE_CHECK_HEADER) != null));
    }

    static void respond(Context ctx, InstanceForwarder.Reply reply) {
        ApiResponses.json(ctx, reply.status(), reply.body());
    }

    /** The task as {@code caller} may see it (404 outside its namespaces). */
    InstanceForwarder.Reply find(String id, Caller caller) {
        return find(id, false, caller, false);
    }

    /**
     * Whether the task exists, whatever its namespace (task ids are global): a 200 answer has only {@code task_id}
     * and {@code idempotency_key}. For a submission with a chosen id.
     */
    InstanceForwarder.Reply exists(String id, Caller caller) {
        return find(id, false, caller, true);
    }

    /**
     * @param forwarded      whether another instance forwarded this query (then it is never forwarded again)
     * @param existenceCheck answer only whether the task exists (see {@link #exists})
     */
    private InstanceForwarder.Reply find(String id, boolean forwarded, Caller caller, boolean existenceCheck) {
        if (view.state() != KafkaStreams.State.RUNNING) {
            return InstanceForwarder.Reply.unavailable("task store is not ready (instance state " + view.state() + ")");
        }
        Optional<TaskStoreView.Owner> owner = view.owner(id);
        if (owner.isEmpty()) {
            return InstanceForwarder.Reply.unavailable("the owner of task " + id + " is not known yet (rebalancing)");
        }
        HostInfo host = owner.get().host();
        if (host.equals(forwarder.self())) return local(id, owner.get().partition(), caller, existenceCheck);
        if (forwarded) {
            // The forwarding instance thinks we own it and we think someone else does: ownership is moving.
            return InstanceForwarder.Reply.unavailable("ownership of task " + id + " is moving between instances");
        }
        return forwarder.get(host, ApiPaths.task(id), caller, existenceCheck);
    }

    private InstanceForwarder.Reply local(String id, int partition, Caller caller, boolean existenceCheck) {
        Optional<ObjectNode> task;
        try {
            task = view.localTask(id, partition);
        } catch (InvalidStateStoreException e) {
            return InstanceForwarder.Reply.unavailable("task store partition " + partition + " is not queryable now: " + e.getMessage());
        }
        if (task.isPresent() && existenceCheck) {
            ObjectNode exists = Json.MAPPER.createObjectNode().put("task_id", id);
            // task ids are global, so "taken" is said for any namespace; the key only to a caller of the task's namespace
            if (caller.allows(task.get().path("namespace").asText())) exists.set("idempotency_key", task.get().path("idempotency_key"));
            return new InstanceForwarder.Reply(200, exists.toString());
        }
        if (task.isEmpty() || !caller.allows(task.get().path("namespace").asText())) {
            return new InstanceForwarder.Reply(404, ApiResponses.errorJson("task " + id + " not found"));
        }
        HostInfo self = forwarder.self();
        // the owner masks: a forwarded answer is masked before it leaves the owning instance
        ObjectNode shown = redaction.task(task.get(), template(task.get()));
        return new InstanceForwarder.Reply(200, shown.put("served_by", self.host() + ":" + self.port()).toString());
    }

    private Optional<io.tasker.templates.TaskTemplate> template(ObjectNode task) {
        String ns = task.path("namespace").asText(null);
        String name = task.path("template_name").asText(null);
        String version = task.path("template_version").asText(null);
        if (ns == null || name == null || version == null) return Optional.empty();
        return view.template(ns, name, version).map(TemplateCatalog.Entry::template);
    }
}
