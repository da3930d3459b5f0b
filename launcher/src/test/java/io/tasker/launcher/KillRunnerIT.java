package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasker.avro.StepResult;
import io.tasker.examples.Examples;
import io.tasker.schemas.SchemaRegistryClient;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateLoader;
import io.tasker.topology.TaskerTopologyApp;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 2: a step runner is killed with SIGKILL while a slow handler runs. The step's 3 s timeout fails the attempt
 * ({@code io.tasker.StepTimeout}), the retry goes to the replacement runner and every task completes; the killed
 * attempt never reports, and a late result for it (the replacement re-runs the undelivered command) changes nothing.
 */
class KillRunnerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LONG = Duration.ofSeconds(180);
    private static final int TASKS = 5;

    static Platform platform;
    static TaskerTopologyApp topology;
    static TaskerClient client;
    static List<TaskTemplate> templates;
    static Path templateFile;
    static ChildProcess child;

    @BeforeAll
    static void start() throws Exception {
        templates = new ArrayList<>(Examples.templates(null));
        templates.add(new TemplateLoader(null).loadResource("templates/kill_slow.yaml"));
        // enough workers that re-delivered slow attempts (20 s each) never queue the fast retries behind them
        platform = Platform.infrastructure(E2E.options("killrunner").withRunnerThreads(16), templates);
        topology = platform.startTopology();
        client = new TaskerClient(topology.url());
        Path dir = Files.createDirectories(ChildProcess.moduleDir().resolve("target/kill-runner/" + platform.options().applicationId()));
        templateFile = dir.resolve("kill_slow.yaml");
        try (InputStream in = KillRunnerIT.class.getClassLoader().getResourceAsStream("templates/kill_slow.yaml")) {
            Files.copy(in, templateFile, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @AfterAll
    static void stop() {
        if (child != null) child.close();
        if (platform != null) platform.close();
    }

    @Test
    void runnerKilledDuringASlowHandlerIsReplacedTheAttemptTimesOutAndTheRetryCompletesEveryTask() throws Exception {
        // The runner that will die. Its own consumer group: a dead member keeps its partitions for session.timeout.ms
        // (45 s by default, not settable through `tasker runner`), longer than 3 attempts x 3 s, so a replacement
        // in the same group would only get the partitions after every attempt had timed out.
        child = ChildProcess.start("runner-killed", List.of("runner",
                "--bootstrap-servers", platform.bootstrapServers(),
                "--schema-registry-url", platform.schemaRegistryUrl(),
                "--topic-prefix", platform.options().topicPrefix(),
                "--group-id", platform.options().applicationId() + "-runner-killed",
                "--template", templateFile.toString(),
                "--worker-threads", "8"));
        child.awaitOutput("partitions assigned .*step-commands\\.killns", LONG);
        await().atMost(LONG).until(topology::isRunning);
        await("template kill_slow registered by the child runner").atMost(LONG).pollInterval(Duration.ofMillis(250))
                .until(() -> client.get("/v1/templates").body().toString().contains("kill_slow"));

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            TaskerClient.Response r = client.submit("killns", "kill_slow", JSON.createObjectNode().put("n", i), null);
            assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(202);
            ids.add(r.body().get("task_id").asText());
        }
        await("slow attempt 1 dispatched for every task").atMost(LONG).pollInterval(Duration.ofMillis(50)).until(() -> ids.stream().allMatch(id -> {
            TaskerClient.Response r = client.task(id);
            if (r.status() != 200) return false;
            JsonNode slow = E2E.step(r.body(), "slow");
            return slow.path("attempt").asInt() == 1 && Set.of("enqueued", "in_progress").contains(slow.path("state").asText());
        }));
        long killedPid = child.pid();
        child.killHard();

        platform.startRunner(Examples.handlers(), templates);

        Map<String, JsonNode> finals = new LinkedHashMap<>();
        await("every task finished after the runner was replaced").atMost(LONG).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (String id : ids) {
                if (finals.containsKey(id)) continue;
                TaskerClient.Response r = client.task(id);
                if (r.status() != 200) continue;
                String s = r.body().path("state").asText();
                if (s.equals("complete") || s.equals("error") || s.equals("cancelled")) finals.put(id, r.body());
            }
            return finals.size() == ids.size();
        });

        int stepsRun = 0;
        int reExecuted = 0;
        for (JsonNode task : finals.values()) {
            assertThat(task.path("state").asText()).as(task.toString()).isEqualTo("complete");
            JsonNode attempts = E2E.step(task, "slow").path("attempts");
            assertThat(attempts.size()).as("slow was retried after its timeout: " + task).isGreaterThanOrEqualTo(2);
            JsonNode first = attempts.get(0);
            assertThat(first.path("outcome").asText()).isEqualTo("failure");
            assertThat(first.path("exception_class").asText()).isEqualTo("io.tasker.StepTimeout");
            assertThat(first.path("error_message").asText()).contains("timed out after 3 s");
            assertThat(first.path("runner_id").isMissingNode() || first.path("runner_id").isNull())
                    .as("no runner ever reported attempt 1: " + first).isTrue();
            JsonNode last = attempts.get(attempts.size() - 1);
            assertThat(last.path("outcome").asText()).isEqualTo("success");
            assertThat(E2E.step(task, "slow").path("result").path("attempt").asInt()).isEqualTo(last.path("attempt").asInt());
            assertThat(E2E.step(task, "after_slow").path("state").asText()).isEqualTo("complete");
            for (JsonNode step : task.path("steps")) {
                stepsRun++;
                if (step.path("attempts").size() > 1) reExecuted++;
            }
        }
        System.out.printf("KillRunnerIT: handler re-executions: %d of %d steps ran their handler more than once%n", reExecuted, stepsRun);

        // The killed runner's attempt 1 never reports. Its command was never committed, so the replacement runs it
        // again (at-least-once): that late attempt-1 result arrives ~20 s later and must change nothing.
        String replacementId = io.tasker.runner.RunnerConfig.defaultRunnerId(); // the in-process runner: this JVM
        List<StepResult> lateResults = new ArrayList<>();
        await("late attempt-1 results of the re-delivered slow commands").atMost(LONG).pollInterval(Duration.ofSeconds(1)).until(() -> {
            List<StepResult> all = results(Set.copyOf(ids));
            assertThat(all).as("the killed runner (pid " + killedPid + ") never delivered a result")
                    .noneMatch(r -> String.valueOf(r.getRunnerId()).endsWith("-" + killedPid));
            lateResults.clear();
            all.stream().filter(r -> r.getStepName().equals("slow") && r.getAttempt() == 1).forEach(lateResults::add);
            return lateResults.size() >= TASKS;
        });
        assertThat(lateResults).allSatisfy(r -> assertThat(r.getRunnerId()).isEqualTo(replacementId));
        assertThat(lateResults).extracting(StepResult::getTaskId).containsExactlyInAnyOrderElementsOf(ids);
        System.out.printf("KillRunnerIT: attempt 1 of slow re-executed by the replacement runner (command re-delivered): %d of %d;"
                + " their late results must be dropped%n", lateResults.size(), TASKS);

        await("late results dropped by the topology").atMost(LONG).pollInterval(Duration.ofMillis(200))
                .until(() -> topology.counters().get("dropped.task_not_in_progress") >= TASKS);
        for (String id : ids) {
            JsonNode now = client.task(id).body();
            assertThat(now).as("a late result changed nothing for " + id).isEqualTo(finals.get(id));
        }

        // Durable events: only the recorded attempt's event is visible, once per task.
        Map<String, Integer> eventsById = new java.util.TreeMap<>();
        for (io.tasker.avro.DomainEvent e : E2E.readAll(platform, platform.topics().domainEvents("killns"), io.tasker.avro.DomainEvent.class)) {
            eventsById.merge(e.getEventId(), 1, Integer::sum);
        }
        Set<String> expected = new java.util.TreeSet<>();
        for (String id : ids) {
            expected.add(io.tasker.schemas.EventIds.of(id, "slow", E2E.step(finals.get(id), "slow").path("attempt").asInt(), "kill.slow_done", 0));
        }
        assertThat(eventsById.keySet()).as("exactly the recorded attempts' events").isEqualTo(expected);
        assertThat(eventsById.values()).as("none twice").allMatch(n -> n == 1);
        // (the replacement's re-run of attempt 1 is interrupted at the 3 s timeout, so it reports a failure without events)
        System.out.printf("KillRunnerIT: %d kill.slow_done events delivered once each; %d events of unrecorded attempts discarded%n",
                eventsById.size(), topology.counters().get("events.discarded.task_not_in_progress"));
    }

    private static List<StepResult> results(Set<String> taskIds) {
        String topic = platform.topics().stepResults();
        List<StepResult> out = new ArrayList<>();
        try (var c = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "kill-runner-reader-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new TaskerAvroSerde<>(StepResult.class, SchemaRegistryClient.shared(platform.schemaRegistryUrl()), false).deserializer())) {
            List<TopicPartition> partitions = c.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) throw new AssertionError("could not read " + topic + " to " + end);
                for (ConsumerRecord<String, StepResult> r : c.poll(Duration.ofMillis(200))) {
                    // outcomes only: a runner also reports attempts running longer than runner.in-progress-after-ms
                    boolean outcome = r.value().getStatus() != io.tasker.avro.StepOutcome.IN_PROGRESS;
                    if (outcome && taskIds.contains(r.value().getTaskId())) out.add(r.value());
                }
            }
        }
        return out;
    }
}
