package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.tasker.avro.TaskCommand;
import io.tasker.avro.TaskCommandType;
import io.tasker.avro.TaskRequest;
import io.tasker.schemas.TaskerTopics;
import io.tasker.templates.TaskTemplate;
import io.tasker.topology.TopologyCounters;
import io.tasker.topology.TopologyNames;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP API of a topology instance. Task queries are answered from the local store when this instance
 * owns the task's partition, otherwise forwarded once to the owner found by {@code queryMetadataForKey}.
 * While stores restore or rebalance the answer is 503 with Retry-After, never a 404 that would be a lie.
 */
public final class HttpApi {
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    static final String FORWARDED_HEADER = "X-Tasker-Forwarded-By";
    private static final String JSON = "application/json";

    private final KafkaStreams streams;
    private final TemplateCatalog catalog;
    private final TopologyCounters counters;
    private final Producer<String, byte[]> producer;
    private final Serializer<TaskRequest> requestSerializer;
    private final Serializer<TaskCommand> commandSerializer;
    private final TaskEngine engine = new TaskEngine();
    private final TaskerTopics topics;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile HostInfo self;
    private volatile boolean everRunning;

    public HttpApi(KafkaStreams streams, TemplateCatalog catalog, TopologyCounters counters,
                   Producer<String, byte[]> producer, Serializer<TaskRequest> requestSerializer,
                   Serializer<TaskCommand> commandSerializer, TaskerTopics topics) {
        this.streams = streams;
        this.catalog = catalog;
        this.counters = counters;
        this.producer = producer;
        this.requestSerializer = requestSerializer;
        this.commandSerializer = commandSerializer;
        this.topics = topics;
    }

    public void routes(Javalin app, HostInfo self) {
        this.self = self;
        app.get("/v1/tasks/{id}", this::getTask);
        app.get("/v1/tasks", this::list);
        app.post("/v1/tasks/{id}/cancel", ctx -> command(ctx, TaskCommandType.CANCEL, null));
        app.post("/v1/tasks/{id}/retry", ctx -> command(ctx, TaskCommandType.RETRY, null));
        app.post("/v1/tasks/{id}/steps/{step}/resolve", ctx -> command(ctx, TaskCommandType.RESOLVE_STEP, ctx.pathParam("step")));
        app.post("/v1/tasks/{id}/steps/{step}/complete", ctx -> command(ctx, TaskCommandType.COMPLETE_STEP, ctx.pathParam("step")));
        app.post("/v1/tasks", this::submit);
        app.get("/v1/templates", this::templates);
        app.get("/v1/stats", this::stats);
        app.get("/health/live", this::live);
        app.get("/health/ready", this::ready);
        app.exception(Exception.class, (e, ctx) -> {
            log.error("HTTP {} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal error: " + e.getMessage());
        });
    }

    public void markRunning() {
        everRunning = true;
    }

    /** What asking for one task gave: 200 with the task JSON, or an error status with a message. */
    private record Lookup(int status, String body) {
        boolean found() {
            return status == 200;
        }
    }

    private void getTask(Context ctx) {
        Lookup l = lookup(ctx.pathParam("id"), ctx.header(FORWARDED_HEADER) != null);
        if (l.status() == 503) ctx.header("Retry-After", "1");
        ctx.status(l.status()).contentType(JSON).result(l.body());
    }

    /** The task from its owner: the local store, or one hop to the instance that owns its partition. */
    private Lookup lookup(String id, boolean forwarded) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return unavailable("task store is not ready (instance state " + streams.state() + ")");
        }
        KeyQueryMetadata md = streams.queryMetadataForKey(TopologyNames.TASKS_STORE, id, new StringSerializer());
        if (md == null || md.equals(KeyQueryMetadata.NOT_AVAILABLE) || md.activeHost() == null) {
            return unavailable("the owner of task " + id + " is not known yet (rebalancing)");
        }
        HostInfo owner = md.activeHost();
        if (owner.equals(self)) return local(id, md.partition());
        if (forwarded) {
            // The forwarding instance thinks we own it and we think someone else does: ownership is moving.
            return unavailable("ownership of task " + id + " is moving between instances");
        }
        return forward(owner, "/v1/tasks/" + id);
    }

    private Lookup local(String id, int partition) {
        TaskRecord task;
        try {
            ReadOnlyKeyValueStore<String, TaskRecord> store = streams.store(StoreQueryParameters
                    .fromNameAndType(TopologyNames.TASKS_STORE, QueryableStoreTypes.<String, TaskRecord>keyValueStore())
                    .withPartition(partition));
            ReadOnlyKeyValueStore<String, byte[]> data = streams.store(StoreQueryParameters
                    .fromNameAndType(TopologyNames.TASK_DATA_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore())
                    .withPartition(partition));
            task = TaskData.hydrate(store.get(id), data);
        } catch (InvalidStateStoreException e) {
            return unavailable("task store partition " + partition + " is not queryable now: " + e.getMessage());
        }
        if (task == null) return new Lookup(404, errorJson("task " + id + " not found"));
        ObjectNode body = Json.MAPPER.valueToTree(task);
        body.put("served_by", self.host() + ":" + self.port());
        return new Lookup(200, body.toString());
    }

    private Lookup forward(HostInfo owner, String pathAndQuery) {
        URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + pathAndQuery);
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .header(FORWARDED_HEADER, self.host() + ":" + self.port()).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Lookup(r.statusCode(), r.body());
        } catch (IOException e) {
            return unavailable("instance " + owner.host() + ":" + owner.port() + " is unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable("interrupted");
        }
    }

    private static Lookup unavailable(String message) {
        return new Lookup(503, errorJson(message));
    }

    private void list(Context ctx) {
        int limit;
        try {
            limit = Integer.parseInt(Optional.ofNullable(ctx.queryParam("limit")).orElse("50"));
        } catch (NumberFormatException e) {
            error(ctx, 400, "limit must be an integer, was '" + ctx.queryParam("limit") + "'");
            return;
        }
        if (limit < 1 || limit > 1000) {
            error(ctx, 400, "limit must be 1..1000, was " + limit);
            return;
        }
        TaskListing.Filter filter = new TaskListing.Filter(blankToNull(ctx.queryParam("state")), blankToNull(ctx.queryParam("namespace")),
                blankToNull(ctx.queryParam("template")), limit, blankToNull(ctx.queryParam("cursor")));
        if (filter.template() != null && filter.namespace() == null) {
            error(ctx, 400, "template needs namespace (templates are named per namespace)");
            return;
        }
        if (streams.state() != KafkaStreams.State.RUNNING) {
            unavailable(ctx, "task stores are not ready (instance state " + streams.state() + ")");
            return;
        }
        if ("local".equals(ctx.queryParam("scope"))) {
            try {
                ctx.status(200).contentType(JSON).result(TaskListing.localPage(streams, filter).toString());
            } catch (InvalidStateStoreException e) {
                unavailable(ctx, "task stores are not queryable now: " + e.getMessage());
            }
            return;
        }
        // Scatter-gather: every instance pages through the partitions it owns; this one merges.
        List<JsonNode> pages = new java.util.ArrayList<>();
        for (StreamsMetadata md : streams.metadataForAllStreamsClients()) {
            if (md.hostInfo().equals(self)) {
                try {
                    pages.add(TaskListing.localPage(streams, filter));
                } catch (InvalidStateStoreException e) {
                    unavailable(ctx, "task stores are not queryable now: " + e.getMessage());
                    return;
                }
                continue;
            }
            Lookup page = forward(md.hostInfo(), "/v1/tasks?scope=local&limit=" + limit + query("state", filter.state())
                    + query("namespace", filter.namespace()) + query("template", filter.template()) + query("cursor", filter.cursor()));
            if (!page.found()) {
                unavailable(ctx, "instance " + md.hostInfo() + " could not list its tasks: HTTP " + page.status() + " " + page.body());
                return;
            }
            try {
                pages.add(Json.MAPPER.readTree(page.body()));
            } catch (IOException e) {
                unavailable(ctx, "instance " + md.hostInfo() + " answered a list that is not JSON");
                return;
            }
        }
        ctx.status(200).contentType(JSON).result(TaskListing.merge(pages, limit).toString());
    }

    private static String query(String key, String value) {
        return value == null ? "" : "&" + key + "=" + java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /**
     * An operator command: checked against the task's current state with the same engine rule the topology
     * applies (409 with the reason if not allowed), then produced to the task-commands topic.
     */
    private void command(Context ctx, TaskCommandType type, String step) throws InterruptedException {
        String id = ctx.pathParam("id");
        JsonNode body;
        try {
            body = ctx.body().isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(ctx.body());
        } catch (IOException e) {
            error(ctx, 400, "body is not JSON: " + e.getMessage());
            return;
        }
        String resultJson = null;
        if (type == TaskCommandType.COMPLETE_STEP) {
            if (!body.has("result")) {
                error(ctx, 400, "field 'result' is required to complete a step");
                return;
            }
            resultJson = body.get("result").toString();
        }
        Lookup l = lookup(id, false);
        if (!l.found()) {
            if (l.status() == 503) ctx.header("Retry-After", "1");
            ctx.status(l.status()).contentType(JSON).result(l.body());
            return;
        }
        TaskRecord task;
        Optional<TemplateCatalog.Entry> entry;
        try {
            task = Json.MAPPER.readValue(l.body(), TaskRecord.class);
            entry = catalog.find(templatesStore(), task.namespace(), task.templateName(), task.templateVersion());
        } catch (IOException e) {
            error(ctx, 500, "task " + id + " could not be read: " + e.getMessage());
            return;
        } catch (InvalidStateStoreException e) {
            unavailable(ctx, "templates are not loaded yet");
            return;
        }
        if (entry.isEmpty()) {
            error(ctx, 409, "template " + task.templateKey() + " of task " + id + " is no longer registered");
            return;
        }
        TaskCommand command = TaskCommand.newBuilder()
                .setTaskId(id).setCommandId(UUID.randomUUID().toString()).setType(type).setStepName(step)
                .setResultJson(resultJson).setReason(text(body, "reason")).setRequestedBy(text(body, "requested_by"))
                .setRequestedAt(Instant.now()).build();
        Decision check;
        try {
            check = CommandProcessor.decide(engine, task, entry.get().template(), command, System.currentTimeMillis());
        } catch (IllegalArgumentException e) {
            error(ctx, 400, e.getMessage());
            return;
        }
        if (check.dropped()) {
            error(ctx, 409, check.dropReason());
            return;
        }
        String topic = topics.taskCommands();
        try {
            producer.send(new ProducerRecord<>(topic, id, commandSerializer.serialize(topic, command))).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            unavailable(ctx, "could not write the command to Kafka: " + e.getMessage());
            return;
        }
        ctx.status(202).contentType(JSON).result(Json.MAPPER.createObjectNode().put("command_id", command.getCommandId())
                .put("task_id", id).put("type", type.name().toLowerCase()).toString());
    }

    private void submit(Context ctx) throws InterruptedException {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ctx.body());
        } catch (IOException e) {
            error(ctx, 400, "body is not JSON: " + e.getMessage());
            return;
        }
        String namespace = text(body, "namespace");
        String name = text(body, "template");
        if (namespace == null || name == null) {
            error(ctx, 400, "fields 'namespace' and 'template' are required");
            return;
        }
        JsonNode context = body.get("context");
        if (context == null || !context.isObject()) {
            error(ctx, 400, "field 'context' must be a JSON object");
            return;
        }
        Optional<TemplateCatalog.Entry> entry;
        try {
            entry = catalog.find(templatesStore(), namespace, name, text(body, "version"));
        } catch (InvalidStateStoreException e) {
            unavailable(ctx, "templates are not loaded yet");
            return;
        }
        if (entry.isEmpty()) {
            error(ctx, 422, "no template " + namespace + "/" + name + (text(body, "version") == null ? "" : " version " + text(body, "version")) + " is registered");
            return;
        }
        List<String> problems = entry.get().validator().validate(context);
        if (!problems.isEmpty()) {
            ObjectNode err = Json.MAPPER.createObjectNode().put("error", "context does not match the template's input_schema");
            ArrayNode list = err.putArray("details");
            problems.forEach(list::add);
            ctx.status(422).contentType(JSON).result(err.toString());
            return;
        }
        TaskTemplate template = entry.get().template();
        String idempotencyKey = text(body, "idempotency_key");
        String taskId = text(body, "task_id");
        if (taskId == null) {
            // Same key, same template => same task id, so a re-sent request is a no-op in the topology.
            taskId = idempotencyKey == null ? UUID.randomUUID().toString()
                    : UUID.nameUUIDFromBytes((namespace + "/" + name + "/" + idempotencyKey).getBytes(StandardCharsets.UTF_8)).toString();
        }
        TaskRequest request = TaskRequest.newBuilder()
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
                .build();
        try {
            String topic = topics.taskRequests();
            producer.send(new ProducerRecord<>(topic, taskId, requestSerializer.serialize(topic, request))).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            unavailable(ctx, "could not write the task request to Kafka: " + e.getMessage());
            return;
        }
        ObjectNode out = Json.MAPPER.createObjectNode()
                .put("task_id", taskId)
                .put("template_version", template.version())
                .put("status_url", "/v1/tasks/" + taskId);
        ctx.status(202).contentType(JSON).result(out.toString());
    }

    private void templates(Context ctx) throws IOException {
        List<TaskTemplate> all;
        try {
            all = catalog.all(templatesStore());
        } catch (InvalidStateStoreException e) {
            unavailable(ctx, "templates are not loaded yet");
            return;
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
            n.set("definition", Json.MAPPER.readTree(io.tasker.templates.TemplateJson.toJson(t)));
        }
        ctx.status(200).contentType(JSON).result(out.toString());
    }

    private void stats(Context ctx) {
        ObjectNode out = Json.MAPPER.createObjectNode().put("state", streams.state().name());
        out.set("counters", Json.MAPPER.valueToTree(counters.snapshot()));
        ctx.status(200).contentType(JSON).result(out.toString());
    }

    private void live(Context ctx) {
        KafkaStreams.State s = streams.state();
        boolean dead = s == KafkaStreams.State.ERROR || s == KafkaStreams.State.PENDING_ERROR
                || (everRunning && (s == KafkaStreams.State.NOT_RUNNING || s == KafkaStreams.State.PENDING_SHUTDOWN));
        ctx.status(dead ? 503 : 200).contentType(JSON).result("{\"state\":\"" + s + "\"}");
    }

    private void ready(Context ctx) {
        KafkaStreams.State s = streams.state();
        if (s != KafkaStreams.State.RUNNING) ctx.header("Retry-After", "1");
        ctx.status(s == KafkaStreams.State.RUNNING ? 200 : 503).contentType(JSON).result("{\"state\":\"" + s + "\"}");
    }

    private ReadOnlyKeyValueStore<String, byte[]> templatesStore() {
        return streams.store(StoreQueryParameters.fromNameAndType(TopologyNames.TEMPLATES_STORE,
                QueryableStoreTypes.<String, byte[]>keyValueStore()));
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    private static void unavailable(Context ctx, String message) {
        ctx.header("Retry-After", "1");
        error(ctx, 503, message);
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).contentType(JSON).result(errorJson(message));
    }

    private static String errorJson(String message) {
        return Json.MAPPER.createObjectNode().put("error", message).toString();
    }
}
