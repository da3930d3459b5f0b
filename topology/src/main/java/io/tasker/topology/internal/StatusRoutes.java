package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.tasker.templates.TaskTemplate;
import io.tasker.topology.TopologyCounters;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

import java.util.List;

/** {@code GET /v1/templates}, {@code /v1/stats} and the health probes {@code /health/live}, {@code /health/ready}. */
final class StatusRoutes {
    private final TaskStoreView view;
    private final TopologyCounters counters;
    private volatile boolean everRunning;

    StatusRoutes(TaskStoreView view, TopologyCounters counters) {
        this.view = view;
        this.counters = counters;
    }

    /** Once running, NOT_RUNNING means the instance stopped, not that it is still starting: liveness fails. */
    void markRunning() {
        everRunning = true;
    }

    void templates(Context ctx) {
        List<TaskTemplate> all;
        try {
            all = view.templates();
        } catch (InvalidStateStoreException e) {
            throw ApiError.unavailable("templates are not loaded yet");
        }
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (TaskTemplate t : all) {
            ObjectNode n = out.addObject()
                    .put("namespace", t.namespace()).put("name", t.name()).put("version", t.version())
                    .put("description", t.description());
            ArrayNode steps = n.putArray("steps");
            t.steps().forEach(s -> steps.addObject().put("name", s.name()).put("handler", s.handler().name())
                    .set("depends_on", Json.MAPPER.valueToTree(s.dependsOn())));
            // the full canonical form, so `templates validate --against` can tell a changed body from the same one
            n.set("definition", Json.MAPPER.valueToTree(Json.readTreeUnchecked(io.tasker.templates.TemplateJson.toJson(t))));
        }
        ApiResponses.json(ctx, 200, out.toString());
    }

    void stats(Context ctx) {
        ObjectNode out = Json.MAPPER.createObjectNode().put("state", view.state().name());
        out.set("counters", Json.MAPPER.valueToTree(counters.snapshot()));
        // system events that are telemetry only (never lifecycle records), by type
        out.set("telemetry_events", Json.MAPPER.valueToTree(counters.telemetry()));
        ApiResponses.json(ctx, 200, out.toString());
    }

    void live(Context ctx) {
        KafkaStreams.State s = view.state();
        boolean dead = s == KafkaStreams.State.ERROR || s == KafkaStreams.State.PENDING_ERROR
                || (everRunning && (s == KafkaStreams.State.NOT_RUNNING || s == KafkaStreams.State.PENDING_SHUTDOWN));
        // no Retry-After here: a failed liveness probe means restart, not "try again"
        ctx.status(dead ? 503 : 200).contentType(ApiResponses.JSON).result(stateJson(s));
    }

    void ready(Context ctx) {
        KafkaStreams.State s = view.state();
        ApiResponses.json(ctx, s == KafkaStreams.State.RUNNING ? 200 : 503, stateJson(s));
    }

    private static String stateJson(KafkaStreams.State s) {
        return Json.MAPPER.createObjectNode().put("state", s.name()).toString();
    }
}
