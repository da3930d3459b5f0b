package io.tasker.runner;

import static org.awaitility.Awaitility.await;

import io.tasker.avro.StepCommand;
import io.tasker.avro.StepResult;
import io.tasker.infra.TopicProvisioner;
import io.tasker.infra.TopicSpec;
import io.tasker.infra.testkit.SecureClients;
import io.tasker.infra.testkit.SecureEmbeddedKafka;
import io.tasker.infra.testkit.SharedTestCluster;
import io.tasker.schemas.RegistryTopic;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.schemas.TaskerTopics;
import io.tasker.templates.StepDefinition;
import io.tasker.templates.TaskTemplate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One test's runner set-up on a {@link SecureEmbeddedKafka}: unique topics provisioned by the super user, runners
 * configured with a listener's client settings, commands sent and results read by the super user.
 */
final class SecureRunnerFixture implements AutoCloseable {
    static final String HANDLER = "sec.echo";

    final SecureEmbeddedKafka kafka;
    final String registry = SharedTestCluster.schemaRegistryUrl();
    final TaskerTopics topics = new TaskerTopics(SharedTestCluster.unique("sec") + ".");
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<StepResult> results = new CopyOnWriteArrayList<>();
    private KafkaConsumer<String, StepResult> resultReader;

    SecureRunnerFixture(SecureEmbeddedKafka kafka) {
        this.kafka = kafka;
    }

    /** Creates the platform topics and the namespaces' topics, as an operator (or {@code tasker dev}) would. */
    SecureRunnerFixture provision(String... namespaces) {
        List<TopicSpec> specs = new ArrayList<>(List.of(
                new TopicSpec(topics.templates(), 1, (short) 1, Map.of("cleanup.policy", "compact")),
                new TopicSpec(topics.stepResults(), 1, (short) 1, Map.of()),
                new TopicSpec(topics.rejected(), 1, (short) 1, Map.of()),
                new TopicSpec(topics.registry(), RegistryTopic.PARTITIONS, (short) 1, RegistryTopic.CONFIGS)));
        for (String ns : namespaces) {
            specs.add(new TopicSpec(topics.stepCommands(ns), 1, (short) 1, Map.of()));
            specs.add(new TopicSpec(topics.domainEvents(ns), 1, (short) 1, Map.of()));
        }
        new TopicProvisioner(kafka.admin()).ensure(specs);
        return this;
    }

    static TaskTemplate template(String namespace) {
        return new TaskTemplate(namespace, "sec_template", "1.0.0", "secure broker test", null,
                List.of(StepDefinition.of("echo", HANDLER)), null);
    }

    static HandlerRegistry handlers() {
        return new HandlerRegistry().register(HANDLER, ctx -> StepOutcome.success(Map.of("echo", ctx.context())));
    }

    /** A runner configuration for {@code namespace} whose Kafka clients use {@code clientSettings}. */
    RunnerConfig config(String namespace, String groupId, Map<String, String> clientSettings) {
        return RunnerConfig.of(clientSettings.get("bootstrap.servers"), registry).withTopicPrefix(topics.prefix())
                .withGroupId(groupId).withRunnerId(SharedTestCluster.unique("sec-runner")).withWorkerThreads(2)
                .withNamespaces(Set.of(namespace))
                .withClientOverrides(SecureClients.withoutBootstrap(clientSettings));
    }

    /** A runner (not started) serving {@code namespace} with its template; closed with the fixture. */
    StepRunner runner(RunnerConfig config, String namespace) {
        StepRunner runner = new StepRunner(config, handlers(), List.of(template(namespace)));
        toClose.add(runner);
        return runner;
    }

    void send(String namespace, String taskId) {
        StepCommand cmd = StepCommand.newBuilder().setTaskId(taskId).setStepName("echo").setAttempt(1)
                .setNamespace(namespace).setTemplateName("sec_template").setTemplateVersion("1.0.0")
                .setHandler(HANDLER).setHandlerConfigJson("{}").setContextJson("{\"task\":\"" + taskId + "\"}")
                .setDependencyResultsJson(Map.of()).setTimeoutMs(null).setCorrelationId(null)
                .setDispatchedAt(Instant.now()).build();
        try (KafkaProducer<String, StepCommand> p = new KafkaProducer<>(new HashMap<>(kafka.adminProps()),
                new StringSerializer(), TaskerAvroSerde.forValues(StepCommand.class, registry).serializer())) {
            p.send(new ProducerRecord<>(topics.stepCommands(namespace), taskId, cmd));
            p.flush();
        }
    }

    /** The result of {@code taskId} on the step-results topic, read by the super user. */
    StepResult awaitResult(String taskId) {
        if (resultReader == null) {
            Map<String, Object> p = new HashMap<>(kafka.adminProps());
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            resultReader = new KafkaConsumer<>(p, new StringDeserializer(),
                    TaskerAvroSerde.forValues(StepResult.class, registry).deserializer());
            TopicPartition tp = new TopicPartition(topics.stepResults(), 0);
            resultReader.assign(List.of(tp));
            resultReader.seekToBeginning(List.of(tp));
            toClose.add(resultReader::close);
        }
        await("result of " + taskId).atMost(Duration.ofSeconds(30)).until(() -> {
            resultReader.poll(Duration.ofMillis(100)).forEach(r -> results.add(r.value()));
            return results.stream().anyMatch(r -> r.getTaskId().equals(taskId));
        });
        return results.stream().filter(r -> r.getTaskId().equals(taskId)).findFirst().orElseThrow();
    }

    @Override
    public void close() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }
}
