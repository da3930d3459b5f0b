package io.tasker.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasker.avro.TaskRequest;
import io.tasker.runner.HandlerRegistry;
import io.tasker.runner.PermanentStepException;
import io.tasker.runner.StepOutcome;
import io.tasker.schemas.RejectReason;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.schemas.redaction.RedactionConfig;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateLoader;
import io.tasker.topology.TaskerTopologyApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiPredicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The proof of issue 10's redaction: distinct secrets are seeded in a task context (one field covered by a key rule,
 * one marked {@code x-sensitive} in the input_schema), in a step result, in an exception message and in a domain
 * event field marked sensitive; tasks run to completion and to failure, and a request is rejected. Then every record
 * of every topic of the platform (keys, values as text, headers), every log line (captured as the launcher's text
 * and JSON formats write them) and every API answer is scanned: a secret occurs only where the allow-list says the
 * real value must be, and the mask is where the fields were. The counts per place are printed.
 */
class RedactionProofIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String MASK = RedactionConfig.DEFAULT_MASK;
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    /** A context field a default key rule covers ({@code password}). */
    static final String CTX_KEY = "ctxpw-" + RUN + "-k3y";
    /** A context field the template's input_schema marks {@code x-sensitive}. */
    static final String CTX_SCHEMA = "pin" + RUN + "x5";
    /** A step result field a default key rule covers ({@code api_key}). */
    static final String RESULT = "res-apikey-" + RUN;
    /** In an exception message, after {@code Bearer}: a default value pattern. */
    static final String EXCEPTION = "exc-bearer-" + RUN;
    /** A domain event payload field the event's schema marks sensitive. */
    static final String EVENT = "4111" + RUN.hashCode() + "evt";

    static final List<SecretScan.Secret> SECRETS = List.of(new SecretScan.Secret("ctx_key", CTX_KEY),
            new SecretScan.Secret("ctx_schema", CTX_SCHEMA), new SecretScan.Secret("result", RESULT),
            new SecretScan.Secret("exception", EXCEPTION), new SecretScan.Secret("event", EVENT));

    static HandlerRegistry handlers() {
        return new HandlerRegistry()
                .register("secure.authorize", ctx -> {
                    JsonNode c = ctx.context();
                    // step commands keep the real values: the handler would fail if it got a mask
                    if (!c.path("password").asText().equals(CTX_KEY) || !c.path("pin").asText().equals(CTX_SCHEMA)) {
                        throw new PermanentStepException("the handler did not get the real context");
                    }
                    ctx.publish("card.authorized", Map.of("customer", c.path("customer").asText(), "pan", EVENT));
                    ctx.publish("card.viewed", Map.of("pan", EVENT));
                    if (c.path("fail").asBoolean()) {
                        throw new IllegalStateException("upstream refused Bearer " + EXCEPTION,
                                new IOException("pin " + c.path("pin").asText() + " rejected"));
                    }
                    return StepOutcome.success(Map.of("auth", "ok", "api_key", RESULT));
                })
                .register("secure.settle", ctx -> {
                    // dependency results keep the real values too
                    if (!ctx.dependencyResult("authorize").path("api_key").asText().equals(RESULT)) {
                        throw new PermanentStepException("the handler did not get the real dependency result");
                    }
                    return StepOutcome.success(Map.of("settled", true));
                });
    }

    @Test
    void noSeededSecretLeavesTheTaskStoreOrTheHandlerOutsideTheAllowList() throws Exception {
        List<TaskTemplate> templates = List.of(new TemplateLoader(null).loadResource("templates/redaction_proof.yaml"));
        SecretScan scan = new SecretScan(SECRETS, MASK);
        List<String> answers = new ArrayList<>();
        var exported = io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter.create();
        Platform.Options options = E2E.options("redaction");
        String app = options.applicationId();
        // every Tasker line down to DEBUG is captured and scanned (the suite logs io.tasker at INFO)
        ch.qos.logback.classic.Logger tasker = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.tasker");
        ch.qos.logback.classic.Level level = tasker.getLevel();
        tasker.setLevel(ch.qos.logback.classic.Level.DEBUG);
        try (LogCapture logs = new LogCapture(); Platform platform = Platform.infrastructure(options, templates)) {
            // every span of topology and runner, to scan with the rest (one exporter behind both)
            platform.withTelemetryFactory(service -> io.tasker.telemetry.TaskerTelemetry.forTesting(exported));
            platform.startRunner(handlers(), templates);
            TaskerTopologyApp topology = platform.startTopology();
            TaskerClient client = new TaskerClient(topology.url());
            await().atMost(Duration.ofSeconds(120)).until(topology::isRunning);
            E2E.awaitTemplates(client, "redaction_proof");

            String ok = submit(client, context(false), answers);
            String failing = submit(client, context(true), answers);
            JsonNode done = E2E.awaitFinished(client, ok);
            JsonNode failed = E2E.awaitFinished(client, failing);
            assertThat(done.path("state").asText()).as("%s", done).isEqualTo("complete");
            assertThat(failed.path("state").asText()).as("%s", failed).isEqualTo("error");

            // a context the input_schema refuses: over HTTP (422) and as a record (to the rejected topic)
            ObjectNode refused = context(false);
            refused.remove("customer");
            TaskerClient.Response r = client.submit("secure", "redaction_proof", refused, null);
            assertThat(r.status()).isEqualTo(422);
            answers.add("POST /v1/tasks (refused) " + r.body());
            produceRequest(platform, refused);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> topology.counters().get("rejected." + RejectReason.INVALID_CONTEXT.code()) > 0);

            // the API: where the fields were, the mask
            JsonNode shownOk = client.task(ok).body();
            JsonNode shownFailed = client.task(failing).body();
            assertThat(shownOk.path("context").path("password").asText()).isEqualTo(MASK);
            assertThat(shownOk.path("context").path("pin").asText()).isEqualTo(MASK);
            assertThat(shownOk.path("context").path("customer").asText()).isEqualTo("ann");
            assertThat(E2E.step(shownOk, "authorize").toString()).contains("\"api_key\":\"" + MASK + "\"");
            assertThat(E2E.step(shownFailed, "authorize").toString()).contains("Bearer " + MASK);
            JsonNode example = client.get("/v1/events/card.authorized?namespace=secure").body();
            assertThat(example.toString()).contains("\"pan\":\"" + MASK + "\"")
                    .as("the template's declared example value of the sensitive field").doesNotContain("4111111111111111");
            assertThat(client.get("/v1/events/asyncapi").body().toString()).doesNotContain("4111111111111111");
            for (String path : List.of("/v1/tasks/" + ok, "/v1/tasks/" + failing, "/v1/tasks", "/v1/tasks?state=error",
                    "/v1/tasks?namespace=secure", "/v1/events", "/v1/events?namespace=secure",
                    "/v1/events/card.authorized?namespace=secure", "/v1/events/card.viewed?namespace=secure",
                    "/v1/events/asyncapi", "/v1/templates", "/v1/templates/stats", "/v1/stats", "/v1/runners",
                    "/v1/subscribers")) {
                TaskerClient.Response a = client.get(path);
                answers.add("GET " + path + " " + a.status() + " " + a.body());
            }
            for (String a : answers) {
                String place = a.substring(0, a.indexOf(' ', a.indexOf(' ') + 1)).replace(ok, "<ok>").replace(failing, "<failed>");
                scan.scan("api: " + place, a);
            }
            // the CLI prints what the API answers
            for (List<String> args : List.of(List.of("tasks", "get", ok), List.of("tasks", "get", failing),
                    List.of("tasks", "get", failing, "--output", "json"), List.of("tasks", "list"),
                    List.of("events", "show", "card.authorized", "--namespace", "secure"),
                    List.of("events", "show", "card.authorized", "--namespace", "secure", "--output", "json"))) {
                String out = cli(topology.url(), args);
                scan.scan("cli: tasker " + String.join(" ", args).replace(ok, "<ok>").replace(failing, "<failed>"), out);
            }
            assertThat(cli(topology.url(), List.of("events", "show", "card.authorized", "--namespace", "secure")))
                    .contains(MASK);

            scanTopics(platform, app, scan);
            scan.scan("logs: text (" + logs.text().lines().count() + " lines)", logs.text());
            scan.scan("logs: json (" + logs.json().lines().count() + " lines)", logs.json());
            assertThat(logs.text()).as("the runner's failure line, masked").contains("Bearer " + MASK);
            // spans: read before the platform closes (closing the telemetry shuts the exporter down, which empties it)
            List<io.opentelemetry.sdk.trace.data.SpanData> spans = exported.getFinishedSpanItems();
            assertThat(spans).as("spans of the two tasks").isNotEmpty();
            for (var span : spans) scan.scan("spans: " + span.getName(), spanText(span));
        } finally {
            tasker.setLevel(level);
        }

        System.out.printf("RedactionProofIT: secrets ctx_key=%s ctx_schema=%s result=%s exception=%s event=%s%n%s",
                CTX_KEY, CTX_SCHEMA, RESULT, EXCEPTION, EVENT, scan.table(options.topicPrefix(), app + "-"));
        assertThat(scan.leaks()).as("secrets outside the allow-list").isEmpty();
        assertThat(scan.masksUnder("topic " + options.topicPrefix() + "domain-events.secure"))
                .as("the sensitive event field, masked for subscribers").isPositive();
        assertThat(scan.masksUnder("topic " + options.topicPrefix() + "lifecycle")).as("lifecycle events").isPositive();
        assertThat(scan.masksUnder("api: ")).isPositive();
        assertThat(scan.masksUnder("spans: ")).as("the failed attempts' exception events, masked").isPositive();
    }

    /** Everything a trace backend shows of a span: name, status text, attributes, events and their attributes. */
    private static String spanText(io.opentelemetry.sdk.trace.data.SpanData span) {
        StringBuilder b = new StringBuilder(span.getName()).append('\n').append(span.getStatus().getDescription()).append('\n');
        span.getAttributes().forEach((k, v) -> b.append(k.getKey()).append('=').append(v).append('\n'));
        for (var event : span.getEvents()) {
            b.append(event.getName()).append('\n');
            event.getAttributes().forEach((k, v) -> b.append(k.getKey()).append('=').append(v).append('\n'));
        }
        return b.toString();
    }

    /** Runs {@code tasker <args> --url <url>} in process and returns what it printed. */
    static String cli(String url, List<String> args) {
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cmd = new picocli.CommandLine(new Main());
        cmd.setOut(new java.io.PrintWriter(out, true));
        cmd.setErr(new java.io.PrintWriter(out, true));
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--url", url));
        int rc = cmd.execute(all.toArray(String[]::new));
        assertThat(rc).as("tasker %s: %s", args, out).isZero();
        return out.toString();
    }

    static ObjectNode context(boolean fail) {
        return JSON.createObjectNode().put("customer", "ann").put("password", CTX_KEY).put("pin", CTX_SCHEMA)
                .put("fail", fail);
    }

    static String submit(TaskerClient client, ObjectNode context, List<String> answers) {
        TaskerClient.Response r = client.submit("secure", "redaction_proof", context, null);
        assertThat(r.status()).as("%s", r.body()).isEqualTo(202);
        answers.add("POST /v1/tasks " + r.body());
        return r.body().path("task_id").asText();
    }

    static void produceRequest(Platform platform, JsonNode context) throws Exception {
        String id = "rejected-" + RUN;
        TaskRequest request = TaskRequest.newBuilder().setTaskId(id).setNamespace("secure")
                .setTemplateName("redaction_proof").setContextJson(context.toString()).setRequestedAt(Instant.now())
                .build();
        String topic = platform.topics().taskRequests();
        try (var serde = TaskerAvroSerde.forValues(TaskRequest.class, platform.schemaRegistryUrl());
             var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     platform.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8),
                    serde.serializer().serialize(topic, request))).get();
        }
    }

    /**
     * The topics that must keep real values, and which: the task's input and what handlers and the task store need.
     * Keys and headers are allowed nothing anywhere.
     */
    static BiPredicate<String, String> allowList(Platform platform, String app) {
        var t = platform.topics();
        Set<String> context = Set.of("ctx_key", "ctx_schema");
        Set<String> storeData = Set.of("ctx_key", "ctx_schema", "result");
        return (place, kind) -> {
            if (!place.endsWith(" value")) return false;
            String topic = place.substring("topic ".length(), place.length() - " value".length());
            if (topic.equals(t.taskRequests())) return context.contains(kind); // the caller's request
            if (topic.equals(t.rejected())) return context.contains(kind); // the refused request, byte for byte, for replay
            if (topic.equals(t.stepCommands("secure"))) return storeData.contains(kind); // handler input: context, dependency results
            if (topic.equals(t.stepResults())) return kind.equals("result"); // a result, for the dependent steps
            if (topic.equals(app + "-" + io.tasker.topology.TopologyNames.TASK_DATA_STORE + "-changelog")
                    || (topic.startsWith(app + "-") && topic.endsWith("-repartition"))) {
                return storeData.contains(kind); // the task data store (context, results) and its restore
            }
            return false;
        };
    }

    static void scanTopics(Platform platform, String app, SecretScan scan) {
        String prefix = platform.options().topicPrefix();
        BiPredicate<String, String> allowed = allowList(platform, app);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()));
             var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     platform.bootstrapServers(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                     // read_uncommitted: aborted transactions' records are on the topic too
                     ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"),
                     new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Set<String> names = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                    .names().get();
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : names) {
                if (!topic.startsWith(prefix) && !topic.startsWith(app + "-")) continue;
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            assertThat(partitions).isNotEmpty();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await("read every topic").atMost(Duration.ofSeconds(60)).pollInSameThread().pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        for (ConsumerRecord<byte[], byte[]> rec : consumer.poll(Duration.ofMillis(200))) {
                            String place = "topic " + rec.topic();
                            scan.scan(place + " key", text(rec.key()), allowed);
                            scan.scan(place + " value", text(rec.value()), allowed);
                            StringBuilder headers = new StringBuilder();
                            for (Header h : rec.headers()) headers.append(h.key()).append('=').append(text(h.value())).append('\n');
                            scan.scan(place + " headers", headers.toString(), allowed);
                        }
                        return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
                    });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Bytes as text: Avro and JSON strings are UTF-8, so a secret in a record is found in its decoded bytes. */
    static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
