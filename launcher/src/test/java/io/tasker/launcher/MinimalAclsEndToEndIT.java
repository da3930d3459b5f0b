package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.avro.TaskRequest;
import io.tasker.infra.TopicProvisioner;
import io.tasker.infra.testkit.SecureClients;
import io.tasker.infra.testkit.SecureEmbeddedKafka;
import io.tasker.infra.testkit.SharedTestCluster;
import io.tasker.runner.HandlerRegistry;
import io.tasker.runner.RunnerConfig;
import io.tasker.runner.StepOutcome;
import io.tasker.runner.StepRunner;
import io.tasker.schemas.SchemaRegistryClient;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.schemas.TaskerTopics;
import io.tasker.subscriber.SubscriberConfig;
import io.tasker.subscriber.SubscriberRunner;
import io.tasker.subscriber.TaskerSubscriber;
import io.tasker.templates.StepDefinition;
import io.tasker.templates.TaskTemplate;
import io.tasker.topology.TaskerTopologyApp;
import io.tasker.topology.TopologyConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A workflow runs end to end over SASL_SSL/SCRAM-SHA-512 with the broker's authorizer on, each component its own
 * principal holding exactly the ACLs of {@link ComponentAcls} (the README's table): the topology, a runner of the
 * workflow's namespace, a subscriber of {@code task.completed}, and the API's producer. No component is denied
 * anything along the way.
 */
class MinimalAclsEndToEndIT {
    static final String NS = "aclns";
    static final String HANDLER = "acl.echo";
    static final String SUBSCRIBER = "acl-audit";

    static SecureEmbeddedKafka kafka;
    static final List<AutoCloseable> started = new ArrayList<>();
    static TaskerTopics topics;
    static String applicationId;
    static String registry;
    static TaskerClient client;
    static final List<String> completed = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startPlatform() throws Exception {
        kafka = SecureEmbeddedKafka.builder().withAuthorizer().start();
        registry = SharedTestCluster.schemaRegistryUrl();
        String unique = SharedTestCluster.unique("acl");
        topics = new TaskerTopics(unique + ".");
        applicationId = unique + "-topology";
        String runnerGroup = unique + "-runners";
        new TopicProvisioner(kafka.admin()).ensure(PlatformTopics.specs(topics, 2, (short) 1, List.of(NS)));
        new TopicProvisioner(kafka.admin()).ensure(List.of(
                new io.tasker.infra.TopicSpec(topics.dlq(SUBSCRIBER), 1, (short) 1, Map.of()),
                new io.tasker.infra.TopicSpec(topics.dlq(SUBSCRIBER) + SubscriberConfig.REPLAY_SUFFIX, 1, (short) 1, Map.of())));
        for (String user : List.of("topology", "runner", "subscriber", "api")) {
            kafka.createScramUser(user, user + "-secret");
        }
        kafka.allow(ComponentAcls.topology("User:topology", topics, applicationId));
        kafka.allow(ComponentAcls.runner("User:runner", topics, NS, runnerGroup));
        kafka.allow(ComponentAcls.subscriber("User:subscriber", topics, SUBSCRIBER, SUBSCRIBER, NS));
        kafka.allow(ComponentAcls.api("User:api", topics));

        TaskTemplate template = new TaskTemplate(NS, "acl_flow", "1.0.0", "runs under minimal ACLs", null,
                List.of(StepDefinition.of("first", HANDLER), StepDefinition.of("second", HANDLER, "first")), null);
        StepRunner runner = new StepRunner(RunnerConfig.of(bootstrap(), registry).withTopicPrefix(topics.prefix())
                .withGroupId(runnerGroup).withRunnerId(unique + "-runner").withWorkerThreads(2)
                .withClientOverrides(settings("runner")),
                new HandlerRegistry().register(HANDLER, ctx -> StepOutcome.success(Map.of("step", ctx.stepName()))),
                List.of(template));
        started.add(runner);
        runner.start();

        Map<String, String> subscriber = new HashMap<>(SecureClients.prefixed(SubscriberConfig.KAFKA_PREFIX, settings("subscriber")));
        subscriber.putAll(Map.of(SubscriberConfig.SUBSCRIBER_NAME, SUBSCRIBER,
                SubscriberConfig.BOOTSTRAP_SERVERS, bootstrap(),
                SubscriberConfig.SCHEMA_REGISTRY_URL, registry,
                SubscriberConfig.TOPIC_PREFIX, topics.prefix(),
                SubscriberConfig.NAMESPACES, NS,
                SubscriberConfig.COMMIT_INTERVAL_MS, "200"));
        started.add(SubscriberRunner.start(TaskerSubscriber.builder(SUBSCRIBER)
                .on("task.completed", e -> completed.add(e.taskId())).build(), SubscriberConfig.fromMap(subscriber)));

        Path stateDir = Files.createTempDirectory("tasker-acl-streams-");
        Map<String, String> topology = new HashMap<>(SecureClients.prefixed(TopologyConfig.KAFKA_PREFIX, settings("topology")));
        topology.putAll(Map.of(
                "bootstrap.servers", bootstrap(),
                "schema.registry.url", registry,
                "tasker.topic.prefix", topics.prefix(),
                "topology.application-id", applicationId,
                "topology.state-dir", stateDir.toString(),
                "http.port", "0"));
        TaskerTopologyApp app = TaskerTopologyApp.start(TopologyConfig.fromProperties(topology));
        started.add(app);
        started.add(() -> io.tasker.infra.EmbeddedKafka.deleteRecursively(stateDir));
        client = new TaskerClient(app.url());
        await().atMost(Duration.ofSeconds(60)).until(app::isRunning);
        E2E.awaitTemplates(client, "acl_flow");
    }

    @AfterAll
    static void stopPlatform() {
        List<AutoCloseable> reverse = new ArrayList<>(started);
        Collections.reverse(reverse);
        for (AutoCloseable c : reverse) {
            try {
                c.close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        if (kafka != null) kafka.close();
    }

    static String bootstrap() {
        return kafka.bootstrapServers(SecureEmbeddedKafka.Listener.SASL_SSL);
    }

    /** SASL_SSL/SCRAM-SHA-512 settings of a component's principal, without bootstrap (the components take it apart). */
    static Map<String, String> settings(String user) {
        return SecureClients.withoutBootstrap(kafka.clients().saslSslScram(user, user + "-secret"));
    }

    @Test
    void aWorkflowCompletesWithEveryComponentHoldingOnlyItsMinimalAcls() throws Exception {
        String taskId = UUID.randomUUID().toString();
        // the API's producer, with the API's ACLs (the HTTP API's own producer takes topology.kafka.* on wt-kafka)
        Map<String, Object> api = new HashMap<>(kafka.clients().saslSslScram("api", "api-secret"));
        try (var producer = new KafkaProducer<>(api, new StringSerializer(),
                new TaskerAvroSerde<>(TaskRequest.class, SchemaRegistryClient.shared(registry), false).serializer())) {
            producer.send(new ProducerRecord<>(topics.taskRequests(), taskId, TaskRequest.newBuilder().setTaskId(taskId)
                    .setNamespace(NS).setTemplateName("acl_flow").setContextJson("{}").setRequestedAt(Instant.now())
                    .setTags(Map.of()).build())).get(30, TimeUnit.SECONDS);
        }

        JsonNode task = E2E.awaitFinished(client, taskId);

        assertThat(task.path("state").asText()).isEqualTo("complete");
        assertThat(E2E.step(task, "second").path("result").path("step").asText()).isEqualTo("second");
        await("task.completed delivered to the subscriber").atMost(Duration.ofSeconds(30))
                .until(() -> completed.contains(taskId));
        for (String principal : List.of("User:topology", "User:runner", "User:subscriber", "User:api")) {
            assertThat(kafka.denials(principal)).as("denials of " + principal).isEmpty();
        }
    }
}
