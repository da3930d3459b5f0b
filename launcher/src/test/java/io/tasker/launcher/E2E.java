package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.examples.Examples;
import io.tasker.infra.testkit.SharedTestCluster;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateLoader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.awaitility.Awaitility.await;

/** Shared set-up of the end-to-end tests: a platform on the suite's broker and registry, isolated by prefix. */
final class E2E {
    private E2E() {
    }

    static List<TaskTemplate> templates() {
        List<TaskTemplate> all = new ArrayList<>(Examples.templates(null));
        TemplateLoader loader = new TemplateLoader(null);
        all.add(loader.loadResource("templates/e2e_flaky.yaml"));
        all.add(loader.loadResource("templates/e2e_always_fail.yaml"));
        all.add(loader.loadResource("templates/e2e_backoff.yaml"));
        return all;
    }

    static Platform.Options options(String name) {
        String unique = SharedTestCluster.unique(name);
        return Platform.Options.dev()
                .withBootstrap(SharedTestCluster.bootstrapServers())
                .withRegistry(SharedTestCluster.schemaRegistryUrl())
                .withTopicPrefix(unique + ".")
                .withApplicationId(unique)
                .withPartitions(3)
                .withHttpPort(0)
                .withRunnerThreads(4);
    }

    static void awaitTemplates(TaskerClient client, String... names) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            TaskerClient.Response r = client.get("/v1/templates");
            if (r.status() != 200) return false;
            Set<String> have = new java.util.HashSet<>();
            r.body().forEach(t -> have.add(t.path("name").asText()));
            return have.containsAll(List.of(names));
        });
    }

    /** Waits until the task is in a terminal state (or error) and returns it. */
    static JsonNode awaitFinished(TaskerClient client, String taskId) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            TaskerClient.Response r = client.task(taskId);
            if (r.status() != 200) return false;
            last[0] = r.body();
            String s = r.body().path("state").asText();
            return s.equals("complete") || s.equals("error") || s.equals("cancelled") || s.equals("resolved_manually");
        });
        return last[0];
    }

    /**
     * Polls the HTTP API until every task is terminal (503 while an instance restores or rebalances = try again): the
     * fault tests' wait across a killed and restarted topology.
     */
    static java.util.Map<String, JsonNode> awaitAllTerminal(TaskerClient client, List<String> ids, Duration atMost) {
        java.util.Map<String, JsonNode> done = new java.util.LinkedHashMap<>();
        await("all " + ids.size() + " tasks terminal").atMost(atMost).pollInterval(Duration.ofMillis(500))
                .ignoreException(java.io.UncheckedIOException.class).until(() -> {
                    for (String id : ids) {
                        if (done.containsKey(id)) continue;
                        TaskerClient.Response r = client.task(id);
                        if (r.status() == 503) return false;
                        if (r.status() != 200) continue;
                        String s = r.body().path("state").asText();
                        if (s.equals("complete") || s.equals("error") || s.equals("cancelled")) done.put(id, r.body());
                    }
                    return done.size() == ids.size();
                });
        return done;
    }

    static JsonNode step(JsonNode task, String name) {
        for (JsonNode s : task.path("steps")) {
            if (s.path("name").asText().equals(name)) return s;
        }
        throw new AssertionError("task has no step " + name + ": " + task);
    }

    /** Every committed value of {@code topic}, read from the beginning up to its last stable offset at the time of the call. */
    static <T extends org.apache.avro.specific.SpecificRecord> List<T> readAll(Platform platform, String topic, Class<T> type) {
        return readAll(platform.bootstrapServers(), platform.schemaRegistryUrl(), topic, type);
    }

    /** Like {@link #readAll(Platform, String, Class)} on the given cluster and registry. */
    static <T extends org.apache.avro.specific.SpecificRecord> List<T> readAll(String bootstrapServers, String registryUrl,
            String topic, Class<T> type) {
        List<T> all = new ArrayList<>();
        try (var c = new org.apache.kafka.clients.consumer.KafkaConsumer<>(java.util.Map.<String, Object>of(
                org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_ID_CONFIG, "e2e-reader-" + java.util.UUID.randomUUID(),
                org.apache.kafka.clients.consumer.ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new io.tasker.schemas.TaskerAvroSerde<>(type, io.tasker.schemas.SchemaRegistryClient.shared(registryUrl), false).deserializer())) {
            List<org.apache.kafka.common.TopicPartition> partitions = c.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            java.util.Map<org.apache.kafka.common.TopicPartition, Long> end = c.endOffsets(partitions);
            await("read " + topic).atMost(Duration.ofSeconds(60)).pollInSameThread().pollInterval(Duration.ofMillis(10)).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(r -> all.add(r.value()));
                return partitions.stream().allMatch(tp -> c.position(tp) >= end.get(tp));
            });
        }
        return all;
    }

    /**
     * A `tasker topology` child process joining {@code platform}'s application with a stable instance id and
     * {@code stateDir}, so that a second one started after the first was killed restores the first's state.
     */
    static ChildProcess topologyChild(String name, Platform platform, java.nio.file.Path stateDir, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("topology",
                "--bootstrap-servers", platform.bootstrapServers(),
                "--schema-registry-url", platform.schemaRegistryUrl(),
                "--topic-prefix", platform.options().topicPrefix(),
                "--application-id", platform.options().applicationId(),
                "--state-dir", stateDir.toString(),
                "--instance-id", platform.options().applicationId() + "-killed-and-restarted",
                "--http-port", "0",
                "--http-auth", "off")); // these tests are about Kafka, not the API's tokens (see HttpAuthIT)
        args.addAll(List.of(extraArgs));
        return ChildProcess.start(name, args);
    }

    /** The number of the attempt recorded as the step's success (the one whose durable events were released), or -1. */
    static int successfulAttempt(JsonNode step) {
        for (JsonNode a : step.path("attempts")) {
            if (a.path("outcome").asText().equals("success")) return a.path("attempt").asInt();
        }
        return -1;
    }
}
