package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasker.avro.DomainEvent;
import io.tasker.avro.LifecycleEvent;
import io.tasker.infra.testkit.SharedTestCluster;
import io.tasker.schemas.DlqHeaders;
import io.tasker.schemas.TaskerTopics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./tasker dev --once} on the suite's broker and registry, checked the way a user would: exit code, the
 * subscribers' files in the data directory, and the alerting subscriber's dead-letter topic.
 */
class DevDemoIT {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path data;

    @Test
    void demoEndsAsExpectedAndTheExampleSubscribersGetEveryEventOfItsTasks() throws Exception {
        String bootstrap = SharedTestCluster.bootstrapServers();
        String registry = SharedTestCluster.schemaRegistryUrl();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int rc;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            rc = new CommandLine(new DevCommand()).execute("--once", "--bootstrap-servers", bootstrap,
                    "--schema-registry-url", registry, "--data-dir", data.toString(), "--http-port", "0",
                    "--tasks", "3", "--partitions", "3", "--timeout-seconds", "90");
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(rc).as("exit code of dev --once").isZero();
        assertThat(output).contains("All 5 demo tasks ended as expected.");
        // the API required the dev token, which the demo's clients sent; the user is told how to send it too
        String token = Files.readString(data.resolve(DevToken.TOKEN_FILE)).strip();
        assertThat(output).contains("export TASKER_TOKEN=" + token, "curl -H \"Authorization: Bearer $TASKER_TOKEN\"");

        // every event the platform emitted (only the demo uses the default prefix on this cluster) is in the audit trail
        TaskerTopics topics = TaskerTopics.defaults();
        List<LifecycleEvent> lifecycle = E2E.readAll(bootstrap, registry, topics.lifecycle(), LifecycleEvent.class);
        List<DomainEvent> domain = E2E.readAll(bootstrap, registry, topics.domainEvents("ecommerce"), DomainEvent.class);
        List<JsonNode> audit = jsonLines(data.resolve("audit.jsonl"));
        Set<String> audited = audit.stream().map(a -> a.path("event_id").asText()).collect(Collectors.toSet());
        assertThat(audited).containsAll(lifecycle.stream().map(LifecycleEvent::getEventId).toList());
        assertThat(audited).containsAll(domain.stream().map(DomainEvent::getEventId).toList());
        Set<String> taskIds = lifecycle.stream().map(LifecycleEvent::getTaskId).collect(Collectors.toSet());
        assertThat(taskIds).hasSize(5);
        // only durable system events are records, each with its standard payload (telemetry ones never are)
        assertThat(lifecycle).allSatisfy(e -> {
            io.tasker.schemas.LifecycleEventType type = io.tasker.schemas.LifecycleEventType.fromWire(e.getEventType());
            assertThat(type).as(e.getEventType()).isNotNull();
            assertThat(type.isPublished()).as(e.getEventType()).isTrue();
            assertThat(JSON.readTree(e.getPayloadJson()).path("event_id").asText()).isEqualTo(e.getEventId());
        });

        // one notification per completed order, each fulfilled
        List<String> completed = lifecycle.stream().filter(e -> e.getEventType().equals("task.completed"))
                .map(LifecycleEvent::getTaskId).toList();
        assertThat(completed).hasSize(4);
        try (Stream<Path> files = Files.list(data.resolve("notifications"))) {
            List<JsonNode> notes = new ArrayList<>();
            for (Path f : files.toList()) {
                notes.add(JSON.readTree(f.toFile()));
            }
            assertThat(notes).extracting(n -> n.path("task_id").asText()).containsExactlyInAnyOrderElementsOf(completed);
            assertThat(notes).allSatisfy(n -> assertThat(n.path("message").asText()).contains("has been fulfilled"));
        }

        // three failure alerts (fetch_cart's first attempt of the flaky order; the failing order's step and task):
        // the pager refuses every third, which is dead-lettered with its reason; the other two are accepted
        List<String> failures = lifecycle.stream()
                .filter(e -> e.getEventType().equals("task.failed") || e.getEventType().equals("step.failed"))
                .map(LifecycleEvent::getEventId).toList();
        assertThat(failures).hasSize(3);
        List<JsonNode> alerts = jsonLines(data.resolve("alerts.jsonl"));
        List<ConsumerRecord<byte[], byte[]>> dead = readRaw(bootstrap, topics.prefix() + "dlq.alerting");
        assertThat(alerts).hasSize(2);
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(header(r, DlqHeaders.REASON)).isEqualTo(DlqHeaders.REASON_RETRIES_EXHAUSTED);
            assertThat(header(r, DlqHeaders.ATTEMPTS)).isEqualTo("3");
            assertThat(header(r, DlqHeaders.EXCEPTION_MESSAGE)).isEqualTo("pager answered 503: pager down");
        });
        Set<String> alerted = new java.util.HashSet<>(alerts.stream().map(a -> a.path("alert_id").asText()).toList());
        alerted.add(header(dead.get(0), DlqHeaders.EVENT_ID));
        assertThat(alerted).containsExactlyInAnyOrderElementsOf(failures);
    }

    private static List<JsonNode> jsonLines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<byte[], byte[]>> readRaw(String bootstrap, String topic) {
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "dev-demo-it-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                c.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }
}
