package io.tasker.topology.internal;

import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.tasker.topology.internal.auth.AccessRules;
import io.tasker.topology.internal.auth.AuthException;
import io.tasker.topology.internal.auth.AuthFilter;
import io.tasker.topology.internal.auth.Authenticator;
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
 * Every route is registered with its rule from {@link AccessRules}; {@link AuthFilter} checks the caller's token
 * against it before the route runs (when authentication is on).
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
    private Authenticator authenticator = Authenticator.from(io.tasker.topology.HttpAuthConfig.off());
    private javax.net.ssl.SSLContext forwardingTls;

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

    /** Checks bearer tokens with {@code authenticator} (default: authentication off). Call before {@link #routes}. */
    public HttpApi authenticator(Authenticator authenticator) {
        this.authenticator = java.util.Objects.requireNonNull(authenticator, "authenticator");
        return this;
    }

    /**
     * Forwards queries to the other instances over HTTPS, trusting what {@code tls} trusts (default: plain HTTP).
     * Call before {@link #routes}.
     */
    public HttpApi forwardOverTls(javax.net.ssl.SSLContext tls) {
        this.forwardingTls = tls;
        return this;
    }

    /** @param self this instance as the other instances reach it (its {@code application.server}) */
    public void routes(Javalin app, HostInfo self) {
        InstanceForwarder forwarder = new InstanceForwarder(self, view::instances, forwardingTls);
        TaskLookup lookup = new TaskLookup(view, forwarder, redaction);
        ListTasksRoute listing = new ListTasksRoute(view, forwarder);
        SubmitRoute submit = new SubmitRoute(view, inputs, lookup, submitSpans);
        OperatorCommandRoute commands = new OperatorCommandRoute(view, inputs, lookup);
        EventsRoute events = new EventsRoute(view, topics, subscribedBy);
        RegistryRoutes registryRoutes = new RegistryRoutes(registry);
        TemplateStatsRoute templateStats = new TemplateStatsRoute(view, forwarder);

        app.beforeMatched(new AuthFilter(authenticator, path -> app.unsafeConfig().pvt.internalRouter
                .findHttpHandlerEntries(HandlerType.GET, path).findFirst()
                .map(e -> e.getEndpoint().getRoles()).orElse(java.util.Set.of())));
        route(app, HandlerType.GET, "/v1/tasks/{id}", lookup::get);
        route(app, HandlerType.GET, "/v1/tasks", listing::list);
        route(app, HandlerType.POST, "/v1/tasks/{id}/cancel", ctx -> commands.command(ctx, TaskCommandType.CANCEL, null));
        route(app, HandlerType.POST, "/v1/tasks/{id}/retry", ctx -> commands.command(ctx, TaskCommandType.RETRY, null));
        route(app, HandlerType.POST, "/v1/tasks/{id}/steps/{step}/resolve", ctx -> commands.command(ctx, TaskCommandType.RESOLVE_STEP, ctx.pathParam("step")));
        route(app, HandlerType.POST, "/v1/tasks/{id}/steps/{step}/complete", ctx -> commands.command(ctx, TaskCommandType.COMPLETE_STEP, ctx.pathParam("step")));
        route(app, HandlerType.POST, "/v1/tasks", submit::submit);
        route(app, HandlerType.GET, "/v1/templates", status::templates);
        route(app, HandlerType.GET, "/v1/events", events::list);
        route(app, HandlerType.GET, "/v1/events/asyncapi", events::asyncApi); // before {name}: no event is named "asyncapi" (names are dotted)
        route(app, HandlerType.GET, "/v1/events/{name}", events::show);
        route(app, HandlerType.GET, "/v1/templates/stats", templateStats::stats);
        route(app, HandlerType.GET, "/v1/runners", registryRoutes::runners);
        route(app, HandlerType.GET, "/v1/subscribers", registryRoutes::subscribers);
        route(app, HandlerType.GET, "/v1/stats", status::stats);
        route(app, HandlerType.GET, "/metrics", status::prometheus);
        route(app, HandlerType.GET, "/health/live", status::live);
        route(app, HandlerType.GET, "/health/ready", status::ready);
        app.exception(ApiError.class, (e, ctx) -> e.writeTo(ctx));
        app.exception(AuthException.class, (e, ctx) -> {
            log.info("HTTP {} {} refused: {} {} (client {})", ctx.method(), ctx.path(), e.status(), e.reason(), ctx.ip());
            if (e.wwwAuthenticate() != null) ctx.header("WWW-Authenticate", e.wwwAuthenticate());
            ApiResponses.json(ctx, e.status(), Json.MAPPER.createObjectNode().put("error", e.getMessage())
                    .put("reason", e.reason()).toString());
        });
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

    /** Registers a route with its access rule; a route without one in {@link AccessRules} stops start-up. */
    private static void route(Javalin app, HandlerType method, String path, Handler handler) {
        app.addHttpHandler(method, path, handler, AccessRules.of(method, path));
    }

    /** Kafka Streams reached RUNNING once: from now on NOT_RUNNING fails liveness. */
    public void markRunning() {
        status.markRunning();
    }
}
