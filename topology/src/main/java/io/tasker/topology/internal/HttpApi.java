package io.tasker.topology.internal;

import io.javalin.Javalin;
import io.tasker.avro.TaskCommand;
import io.tasker.avro.TaskCommandType;
import io.tasker.avro.TaskRequest;
import io.tasker.schemas.TaskerTopics;
import io.tasker.templates.catalog.SubscribedBy;
import io.tasker.topology.TopologyCounters;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of a topology instance: wires the routes to what they read ({@link TaskStoreView}) and write
 * ({@link TaskInputs}) and turns every error into a JSON answer. Task queries are answered from the local store
 * when this instance owns the task's partition, otherwise forwarded once to the owner ({@link TaskLookup}).
 */
public final class HttpApi {
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

    private final TaskStoreView view;
    private final TaskInputs inputs;
    private final StatusRoutes status;
    private final TaskerTopics topics;
    private final RegistryView registry;
    private SubscribedBy subscribedBy;
    private TaskRedaction redaction = new TaskRedaction(io.tasker.schemas.redaction.Redactor.defaults());
    private SubmitSpans submitSpans = SubmitSpans.OFF;

    public HttpApi(KafkaStreams streams, TemplateCatalog catalog, TopologyCounters counters,
                   Producer<String, byte[]> producer, Serializer<TaskRequest> requestSerializer,
                   Serializer<TaskCommand> commandSerializer, TaskerTopics topics, NamespaceTopics namespaceTopics,
                   RegistryView registry) {
        this(new StreamsTaskStoreView(streams, catalog, namespaceTopics, topics),
                new KafkaTaskInputs(producer, requestSerializer, commandSerializer, topics), counters, topics, registry);
    }

    HttpApi(TaskStoreView view, TaskInputs inputs, TopologyCounters counters, TaskerTopics topics,
            RegistryView registry) {
        this.view = view;
        this.inputs = inputs;
        this.status = new StatusRoutes(view, counters);
        this.topics = topics;
        this.registry = registry;
        // the catalog's subscribed_by: the live subscribers whose patterns match the event's name
        this.subscribedBy = (eventName, namespace) -> registry.subscribersOf(eventName);
    }

    /**
     * Replaces who the event catalog lists as subscribers (default: the live registry). Call before
     * {@link #routes}; the hook is asked on every catalog request, so it must answer from memory.
     */
    public HttpApi subscribedBy(SubscribedBy hook) {
        this.subscribedBy = java.util.Objects.requireNonNull(hook, "hook");
        return this;
    }

    /**
     * Masks what task answers show (context, step results, errors, attempt history) with {@code redactor} plus the
     * fields each task's template marks sensitive in its {@code input_schema}; default {@link
     * io.tasker.schemas.redaction.Redactor#defaults()}. Call before {@link #routes}.
     */
    public HttpApi redactor(io.tasker.schemas.redaction.Redactor redactor) {
        this.redaction = new TaskRedaction(redactor);
        return this;
    }

    /**
     * Traces submissions with {@code telemetry}'s tracer: {@code POST /v1/tasks} gets a span continuing the request's
     * {@code traceparent}, which becomes the parent of the task's span. Default: off. Call before {@link #routes}.
     */
    public HttpApi telemetry(io.tasker.telemetry.TaskerTelemetry telemetry) {
        this.submitSpans = SubmitSpans.of(telemetry);
        return this;
    }

    /** @param self this instance as the other instances reach it (its {@code application.server}) */
    public void routes(Javalin app, HostInfo self) {
        InstanceForwarder forwarder = new InstanceForwarder(self);
        TaskLookup lookup = new TaskLookup(view, forwarder, redaction);
        ListTasksRoute listing = new ListTasksRoute(view, forwarder);
        SubmitRoute submit = new SubmitRoute(view, inputs, lookup, submitSpans);
        OperatorCommandRoute commands = new OperatorCommandRoute(view, inputs, lookup);
        EventsRoute events = new EventsRoute(view, topics, subscribedBy);
        RegistryRoutes registryRoutes = new RegistryRoutes(registry);
        TemplateStatsRoute templateStats = new TemplateStatsRoute(view, forwarder);

        app.get("/v1/tasks/{id}", lookup::get);
        app.get("/v1/tasks", listing::list);
        app.post("/v1/tasks/{id}/cancel", ctx -> commands.command(ctx, TaskCommandType.CANCEL, null));
        app.post("/v1/tasks/{id}/retry", ctx -> commands.command(ctx, TaskCommandType.RETRY, null));
        app.post("/v1/tasks/{id}/steps/{step}/resolve", ctx -> commands.command(ctx, TaskCommandType.RESOLVE_STEP, ctx.pathParam("step")));
        app.post("/v1/tasks/{id}/steps/{step}/complete", ctx -> commands.command(ctx, TaskCommandType.COMPLETE_STEP, ctx.pathParam("step")));
        app.post("/v1/tasks", submit::submit);
        app.get("/v1/templates", status::templates);
        app.get("/v1/events", events::list);
        app.get("/v1/events/asyncapi", events::asyncApi); // before {name}: no event is named "asyncapi" (names are dotted)
        app.get("/v1/events/{name}", events::show);
        app.get("/v1/templates/stats", templateStats::stats);
        app.get("/v1/runners", registryRoutes::runners);
        app.get("/v1/subscribers", registryRoutes::subscribers);
        app.get("/v1/stats", status::stats);
        app.get("/metrics", status::prometheus);
        app.get("/health/live", status::live);
        app.get("/health/ready", status::ready);
        app.exception(ApiError.class, (e, ctx) -> e.writeTo(ctx));
        app.exception(Exception.class, (e, ctx) -> {
            if (Containment.isRegistryOutage(e)) {
                // not the caller's fault and not a bug: ask the client to come back, as for any other outage
                log.warn("HTTP {} {}: schema registry unavailable: {}", ctx.method(), ctx.path(), e.getMessage());
                ApiError.unavailable("schema registry unavailable, try again shortly: " + e.getMessage()).writeTo(ctx);
                return;
            }
            log.error("HTTP {} {} failed", ctx.method(), ctx.path(), e);
            ApiError.of(500, "internal error: " + redaction.base().redactText(e.getMessage())).writeTo(ctx);
        });
    }

    /** Kafka Streams reached RUNNING once: from now on NOT_RUNNING fails liveness. */
    public void markRunning() {
        status.markRunning();
    }
}
