package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.tasker.telemetry.MetricValues;
import io.tasker.telemetry.PrometheusScrape;
import io.tasker.templates.TaskTemplate;
import io.tasker.topology.TopologyCounters;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

import java.util.List;

/**
 * {@code GET /v1/templates}, {@code /v1/stats}, {@code /metrics} and the health probes {@code /health/live},
 * {@code /health/ready}.
 */
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
        io.tasker.topology.internal.auth.Caller caller = io.tasker.topology.internal.auth.Caller.of(ctx);
        for (TaskTemplate t : all) {
            if (!caller.allows(t.namespace())) continue;
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

    /** Every section reads one collection of the process's instruments: the values OTLP and {@code /metrics} export. */
    void stats(Context ctx) {
        MetricValues values = counters.taskerTelemetry().stats().collect();
        ObjectNode out = Json.MAPPER.createObjectNode().put("state", view.state().name());
        out.set("counters", Json.MAPPER.valueToTree(TopologyCounters.snapshot(values)));
        // system events that are telemetry only (never lifecycle records), by type
        out.set("telemetry_events", Json.MAPPER.valueToTree(TopologyCounters.telemetry(values)));
        out.set("metrics", workflowMetrics(values));
        ApiResponses.json(ctx, 200, out.toString());
    }

    /** {@code GET /metrics}: the Prometheus text exposition of the same instruments. */
    void prometheus(Context ctx) throws java.io.IOException {
        PrometheusScrape scrape = counters.taskerTelemetry().prometheus();
        ctx.status(200).contentType(scrape.contentType());
        scrape.write(ctx.outputStream());
    }

    /**
     * The workflow instruments ({@code tasker.tasks.*}, {@code tasker.steps.*}) by name: one entry per attribute set,
     * its attributes and {@code value} (counters, gauges) or {@code count} and {@code sum} in seconds (histograms).
     */
    private static ObjectNode workflowMetrics(MetricValues values) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        for (String name : values.names("tasker.")) {
            if (name.equals(TopologyCounters.COUNTS) || name.equals(TopologyCounters.TELEMETRY_EVENTS)) continue;
            ArrayNode points = out.putArray(name);
            values.longValues(name).forEach((attrs, v) -> attributes(points.addObject(), attrs).put("value", v));
            values.histograms(name).forEach((attrs, h) ->
                    attributes(points.addObject(), attrs).put("count", h.count()).put("sum", h.sum()));
        }
        return out;
    }

    private static ObjectNode attributes(ObjectNode n, io.opentelemetry.api.common.Attributes attrs) {
        ObjectNode a = n.putObject("attributes");
        attrs.forEach((k, v) -> a.put(k.getKey(), String.valueOf(v)));
        return n;
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
