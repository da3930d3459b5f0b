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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

/**
 * What the runner ITs share: unique topics and group per test on the shared embedded cluster, a template, handlers,
 * and helpers to send commands and read what the runner produced.
 */
abstract class RunnerITSupport {
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
        sendTo(topics.stepCommands(NS), commands);
    }

    void sendTo(String topic, StepCommand... commands) {
        try (KafkaProducer<String, StepCommand> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
                TaskerAvroSerde.forValues(StepCommand.class, registry).serializer())) {
            for (StepCommand c : commands) {
                p.send(new ProducerRecord<>(topic, c.getTaskId(), c));
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

    StepResult awaitResult(List<ConsumerRecord<String, StepResult>> results, String taskId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            pollReaders();
            return results.stream().anyMatch(r -> r.value().getTaskId().equals(taskId));
        });
        return results.stream().map(ConsumerRecord::value).filter(r -> r.getTaskId().equals(taskId)).findFirst()
                .orElseThrow();
    }

    List<ConsumerRecord<String, StepResult>> resultReader() {
        return reader(topics.stepResults(), TaskerAvroSerde.forValues(StepResult.class, registry).deserializer());
    }

    /** Every result so far for {@code taskId}, after reading what has arrived. */
    List<StepResult> resultsOf(List<ConsumerRecord<String, StepResult>> results, String taskId) {
        pollReaders();
        return results.stream().map(ConsumerRecord::value).filter(r -> r.getTaskId().equals(taskId)).toList();
    }

    static HttpResponse<String> httpGet(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
