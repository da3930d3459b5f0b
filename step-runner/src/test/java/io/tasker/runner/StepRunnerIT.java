package io.tasker.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasker.avro.StepCommand;
import io.tasker.avro.StepResult;
import io.tasker.avro.TemplateRegistration;
import io.tasker.infra.TopicProvisioner;
import io.tasker.infra.TopicSpec;
import io.tasker.infra.testkit.SharedTestCluster;
import io.tasker.schemas.RejectedHeaders;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.schemas.TaskerTopics;
import io.tasker.templates.StepDefinition;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StepRunnerIT {
    static final String NS = "itns";
    static final ObjectMapper JSON = new ObjectMapper();
    static Admin admin;
    static String bootstrap;
    static String registry;

    TaskerTopics topics;
    String groupId;
    final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void cluster() {
        bootstrap = SharedTestCluster.bootstrapServers();
        registry = SharedTestCluster.schemaRegistryUrl();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    @BeforeEach
    void topics() {
        topics = new TaskerTopics(SharedTestCluster.unique("t") + ".");
        groupId = SharedTestCluster.unique("runner-group");
        new TopicProvisioner(admin).ensure(List.of(
                new TopicSpec(topics.templates(), 1, (short) 1, Map.of("cleanup.policy", "compact")),
                new TopicSpec(topics.stepCommands(NS), 1, (short) 1, Map.of()),
                new TopicSpec(topics.stepResults(), 2, (short) 1, Map.of()),
                new TopicSpec(topics.rejected(), 1, (short) 1, Map.of())));
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    static TaskTemplate template() {
        return new TaskTemplate(NS, "it_template", "1.0.0", "integration test", null,
                List.of(StepDefinition.of("echo", "test.echo"), StepDefinition.of("slow", "test.slow", "echo")),
                null);
    }

    static HandlerRegistry handlers() {
        return new HandlerRegistry()
                .register("test.echo", ctx -> StepOutcome.success(Map.of(
                        "echo", ctx.context(), "attempt", ctx.attempt(), "factor", ctx.config().path("factor"))))
                .register("test.slow", ctx -> {
                    Thread.sleep(2000); // the handler is slow on purpose
                    return StepOutcome.success(Map.of("slept", true));
                });
    }

    RunnerConfig config() {
        return RunnerConfig.of(bootstrap, registry).withTopicPrefix(topics.prefix()).withGroupId(groupId)
                .withRunnerId("it-runner").withWorkerThreads(4);
    }

    StepRunner start(RunnerConfig config) {
        StepRunner runner = new StepRunner(config, handlers(), List.of(template()));
        toClose.add(runner);
        runner.start();
        assertThat(runner.isHealthy()).isTrue();
        return runner;
    }

    static StepCommand command(String taskId, String step, String handler, int attempt) {
        return StepCommand.newBuilder().setTaskId(taskId).setStepName(step).setAttempt(attempt).setNamespace(NS)
                .setTemplateName("it_template").setTemplateVersion("1.0.0").setHandler(handler)
                .setHandlerConfigJson("{\"factor\":3}").setContextJson("{\"order\":\"" + taskId + "\"}")
                .setDependencyResultsJson(Map.of()).setTimeoutMs(null).setCorrelationId("corr-" + taskId)
                .setDispatchedAt(Instant.now()).build();
    }

    void send(StepCommand... commands) {
        try (KafkaProducer<String, StepCommand> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
                TaskerAvroSerde.forValues(StepCommand.class, registry).serializer())) {
            for (StepCommand c : commands) {
                p.send(new ProducerRecord<>(topics.stepCommands(NS), c.getTaskId(), c));
            }
            p.flush();
        }
    }

    void sendRaw(byte[] value) {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(topics.stepCommands(NS), "poison".getBytes(StandardCharsets.UTF_8), value));
            p.flush();
        }
    }

    /** Reads every record of {@code topic} from the beginning, in the background of the awaitility loop. */
    <V> List<ConsumerRecord<String, V>> reader(String topic, Deserializer<V> valueDeserializer) {
        KafkaConsumer<String, V> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                valueDeserializer);
        List<TopicPartition> tps = c.partitionsFor(topic).stream()
                .map(pi -> new TopicPartition(topic, pi.partition())).toList();
        c.assign(tps);
        c.seekToBeginning(tps);
        List<ConsumerRecord<String, V>> out = new CopyOnWriteArrayList<>();
        toClose.add(c::close);
        readers.add(() -> c.poll(Duration.ofMillis(100)).forEach(out::add));
        return out;
    }

    final List<Runnable> readers = new ArrayList<>();

    void pollReaders() {
        readers.forEach(Runnable::run);
    }

    List<StepResult> results(List<ConsumerRecord<String, StepResult>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    static String header(ConsumerRecord<?, ?> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void commandYieldsResultWithSameIdentityAndHandlerResult() throws Exception {
        StepRunner runner = start(config());
        var results = reader(topics.stepResults(), TaskerAvroSerde.forValues(StepResult.class, registry)
                .deserializer());
        send(command("task-a", "echo", "test.echo", 2));

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            pollReaders();
            return results.size() >= 1;
        });
        ConsumerRecord<String, StepResult> rec = results.get(0);
        StepResult r = rec.value();
        assertThat(rec.key()).isEqualTo("task-a");
        assertThat(r.getTaskId()).isEqualTo("task-a");
        assertThat(r.getStepName()).isEqualTo("echo");
        assertThat(r.getAttempt()).isEqualTo(2);
        assertThat(r.getStatus()).isEqualTo(io.tasker.avro.StepOutcome.SUCCESS);
        assertThat(r.getRunnerId()).isEqualTo("it-runner");
        assertThat(r.getCorrelationId()).isEqualTo("corr-task-a");
        assertThat(r.getFinishedAt()).isAfterOrEqualTo(r.getStartedAt());
        JsonNode json = JSON.readTree(r.getResultJson());
        assertThat(json.path("echo").path("order").asText()).isEqualTo("task-a");
        assertThat(json.path("attempt").asInt()).isEqualTo(2);
        assertThat(json.path("factor").asInt()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> runner.stepsExecuted() == 1);
    }

    @Test
    void templatesAreRegisteredAtStartUp() throws Exception {
        start(config());
        var registrations = reader(topics.templates(),
                TaskerAvroSerde.forValues(TemplateRegistration.class, registry).deserializer());
        // start() waited for the acknowledgement, so the registration must already be there
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            pollReaders();
            return !registrations.isEmpty();
        });
        ConsumerRecord<String, TemplateRegistration> rec = registrations.get(0);
        assertThat(rec.key()).isEqualTo("itns/it_template/1.0.0");
        TemplateRegistration reg = rec.value();
        assertThat(reg.getNamespace()).isEqualTo(NS);
        assertThat(reg.getName()).isEqualTo("it_template");
        assertThat(reg.getVersion()).isEqualTo("1.0.0");
        assertThat(reg.getRegisteredBy()).isEqualTo("it-runner");
        assertThat(TemplateJson.fromJson(reg.getDefinitionJson())).isEqualTo(template());
    }

    @Test
    void poisonPillAndUnknownHandlerAreRejectedAndProcessingContinues() {
        StepRunner runner = start(config());
        var results = reader(topics.stepResults(), TaskerAvroSerde.forValues(StepResult.class, registry)
                .deserializer());
        var rejected = reader(topics.rejected(), new ByteArrayDeserializer());
        byte[] poison = "definitely not avro".getBytes(StandardCharsets.UTF_8);
        sendRaw(poison);
        send(command("task-unknown", "echo", "no.such.handler", 1));
        send(command("task-ok", "echo", "test.echo", 1));

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            pollReaders();
            return results.size() >= 1 && rejected.size() >= 2;
        });
        assertThat(results(results)).extracting(StepResult::getTaskId).containsExactly("task-ok");

        ConsumerRecord<String, byte[]> pill = rejected.get(0);
        assertThat(pill.value()).isEqualTo(poison);
        assertThat(pill.key()).isEqualTo("poison");
        assertThat(header(pill, RejectedHeaders.REASON)).isEqualTo("deserialization_failed");
        assertThat(header(pill, RejectedHeaders.SOURCE_TOPIC)).isEqualTo(topics.stepCommands(NS));
        assertThat(header(pill, RejectedHeaders.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(header(pill, RejectedHeaders.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(header(pill, RejectedHeaders.DETAIL)).isNotBlank();
        assertThat(header(pill, RejectedHeaders.EXCEPTION_CLASS)).isNotBlank();

        ConsumerRecord<String, byte[]> unknown = rejected.get(1);
        assertThat(header(unknown, RejectedHeaders.REASON)).isEqualTo("unknown_handler");
        assertThat(header(unknown, RejectedHeaders.DETAIL)).contains("no.such.handler");
        assertThat(header(unknown, RejectedHeaders.SOURCE_OFFSET)).isEqualTo("1");
        assertThat(runner.rejectedCommands()).isEqualTo(2);
        assertThat(runner.isHealthy()).isTrue();
    }

    @Test
    void slowHandlersDoNotCauseRebalancesAndAllResultsArrive() {
        // a poll loop blocked for a 2 s handler would exceed this and be kicked out of the group
        StepRunner runner = start(config().withWorkerThreads(2).withMaxInFlight(2)
                .withClientOverrides(Map.of("max.poll.interval.ms", "1500")));
        var results = reader(topics.stepResults(), TaskerAvroSerde.forValues(StepResult.class, registry)
                .deserializer());
        List<StepCommand> commands = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            commands.add(command("slow-" + i, "slow", "test.slow", 1));
        }
        send(commands.toArray(StepCommand[]::new));

        await().atMost(Duration.ofSeconds(60)).until(() -> {
            pollReaders();
            return results.size() >= 6;
        });
        assertThat(runner.rebalances()).isZero();
        assertThat(runner.isHealthy()).isTrue();
        Set<String> ids = results(results).stream().map(StepResult::getTaskId).collect(Collectors.toSet());
        assertThat(ids).hasSize(6);
        assertThat(results).hasSize(6); // no redelivery, no duplicates
        assertThat(results(results)).allMatch(r -> r.getStatus() == io.tasker.avro.StepOutcome.SUCCESS);
    }

    @Test
    void committedOffsetEqualsCommandsProcessedAfterClose() throws Exception {
        StepRunner runner = start(config());
        var results = reader(topics.stepResults(), TaskerAvroSerde.forValues(StepResult.class, registry)
                .deserializer());
        int n = 7;
        StepCommand[] commands = new StepCommand[n];
        for (int i = 0; i < n; i++) {
            commands[i] = command("off-" + i, "echo", "test.echo", 1);
        }
        send(commands);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            pollReaders();
            return results.size() >= n;
        });
        runner.close();
        assertThat(runner.isHealthy()).isFalse();
        assertThat(runner.stepsExecuted()).isEqualTo(n);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get();
        assertThat(committed.get(new TopicPartition(topics.stepCommands(NS), 0)).offset()).isEqualTo(n);
    }

    @Test
    void startFailsFastWhenATemplateNamesAnUnregisteredHandler() {
        StepRunner runner = new StepRunner(config(), new HandlerRegistry().register("test.echo", ctx -> null),
                List.of(template()));
        toClose.add(runner);
        org.assertj.core.api.Assertions.assertThatThrownBy(runner::start)
                .isInstanceOf(io.tasker.templates.TemplateValidationException.class)
                .hasMessageContaining("test.slow");
        assertThat(runner.isHealthy()).isFalse();
    }

    @Test
    void aFatalSendErrorStopsTheRunnerWithoutCommitting() throws Exception {
        HandlerRegistry handlers = new HandlerRegistry().register("test.huge",
                ctx -> StepOutcome.success(Map.of("blob", "x".repeat(50_000))));
        StepRunner runner = new StepRunner(config().withNamespaces(Set.of(NS))
                .withClientOverrides(Map.of("max.request.size", "10000")), handlers, List.of());
        toClose.add(runner);
        runner.start();
        send(command("too-big", "echo", "test.huge", 1));

        await().atMost(Duration.ofSeconds(30)).until(() -> !runner.isHealthy());
        assertThat(runner.failure()).get().isInstanceOf(org.apache.kafka.common.KafkaException.class);
        assertThat(runner.stepsExecuted()).isZero();
        runner.close();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get();
        OffsetAndMetadata om = committed.get(new TopicPartition(topics.stepCommands(NS), 0));
        assertThat(om == null ? 0 : om.offset()).isZero();
    }
}
