package io.tasker.launcher;

import io.tasker.avro.TaskRequest;
import io.tasker.infra.EmbeddedKafka;
import io.tasker.infra.TopicProvisioner;
import io.tasker.infra.TopicSpec;
import io.tasker.infra.testkit.SecureClients;
import io.tasker.infra.testkit.SecureEmbeddedKafka;
import io.tasker.infra.testkit.SharedTestCluster;
import io.tasker.runner.HandlerRegistry;
import io.tasker.runner.RunnerConfig;
import io.tasker.runner.StepRunner;
import io.tasker.schemas.SchemaRegistryClient;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.schemas.TaskerTopics;
import io.tasker.templates.TaskTemplate;
import io.tasker.topology.TaskerTopologyApp;
import io.tasker.topology.TopologyConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The platform's components started by hand on a {@link SecureEmbeddedKafka}, each with its own Kafka client settings
 * (a listener and a principal), on topics the super user provisioned under a unique prefix. ({@link Platform}
 * provisions with an unsecured admin client.) Closing stops what it started, in reverse order.
 */
final class SecurePlatform implements AutoCloseable {
    final SecureEmbeddedKafka kafka;
    final String registry = SharedTestCluster.schemaRegistryUrl();
    final String unique = SharedTestCluster.unique("secure");
    final TaskerTopics topics = new TaskerTopics(unique + ".");
    final String applicationId = unique + "-topology";
    final String runnerGroup = unique + "-runners";
    private final List<AutoCloseable> started = new ArrayList<>();

    SecurePlatform(SecureEmbeddedKafka kafka) {
        this.kafka = kafka;
    }

    /** Creates the platform's topics for {@code namespaces}, plus {@code extra}, as the super user. */
    SecurePlatform provision(Collection<String> namespaces, TopicSpec... extra) {
        List<TopicSpec> specs = new ArrayList<>(PlatformTopics.specs(topics, 2, (short) 1, namespaces));
        specs.addAll(List.of(extra));
        new TopicProvisioner(kafka.admin()).ensure(specs);
        return this;
    }

    /** A started runner whose clients use {@code settings} (bootstrap included). */
    StepRunner startRunner(Map<String, String> settings, HandlerRegistry handlers, List<TaskTemplate> templates) {
        StepRunner runner = new StepRunner(RunnerConfig.of(settings.get("bootstrap.servers"), registry)
                .withTopicPrefix(topics.prefix()).withGroupId(runnerGroup).withRunnerId(unique + "-runner")
                .withWorkerThreads(2).withClientOverrides(SecureClients.withoutBootstrap(settings)),
                handlers, templates);
        started.add(runner);
        runner.start();
        return runner;
    }

    /** A topology instance whose clients use {@code settings} ({@code topology.kafka.*}), RUNNING. */
    TaskerTopologyApp startTopology(Map<String, String> settings) {
        Path stateDir;
        try {
            stateDir = Files.createTempDirectory("tasker-secure-streams-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        started.add(() -> EmbeddedKafka.deleteRecursively(stateDir));
        Map<String, String> props = new HashMap<>(SecureClients.prefixed(TopologyConfig.KAFKA_PREFIX,
                SecureClients.withoutBootstrap(settings)));
        props.putAll(Map.of(
                "bootstrap.servers", settings.get("bootstrap.servers"),
                "schema.registry.url", registry,
                "tasker.topic.prefix", topics.prefix(),
                "topology.application-id", applicationId,
                "topology.state-dir", stateDir.toString(),
                "http.port", "0"));
        TaskerTopologyApp app = TaskerTopologyApp.start(TopologyConfig.fromProperties(props));
        started.add(app);
        await("topology running").atMost(Duration.ofSeconds(60)).until(app::isRunning);
        return app;
    }

    /** Something else to close with the platform (before what was started earlier). */
    <T extends AutoCloseable> T closeLater(T c) {
        started.add(c);
        return c;
    }

    /** Produces a task request with {@code settings} (what the HTTP API's producer does on submit). */
    void submit(Map<String, String> settings, String taskId, String namespace, String template, String contextJson) {
        try (var producer = new KafkaProducer<>(new HashMap<String, Object>(settings), new StringSerializer(),
                new TaskerAvroSerde<>(TaskRequest.class, SchemaRegistryClient.shared(registry), false).serializer())) {
            producer.send(new ProducerRecord<>(topics.taskRequests(), taskId, TaskRequest.newBuilder().setTaskId(taskId)
                    .setNamespace(namespace).setTemplateName(template).setContextJson(contextJson)
                    .setRequestedAt(Instant.now()).setTags(Map.of()).build())).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not submit task " + taskId + ": " + e, e);
        }
    }

    @Override
    public void close() {
        List<AutoCloseable> reverse = new ArrayList<>(started);
        Collections.reverse(reverse);
        for (AutoCloseable c : reverse) {
            try {
                c.close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        started.clear();
    }
}
