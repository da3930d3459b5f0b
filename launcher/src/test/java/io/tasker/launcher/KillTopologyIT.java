package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.avro.LifecycleEvent;
import io.tasker.avro.StepCommand;
import io.tasker.avro.TaskRequest;
import io.tasker.examples.Examples;
import io.tasker.schemas.SchemaRegistryClient;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.runner.RunnerConfig;
import io.tasker.templates.TaskTemplate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 1: a topology instance is killed with SIGKILL while hundreds of tasks are in flight, then restarted with the
 * same application id and state directory. Exactly-once must hold across the crash: every task completes, every step
 * completes exactly once, and every step attempt is dispatched exactly once.
 */
class KillTopologyIT {
    private static final int TASKS = 300;
    private static final Duration LONG = Duration.ofSeconds(180);
    private static final List<String> STEPS = List.of("fetch_cart", "fetch_products", "validate_products", "create_order", "publish_event");

    static Platform platform;
    static SchemaRegistryClient registry;
    static TaskTemplate order;
    static Path stateDir;
    static final List<ChildProcess> children = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        List<TaskTemplate> templates = Examples.templates(null);
        order = templates.stream().filter(t -> t.name().equals("order_fulfillment")).findFirst().orElseThrow();
        // runners wait for the commit here (the opt-out of early reads); EarlyReadKillTopologyIT covers the default
        platform = Platform.infrastructure(E2E.options("killtopo"), templates)
                .withSettings(Map.of(RunnerConfig.READ_UNCOMMITTED_COMMANDS, "false"));
        platform.startRunner(Examples.handlers(), templates);
        registry = SchemaRegistryClient.shared(platform.schemaRegistryUrl());
        stateDir = Files.createDirectories(ChildProcess.moduleDir().resolve("target/kill-topology/" + platform.options().applicationId() + "/state"));
    }

    @AfterAll
    static void stop() {
        children.forEach(ChildProcess::close);
        if (platform != null) platform.close();
    }

    private static ChildProcess startTopologyChild(String name) {
        ChildProcess child = E2E.topologyChild(name, platform, stateDir);
        children.add(child);
        return child;
    }

    @Test
    void hardKilledTopologyInstanceRestartsFromItsStateAndEveryTaskCompletesExactlyOnce() throws Exception {
        ChildProcess first = startTopologyChild("topology-1");
        TaskerClient client = new TaskerClient(first.awaitOutput("topology instance serving (http://\\S+)", LONG));
        await("first topology instance serves the templates").atMost(LONG).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> client.task(UUID.randomUUID().toString()).status() == 404
                        && client.get("/v1/templates").body().toString().contains("order_fulfillment"));

        Map<String, List<LifecycleEvent>> events = new HashMap<>();
        Set<String> completed = new HashSet<>();
        List<String> ids = new ArrayList<>();
        Map<String, JsonNode> finals;
        try (KafkaConsumer<String, LifecycleEvent> lifecycle = consumer(LifecycleEvent.class)) {
            lifecycle.subscribe(List.of(platform.topics().lifecycle()));
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

            // Kill when some tasks are done but most are still in flight.
            await("30 tasks completed before the kill").atMost(LONG).pollInSameThread().pollInterval(Duration.ofMillis(10)).until(() -> {
                poll(lifecycle, events, completed);
                return completed.size() >= 30;
            });
            first.killHard();
            long started = events.values().stream().filter(l -> l.stream().anyMatch(e -> e.getEventType().equals("task.started"))).count();
            System.out.printf("KillTopologyIT: SIGKILL with %d of %d tasks completed, %d started and unfinished, %d not yet started "
                    + "(as seen on the committed lifecycle topic)%n", completed.size(), TASKS, started - completed.size(), TASKS - started);
            String oldTask = completed.iterator().next();

            // Restart: same application id, same state directory.
            ChildProcess second = startTopologyChild("topology-2");
            TaskerClient restarted = new TaskerClient(second.awaitOutput("topology instance serving (http://\\S+)", LONG));
            await("restarted instance answers for an old task").atMost(LONG).pollInterval(Duration.ofMillis(100))
                    .ignoreException(UncheckedIOException.class).until(() -> restarted.task(oldTask).status() == 200);
            long restoreMs = (System.nanoTime() - second.startedNanos()) / 1_000_000;
            System.out.printf("KillTopologyIT: restore time (restart of the JVM to the first 200 for an old task): %d ms%n", restoreMs);

            finals = E2E.awaitAllTerminal(restarted, ids, LONG);
            assertThat(finals.values()).as("every accepted task completes after the crash")
                    .allSatisfy(t -> assertThat(t.path("state").asText()).as(t.toString()).isEqualTo("complete"));

            await("task.completed of every task is committed").atMost(LONG).pollInSameThread().pollInterval(Duration.ofMillis(10)).until(() -> {
                poll(lifecycle, events, completed);
                return completed.containsAll(ids);
            });
        }

        // --- lifecycle: read everything committed, from the beginning -------------------------------------------
        Map<String, Integer> stepCompleted = new TreeMap<>();
        Map<String, Integer> taskEvents = new TreeMap<>();
        for (ConsumerRecord<String, LifecycleEvent> r : readAll(platform.topics().lifecycle(), LifecycleEvent.class)) {
            LifecycleEvent e = r.value();
            if (e.getEventType().equals("step.completed")) stepCompleted.merge(e.getTaskId() + "/" + e.getStepName(), 1, Integer::sum);
            if (e.getEventType().startsWith("task.")) taskEvents.merge(e.getTaskId() + "/" + e.getEventType(), 1, Integer::sum);
        }
        Map<String, Integer> expectedOnce = new TreeMap<>();
        for (String id : ids) {
            for (String step : STEPS) expectedOnce.put(id + "/" + step, 1);
        }
        assertThat(stepCompleted).as("exactly one step.completed per (task, step)").isEqualTo(expectedOnce);
        Map<String, Integer> expectedTaskEvents = new TreeMap<>();
        for (String id : ids) {
            expectedTaskEvents.put(id + "/task.started", 1);
            expectedTaskEvents.put(id + "/task.completed", 1);
        }
        assertThat(taskEvents).as("exactly one task.started and one task.completed per task, nothing else").isEqualTo(expectedTaskEvents);

        // --- step commands: one per dispatched attempt, none for a finished task, no duplicates -----------------
        Map<String, Integer> commandCount = new TreeMap<>();
        Map<String, Integer> commandsPerTask = new TreeMap<>();
        for (ConsumerRecord<String, StepCommand> r : readAll(platform.topics().stepCommands(order.namespace()), StepCommand.class)) {
            StepCommand c = r.value();
            assertThat(r.key()).isEqualTo(c.getTaskId());
            commandCount.merge(c.getTaskId() + "/" + c.getStepName() + "/" + c.getAttempt(), 1, Integer::sum);
            commandsPerTask.merge(c.getTaskId(), 1, Integer::sum);
        }
        Map<String, Integer> expectedCommands = new TreeMap<>();
        Map<String, Integer> attemptsPerTask = new TreeMap<>();
        int retried = 0;
        int timedOut = 0;
        for (String id : ids) {
            for (JsonNode step : finals.get(id).path("steps")) {
                for (JsonNode a : step.path("attempts")) {
                    expectedCommands.put(id + "/" + step.path("name").asText() + "/" + a.path("attempt").asInt(), 1);
                    if (a.path("exception_class").asText().equals("io.tasker.StepTimeout")) timedOut++;
                }
                attemptsPerTask.merge(id, step.path("attempts").size(), Integer::sum);
                if (step.path("attempts").size() > 1) retried++;
            }
        }
        assertThat(commandCount).as("exactly one command per (task, step, attempt) recorded in the final task").isEqualTo(expectedCommands);

        // --- durable domain events: order.created of exactly the recorded create_order attempt, once --------------
        Map<String, Integer> eventsById = new TreeMap<>();
        Set<String> expectedEventIds = new java.util.TreeSet<>();
        for (String id : ids) {
            // the successful attempt, not the step's last dispatched one: a success that arrived before its timeout
            // counts even when the timeout fired first (a long restart) and a retry was dispatched
            int recorded = E2E.successfulAttempt(E2E.step(finals.get(id), "create_order"));
            expectedEventIds.add(io.tasker.schemas.EventIds.of(id, "create_order", recorded, "order.created", 0));
        }
        for (ConsumerRecord<String, io.tasker.avro.DomainEvent> r : readAll(platform.topics().domainEvents(order.namespace()),
                io.tasker.avro.DomainEvent.class)) {
            if (r.value().getDelivery() == io.tasker.avro.EventDelivery.DURABLE) eventsById.merge(r.value().getEventId(), 1, Integer::sum);
        }
        assertThat(eventsById.keySet()).as("every recorded attempt's event and no event of an unrecorded attempt")
                .isEqualTo(expectedEventIds);
        assertThat(eventsById.values()).as("no durable event twice").allMatch(n -> n == 1);
        System.out.printf("KillTopologyIT: %d durable order.created events, each once, all from recorded attempts%n", eventsById.size());
        assertThat(commandsPerTask).as("commands per task == attempts recorded").isEqualTo(attemptsPerTask);
        System.out.printf("KillTopologyIT: %d tasks, %d step commands, %d steps needed more than one attempt after the crash"
                + " (%d attempts failed as io.tasker.StepTimeout)%n", TASKS, commandCount.size(), retried, timedOut);
    }

    private static void poll(KafkaConsumer<String, LifecycleEvent> lifecycle, Map<String, List<LifecycleEvent>> events, Set<String> completed) {
        for (ConsumerRecord<String, LifecycleEvent> r : lifecycle.poll(Duration.ofMillis(200))) {
            events.computeIfAbsent(r.value().getTaskId(), k -> new ArrayList<>()).add(r.value());
            if (r.value().getEventType().equals("task.completed")) completed.add(r.value().getTaskId());
        }
    }


    private static <T extends org.apache.avro.specific.SpecificRecord> KafkaConsumer<String, T> consumer(Class<T> type) {
        Deserializer<T> values = new TaskerAvroSerde<>(type, registry, false).deserializer();
        return new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "kill-topology-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), values);
    }

    /** Every committed record of the topic, up to its last stable offset at the time of the call. */
    static <T extends org.apache.avro.specific.SpecificRecord> List<ConsumerRecord<String, T>> readAll(String topic, Class<T> type) {
        List<ConsumerRecord<String, T>> all = new ArrayList<>();
        try (KafkaConsumer<String, T> c = consumer(type)) {
            List<TopicPartition> partitions = c.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions); // read_committed: the last stable offsets
            await("read " + topic + " to " + end).atMost(LONG).pollInSameThread().pollInterval(Duration.ofMillis(10)).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(all::add);
                return partitions.stream().allMatch(tp -> c.position(tp) >= end.get(tp));
            });
        }
        return all;
    }
}
