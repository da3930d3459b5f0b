package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.tasker.avro.TaskCommand;
import io.tasker.avro.TaskRequest;
import io.tasker.templates.ContextValidator;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateLoader;
import io.tasker.topology.TopologyCounters;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One HTTP API instance on an ephemeral port, with a stub of what it reads from Kafka Streams and a recorder of what
 * it writes: the HTTP edge without a broker. Two harnesses can be linked so one owns tasks the other is asked about.
 */
final class ApiHarness implements AutoCloseable {
    static final String TEMPLATE = """
            name: pipeline
            namespace: shop
            version: 1.0.0
            input_schema: { type: object, required: [order_id], properties: { order_id: { type: string } } }
            steps:
              - { name: charge.card, handler: h.charge }
              - { name: ship, depends_on: [charge.card], handler: h.ship }
            """;

    final StubView view = new StubView();
    /** The clock of {@link #registry}: tests move it to make entries stale. */
    final java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000_000_000_000L);
    final RegistryView registry = new RegistryView(new java.time.Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.ofEpochMilli(now.get());
        }
    }, 90_000, 86_400_000);
    final Recorder inputs = new Recorder();
    final TopologyCounters counters;
    final TaskTemplate template;
    final HostInfo self;
    final String url;
    final Javalin app;
    private final HttpClient http;

    /** What a client got back. */
    record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    ApiHarness() {
        this(io.tasker.templates.catalog.SubscribedBy.NONE);
    }

    /** @param subscribedBy what the event catalog lists as subscribers */
    ApiHarness(io.tasker.templates.catalog.SubscribedBy subscribedBy) {
        this(subscribedBy, null);
    }

    /** @param redactor what task answers mask; null = the default */
    ApiHarness(io.tasker.templates.catalog.SubscribedBy subscribedBy, io.tasker.schemas.redaction.Redactor redactor) {
        this(subscribedBy, redactor, new TopologyCounters(), null);
    }

    /** @param counters what {@code /v1/stats} and {@code /metrics} read (a topology under test may count into them) */
    ApiHarness(TopologyCounters counters) {
        this(io.tasker.templates.catalog.SubscribedBy.NONE, null, counters, null);
    }

    /** @param telemetry where submission spans go; null = tracing off */
    ApiHarness(io.tasker.templates.catalog.SubscribedBy subscribedBy, io.tasker.schemas.redaction.Redactor redactor,
               io.tasker.telemetry.TaskerTelemetry telemetry) {
        this(subscribedBy, redactor, new TopologyCounters(), telemetry);
    }

    private ApiHarness(io.tasker.templates.catalog.SubscribedBy subscribedBy, io.tasker.schemas.redaction.Redactor redactor,
                       TopologyCounters counters, io.tasker.telemetry.TaskerTelemetry telemetry) {
        this(subscribedBy, redactor, counters, telemetry, null, io.tasker.topology.HttpTlsConfig.off());
    }

    /**
     * @param auth who may call (null = authentication off)
     * @param tls  HTTPS for this instance and for what it forwards
     */
    ApiHarness(io.tasker.topology.internal.auth.Authenticator auth, io.tasker.topology.HttpTlsConfig tls) {
        this(io.tasker.templates.catalog.SubscribedBy.NONE, null, new TopologyCounters(), null, auth, tls);
    }

    private ApiHarness(io.tasker.templates.catalog.SubscribedBy subscribedBy, io.tasker.schemas.redaction.Redactor redactor,
                       TopologyCounters counters, io.tasker.telemetry.TaskerTelemetry telemetry,
                       io.tasker.topology.internal.auth.Authenticator auth, io.tasker.topology.HttpTlsConfig tls) {
        this.counters = counters;
        try {
            template = new TemplateLoader(null).parse(TEMPLATE, "pipeline.yaml");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        view.templates.add(new TemplateCatalog.Entry(template, ContextValidator.forTemplate(template), new byte[0], "digest"));
        app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            if (tls.enabled()) HttpServerTls.configure(c, tls, "127.0.0.1", 0);
        }).start("127.0.0.1", 0);
        self = new HostInfo("127.0.0.1", app.port());
        view.instances.add(self);
        HttpApi api = new HttpApi(view, inputs, counters, io.tasker.schemas.TaskerTopics.defaults(), registry);
        if (subscribedBy != io.tasker.templates.catalog.SubscribedBy.NONE) {
            api.subscribedBy(subscribedBy); // a test's own answer; otherwise the registry's
        }
        if (redactor != null) api.redactor(redactor);
        if (telemetry != null) api.telemetry(telemetry);
        if (auth != null) api.authenticator(auth);
        if (tls.enabled()) api.forwardOverTls(HttpServerTls.forwardingContext(tls));
        api.routes(app, self);
        url = tls.scheme() + "://127.0.0.1:" + app.port();
        http = tls.enabled() ? HttpClient.newBuilder().sslContext(HttpServerTls.forwardingContext(tls)).build() : HttpClient.newHttpClient();
    }

    /** A task of the test template, in progress, stored on this instance. */
    TaskRecord storeTask(String taskId, String idempotencyKey) {
        TaskRecord task = new TaskEngine(() -> 0.5).start(taskId, template, Json.MAPPER.createObjectNode().put("order_id", "o-1"),
                "corr", idempotencyKey, 1_000).task();
        view.tasks.put(taskId, task);
        return task;
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).GET().build());
    }

    /** GET with {@code Authorization: Bearer <token>} (no header when token is null). */
    Reply get(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).GET();
        if (token != null) b.header("Authorization", "Bearer " + token);
        return send(b.build());
    }

    /** POST with {@code Authorization: Bearer <token>} (no header when token is null). */
    Reply post(String path, String json, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return send(b.build());
    }

    Reply post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Reply send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = null;
            if (!r.body().isEmpty()) {
                try {
                    body = Json.MAPPER.readTree(r.body());
                } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) { // e.g. /metrics: keep raw() only
                    body = null;
                }
            }
            return new Reply(r.statusCode(), body, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {"namespace":"shop","template":"pipeline","context":{"order_id":"o-1"}} plus the given fields. */
    static ObjectNode submission() {
        ObjectNode body = Json.MAPPER.createObjectNode().put("namespace", "shop").put("template", "pipeline");
        body.putObject("context").put("order_id", "o-1");
        return body;
    }

    @Override
    public void close() {
        app.stop();
    }

    /** The stores: tasks owned by this instance unless {@link #owners} says another instance owns them. */
    final class StubView implements TaskStoreView {
        final Map<String, TaskRecord> tasks = new ConcurrentHashMap<>();
        final Map<String, HostInfo> owners = new ConcurrentHashMap<>();
        final List<TemplateCatalog.Entry> templates = new CopyOnWriteArrayList<>();
        final List<HostInfo> instances = new CopyOnWriteArrayList<>();
        final List<TaskListing.Filter> pagesAsked = new CopyOnWriteArrayList<>();
        /** Namespaces without a step-command topic. */
        final java.util.Set<String> namespacesWithoutTopic = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public boolean namespaceReady(String namespace) {
            return !namespacesWithoutTopic.contains(namespace);
        }
        volatile KafkaStreams.State state = KafkaStreams.State.RUNNING;

        @Override
        public KafkaStreams.State state() {
            return state;
        }

        @Override
        public Optional<Owner> owner(String taskId) {
            return Optional.of(new Owner(owners.getOrDefault(taskId, self), 0));
        }

        @Override
        public Optional<ObjectNode> localTask(String taskId, int partition) {
            return Optional.ofNullable(tasks.get(taskId)).map(Json.MAPPER::valueToTree);
        }

        @Override
        public ObjectNode localPage(TaskListing.Filter filter) {
            pagesAsked.add(filter);
            ObjectNode page = Json.MAPPER.createObjectNode();
            page.putArray("tasks");
            page.putObject("counts");
            return page;
        }

        @Override
        public List<HostInfo> instances() {
            // an owner is always a member of the application
            java.util.LinkedHashSet<HostInfo> all = new java.util.LinkedHashSet<>(instances);
            all.addAll(owners.values());
            return new ArrayList<>(all);
        }

        @Override
        public Optional<TemplateCatalog.Entry> template(String namespace, String name, String version) {
            return templates.stream().filter(e -> e.template().namespace().equals(namespace) && e.template().name().equals(name)
                    && (version == null || e.template().version().equals(version))).findFirst();
        }

        @Override
        public List<TaskTemplate> templates() {
            return templates.stream().map(TemplateCatalog.Entry::template).toList();
        }

        final List<TemplateCatalog.Registration> registrations = new CopyOnWriteArrayList<>();
        /** Per-template counts of this instance's partitions, keyed like TemplateCounts.key. */
        final Map<String, Long> templateCounts = new ConcurrentHashMap<>();

        @Override
        public List<TemplateCatalog.Registration> registrations() {
            return new ArrayList<>(registrations);
        }

        @Override
        public Map<String, Long> localTemplateCounts() {
            return new java.util.TreeMap<>(templateCounts);
        }
    }

    /** What the API wrote to Kafka. */
    static final class Recorder implements TaskInputs {
        final List<TaskRequest> requests = new CopyOnWriteArrayList<>();
        final List<TaskCommand> commands = new CopyOnWriteArrayList<>();
        /** The traceparent each request carried (null when none), in order. */
        final List<Optional<String>> traceparents = new CopyOnWriteArrayList<>();

        @Override
        public void request(TaskRequest request, String traceparent) {
            requests.add(request);
            traceparents.add(Optional.ofNullable(traceparent));
        }

        @Override
        public void command(TaskCommand command) {
            commands.add(command);
        }
    }
}
