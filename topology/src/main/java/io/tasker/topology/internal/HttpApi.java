package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.tasker.avro.TaskRequest;
import io.tasker.schemas.TaskerTopics;
import io.tasker.templates.TaskTemplate;
import io.tasker.topology.TopologyCounters;
import io.tasker.topology.TopologyNames;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
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
    private final Producer<String, TaskRequest> producer;
    private final TaskerTopics topics;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile HostInfo self;
    private volatile boolean everRunning;

    public HttpApi(KafkaStreams streams, TemplateCatalog catalog, TopologyCounters counters,
                   Producer<String, TaskRequest> producer, TaskerTopics topics) {
        this.streams = streams;
        this.catalog = catalog;
        this.counters = counters;
        this.producer = producer;
        this.topics = topics;
    }

    public void routes(Javalin app, HostInfo self) {
        this.self = self;
        app.get("/v1/tasks/{id}", this::getTask);
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

    private void getTask(Context ctx) {
        String id = ctx.pathParam("id");
        if (streams.state() != KafkaStreams.State.RUNNING) {
            unavailable(ctx, "task store is not ready (instance state " + streams.state() + ")");
            return;
        }
        KeyQueryMetadata md = streams.queryMetadataForKey(TopologyNames.TASKS_STORE, id, new StringSerializer());
        if (md == null || md.equals(KeyQueryMetadata.NOT_AVAILABLE) || md.activeHost() == null) {
            unavailable(ctx, "the owner of task " + id + " is not known yet (rebalancing)");
            return;
        }
        HostInfo owner = md.activeHost();
        if (owner.equals(self)) {
            local(ctx, id, md.partition());
        } else if (ctx.header(FORWARDED_HEADER) != null) {
            // The forwarding instance thinks we own it and we think someone else does: ownership is moving.
            unavailable(ctx, "ownership of task " + id + " is moving between instances");
        } else {
            forward(ctx, owner, id);
        }
    }

    private void local(Context ctx, String id, int partition) {
        TaskRecord task;
        try {
            ReadOnlyKeyValueStore<String, TaskRecord> store = streams.store(StoreQueryParameters
                    .fromNameAndType(TopologyNames.TASKS_STORE, QueryableStoreTypes.<String, TaskRecord>keyValueStore())
                    .withPartition(partition));
            task = store.get(id);
        } catch (InvalidStateStoreException e) {
            unavailable(ctx, "task store partition " + partition + " is not queryable now: " + e.getMessage());
            return;
        }
        if (task == null) {
            error(ctx, 404, "task " + id + " not found");
            return;
        }
        ObjectNode body = Json.MAPPER.valueToTree(task);
        body.put("served_by", self.host() + ":" + self.port());
        ctx.status(200).contentType(JSON).result(body.toString());
    }

    private void forward(Context ctx, HostInfo owner, String id) {
        URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + "/v1/tasks/" + id);
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .header(FORWARDED_HEADER, self.host() + ":" + self.port()).GET().build(), HttpResponse.BodyHandlers.ofString());
            r.headers().firstValue("Retry-After").ifPresent(v -> ctx.header("Retry-After", v));
            ctx.status(r.statusCode()).contentType(JSON).result(r.body());
        } catch (IOException e) {
            unavailable(ctx, "owner " + owner.host() + ":" + owner.port() + " of task " + id + " is unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unavailable(ctx, "interrupted");
        }
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
            producer.send(new ProducerRecord<>(topics.taskRequests(), taskId, request)).get(10, TimeUnit.SECONDS);
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

    private void templates(Context ctx) {
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
        ctx.status(status).contentType(JSON).result(Json.MAPPER.createObjectNode().put("error", message).toString());
    }
}
