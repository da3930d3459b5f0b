package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.avro.LifecycleEvent;
import io.tasker.avro.StepCommand;
import io.tasker.avro.TaskRequest;
import io.tasker.examples.Examples;
import io.tasker.runner.HandlerRegistry;
import io.tasker.runner.RunnerConfig;
import io.tasker.runner.StepHandler;
import io.tasker.schemas.SchemaRegistryClient;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.templates.TaskTemplate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bad case of {@code runner.read-uncommitted-commands}: the runner reads step commands before the topology's
 * transaction commits, and the topology is killed with SIGKILL while tasks are in flight, so the open transaction,
 * whose commands the runner already executed, is aborted. The topology restarts from its committed state and
 * dispatches those attempts again. Nothing may be lost or recorded twice: every task completes, every step completes
 * exactly once (task state and lifecycle events), durable events are released once; the cost is extra handler
 * executions of the same attempts, which this test counts and prints. The dispatch-id fence: the results of the executed
 * commands of the aborted transaction are dropped as {@code stale_dispatch}, and every recorded attempt is one the
 * recovered topology dispatched (committed), never one computed from an aborted command's inputs.
 */
class EarlyReadKillTopologyIT {
    private static final int TASKS = 200;
    private static final Duration LONG = Duration.ofSeconds(180);
    private static final List<String> STEPS = List.of("fetch_cart", "fetch_products", "validate_products", "create_order", "publish_event");
    /** Long enough that the kill lands inside a transaction whose commands the runner has already executed. */
    private static final String COMMIT_INTERVAL_MS = "1000";

    static Platform platform;
    static SchemaRegistryClient registry;
    static TaskTemplate order;
    static Path stateDir;
    static final Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();
    static final List<ChildProcess> children = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        List<TaskTemplate> templates = Examples.templates(null);
        order = templates.stream().filter(t -> t.name().equals("order_fulfillment")).findFirst().orElseThrow();
        platform = Platform.infrastructure(E2E.options("earlyread"), templates)
                .withSettings(Map.of(RunnerConfig.READ_UNCOMMITTED_COMMANDS, "true"));
        platform.startRunner(counting(Examples.handlers()), templates);
        registry = SchemaRegistryClient.shared(platform.schemaRegistryUrl());
        stateDir = Files.createDirectories(ChildProcess.moduleDir().resolve("target/early-read/" + platform.options().applicationId() + "/state"));
    }

    @AfterAll
    static void stop() {
        children.forEach(ChildProcess::close);
        if (platform != null) platform.close();
    }

    /** The same handlers, each invocation counted by (task, step, attempt). */
    private static HandlerRegistry counting(HandlerRegistry handlers) {
        HandlerRegistry counted = new HandlerRegistry();
        for (String name : handlers.names()) {
            StepHandler h = handlers.find(name).orElseThrow();
            counted.register(name, ctx -> {
                executions.computeIfAbsent(ctx.taskId() + "/" + ctx.stepName() + "/" + ctx.attempt(), k -> new AtomicInteger())
                        .incrementAndGet();
                return h.handle(ctx);
            });
        }
        return counted;
    }

    private static ChildProcess startTopologyChild(String name) {
        ChildProcess child = E2E.topologyChild(name, platform, stateDir, "--commit-interval-ms", COMMIT_INTERVAL_MS);
        children.add(child);
        return child;
    }

    @Test
    void runnerReadingUncommittedCommandsLosesAndDoubleRecordsNoStepWhenTheTopologyDiesMidTransaction() throws Exception {
        ChildProcess first = startTopologyChild("topology-1");
        TaskerClient client = new TaskerClient(first.awaitOutput("topology instance serving (http://\\S+)", LONG));
        await("first topology instance serves the templates").atMost(LONG).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> client.get("/v1/templates").body().toString().contains("order_fulfillment"));

        List<String> ids = new ArrayList<>();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(),
                new TaskerAvroSerde<>(TaskRequest.class, registry, false).serializer())) {
            for (int i = 0; i < TASKS; i++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                producer.send(new ProducerRecord<>(platform.topics().taskRequests(), id, TaskRequest.newBuilder()
                        .setTaskId(id).setNamespace(order.namespace()).setTemplateName(order.name())
                        .setTemplateVersion(order.version()).setContextJson(Examples.sampleContext(i))
                        .setRequestedAt(Instant.now()).setCorrelationId(id).setTags(Map.of()).build()));
            }
            producer.flush();
        }

        // Kill while the runner is executing commands of the open transaction: some executed, few tasks finished.
        await("the runner executed commands of the open transaction").atMost(LONG).pollInterval(Duration.ofMillis(5))
                .until(() -> executions.size() >= 2 * TASKS);
        first.killHard();
        int executedBeforeKill = executions.size();

        ChildProcess second = startTopologyChild("topology-2");
        TaskerClient restarted = new TaskerClient(second.awaitOutput("topology instance serving (http://\\S+)", LONG));
        Map<String, JsonNode> finals = E2E.awaitAllTerminal(restarted, ids, LONG);

        // --- task state: every task complete, every step complete with exactly one recorded successful attempt -----
        Map<String, Integer> recordedAttempts = new TreeMap<>();
        Set<Long> recordedDispatches = new HashSet<>();
        for (String id : ids) {
            JsonNode task = finals.get(id);
            assertThat(task.path("state").asText()).as(task.toString()).isEqualTo("complete");
            for (String step : STEPS) {
                JsonNode s = E2E.step(task, step);
                assertThat(s.path("state").asText()).as(id + "/" + step).isEqualTo("complete");
                Set<Integer> numbers = new HashSet<>();
                int successes = 0;
                for (JsonNode a : s.path("attempts")) {
                    assertThat(numbers.add(a.path("attempt").asInt())).as("attempt recorded once: " + s).isTrue();
                    if (a.path("outcome").asText().equals("success")) {
                        successes++;
                        assertThat(a.path("dispatch_id").isTextual()).as("the recorded attempt keeps its dispatch id: " + s).isTrue();
                        recordedDispatches.add(Long.parseLong(a.path("dispatch_id").asText()));
                    }
                }
                assertThat(successes).as("one successful attempt recorded: " + s).isEqualTo(1);
                recordedAttempts.put(id + "/" + step, s.path("attempts").size());
            }
        }

        // --- lifecycle: exactly one step.completed per (task, step), one task.completed per task -------------------
        Map<String, Integer> stepCompleted = new TreeMap<>();
        Map<String, Integer> taskCompleted = new TreeMap<>();
        await("task.completed of every task is committed").atMost(LONG).pollInterval(Duration.ofMillis(500)).until(() -> {
            stepCompleted.clear();
            taskCompleted.clear();
            for (LifecycleEvent e : E2E.readAll(platform, platform.topics().lifecycle(), LifecycleEvent.class)) {
                if (e.getEventType().equals("step.completed")) stepCompleted.merge(e.getTaskId() + "/" + e.getStepName(), 1, Integer::sum);
                if (e.getEventType().equals("task.completed")) taskCompleted.merge(e.getTaskId(), 1, Integer::sum);
            }
            return taskCompleted.keySet().containsAll(ids);
        });
        Map<String, Integer> once = new TreeMap<>();
        for (String id : ids) for (String step : STEPS) once.put(id + "/" + step, 1);
        assertThat(stepCompleted).as("exactly one step.completed per (task, step)").isEqualTo(once);
        assertThat(taskCompleted.values()).as("exactly one task.completed per task").allMatch(n -> n == 1);

        // --- durable events: order.created once per task, from its recorded create_order attempt -----------------
        Map<String, Integer> eventsById = new TreeMap<>();
        for (io.tasker.avro.DomainEvent e : E2E.readAll(platform, platform.topics().domainEvents(order.namespace()),
                io.tasker.avro.DomainEvent.class)) {
            if (e.getDelivery() == io.tasker.avro.EventDelivery.DURABLE) eventsById.merge(e.getEventId(), 1, Integer::sum);
        }
        Set<String> expectedEventIds = new java.util.TreeSet<>();
        for (String id : ids) {
            // the successful attempt, not the step's last dispatched one: a success that arrived before its timeout
            // counts even when the timeout fired first (a long restart) and a retry was dispatched
            int recorded = E2E.successfulAttempt(E2E.step(finals.get(id), "create_order"));
            expectedEventIds.add(io.tasker.schemas.EventIds.of(id, "create_order", recorded, "order.created", 0));
        }
        assertThat(eventsById.keySet()).as("the event of every recorded attempt and of no other").isEqualTo(expectedEventIds);
        assertThat(eventsById.values()).as("no durable event twice").allMatch(n -> n == 1);

        // --- the price: commands of the aborted transaction were executed, and their attempts ran again ------------
        Set<String> committedCommands = new HashSet<>();
        Set<Long> committedDispatches = new HashSet<>();
        for (StepCommand c : E2E.readAll(platform, platform.topics().stepCommands(order.namespace()), StepCommand.class)) {
            committedCommands.add(c.getTaskId() + "/" + c.getStepName() + "/" + c.getAttempt());
            committedDispatches.add(c.getDispatchId());
        }
        Set<Long> abortedDispatches = new HashSet<>();
        Set<String> uncommittedCommands = abortedCommands(committedCommands, committedDispatches, abortedDispatches);
        int duplicateExecutions = executions.values().stream().mapToInt(n -> Math.max(0, n.get() - 1)).sum();
        long phantom = executions.keySet().stream().filter(k -> !committedCommands.contains(k)).count();
        System.out.printf("EarlyReadKillTopologyIT: %d tasks, %d attempts executed before the kill; %d commands were in the aborted"
                        + " transaction; %d attempts executed more than once (%d extra executions); %d executed attempts the recovered"
                        + " topology never dispatched again; every step recorded exactly once%n", TASKS, executedBeforeKill,
                uncommittedCommands.size(), executions.values().stream().filter(n -> n.get() > 1).count(), duplicateExecutions, phantom);
        assertThat(uncommittedCommands).as("the kill aborted a transaction holding step commands").isNotEmpty();
        assertThat(duplicateExecutions + phantom).as("the runner executed commands of the aborted transaction").isPositive();
        for (String id : ids) {
            for (String step : STEPS) {
                assertThat(executions).as("every recorded attempt ran").containsKey(id + "/" + step + "/" + recordedAttempts.get(id + "/" + step));
            }
        }

        // --- the dispatch-id fence: what the aborted commands computed is never recorded, it is dropped and counted -----
        assertThat(abortedDispatches).as("every command carries a dispatch id; the aborted ones are not committed").isNotEmpty()
                .doesNotContainNull().doesNotContainAnyElementsOf(committedDispatches);
        assertThat(recordedDispatches).as("every recorded attempt was dispatched by a committed command")
                .hasSize(TASKS * STEPS.size()).isSubsetOf(committedDispatches).doesNotContainAnyElementsOf(abortedDispatches);
        long abortedResults = E2E.readAll(platform, platform.topics().stepResults(), io.tasker.avro.StepResult.class).stream()
                .filter(r -> r.getStatus() != io.tasker.avro.StepOutcome.IN_PROGRESS)
                .filter(r -> abortedDispatches.contains(r.getDispatchId())).count();
        assertThat(abortedResults).as("the runner reported results of commands of the aborted transaction").isPositive();
        long staleDispatch = restarted.get("/v1/stats").body().path("counters").path("dropped.stale_dispatch").asLong();
        System.out.printf("EarlyReadKillTopologyIT: %d results of aborted dispatches; dropped.stale_dispatch=%d on the recovered topology%n",
                abortedResults, staleDispatch);
        assertThat(staleDispatch).as("results of aborted dispatches are dropped as stale dispatches (a few may find their step"
                + " already recorded or never dispatched again and be dropped for that)").isPositive().isLessThanOrEqualTo(abortedResults);
    }

    /** Step commands only a read_uncommitted reader sees: those of aborted transactions. */
    private static Set<String> abortedCommands(Set<String> committed, Set<Long> committedDispatches, Set<Long> abortedDispatches) {
        Set<String> aborted = new HashSet<>();
        String topic = platform.topics().stepCommands(order.namespace());
        try (KafkaConsumer<String, StepCommand> c = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "early-read-aborted-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"), new StringDeserializer(),
                new TaskerAvroSerde<>(StepCommand.class, registry, false).deserializer())) {
            List<TopicPartition> partitions = c.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            List<String> all = new ArrayList<>();
            await("read " + topic + " uncommitted").atMost(LONG).pollInSameThread().until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(r -> {
                    all.add(r.value().getTaskId() + "/" + r.value().getStepName() + "/" + r.value().getAttempt());
                    if (!committedDispatches.contains(r.value().getDispatchId())) abortedDispatches.add(r.value().getDispatchId());
                });
                return partitions.stream().allMatch(tp -> c.position(tp) >= end.get(tp));
            });
            Map<String, Integer> seen = new LinkedHashMap<>();
            all.forEach(k -> seen.merge(k, 1, Integer::sum));
            // a command of an aborted transaction is either absent from the committed log or present once more
            seen.forEach((k, n) -> {
                if (!committed.contains(k) || n > 1) aborted.add(k);
            });
        }
        return aborted;
    }

}
