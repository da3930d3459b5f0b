package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.infra.TopicSpec;
import io.tasker.infra.testkit.SecureEmbeddedKafka;
import io.tasker.runner.HandlerRegistry;
import io.tasker.runner.StepOutcome;
import io.tasker.subscriber.SubscriberConfig;
import io.tasker.subscriber.SubscriberRunner;
import io.tasker.subscriber.TaskerSubscriber;
import io.tasker.templates.StepDefinition;
import io.tasker.templates.TaskTemplate;
import io.tasker.infra.testkit.SecureClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A workflow runs end to end over SASL_SSL/SCRAM-SHA-512 with the broker's authorizer on, each component its own
 * principal holding exactly the ACLs of {@link ComponentAcls} (the README's table): the topology, a runner of the
 * workflow's namespace, a subscriber of {@code task.completed}, and the API's producer. No component is denied
 * anything along the way, the start-up checks (cluster, topics, consumer groups) included.
 */
class MinimalAclsEndToEndIT {
    static final String NS = "aclns";
    static final String HANDLER = "acl.echo";
    static final String SUBSCRIBER = "acl-audit";
    static final List<String> USERS = List.of("topology", "runner", "subscriber", "api");
    static final String NOT_GRANTED = "not-granted-";
    /** A subscriber of every namespace whose topics nobody created beforehand. */
    static final String ALL_NAMESPACES = "acl-all-namespaces";
    static final List<String> completedAllNamespaces = new CopyOnWriteArrayList<>();

    static SecureEmbeddedKafka kafka;
    static SecurePlatform platform;
    static TaskerClient client;
    static final List<String> completed = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startPlatform() {
        kafka = SecureEmbeddedKafka.builder().withAuthorizer().start();
        platform = new SecurePlatform(kafka);
        String dlq = platform.topics.dlq(SUBSCRIBER);
        platform.provision(List.of(NS), new TopicSpec(dlq, 1, (short) 1, Map.of()),
                new TopicSpec(dlq + SubscriberConfig.REPLAY_SUFFIX, 1, (short) 1, Map.of()));
        USERS.forEach(u -> kafka.createScramUser(u, u + "-secret"));
        var topics = platform.topics;
        kafka.allow(ComponentAcls.topology("User:topology", topics, platform.applicationId));
        kafka.allow(ComponentAcls.runner("User:runner", topics, NS, platform.runnerGroup));
        kafka.allow(ComponentAcls.subscriber("User:subscriber", topics, SUBSCRIBER, SUBSCRIBER, NS));
        kafka.allow(ComponentAcls.api("User:api", topics));

        TaskTemplate template = new TaskTemplate(NS, "acl_flow", "1.0.0", "runs under minimal ACLs", null,
                List.of(StepDefinition.of("first", HANDLER), StepDefinition.of("second", HANDLER, "first")), null);
        platform.startRunner(settings("runner"),
                new HandlerRegistry().register(HANDLER, ctx -> StepOutcome.success(Map.of("step", ctx.stepName()))),
                List.of(template));

        platform.closeLater(SubscriberRunner.start(TaskerSubscriber.builder(SUBSCRIBER)
                .on("task.completed", e -> completed.add(e.taskId())).build(),
                SubscriberConfig.fromMap(subscriberConfig(SUBSCRIBER, null, NS))));
        // as the compose example subscribers: every namespace, and its dead-letter and replay topics created by itself
        kafka.allow(ComponentAcls.subscriber("User:subscriber", topics, ALL_NAMESPACES, ALL_NAMESPACES, null));
        kafka.allow(ComponentAcls.subscriberCreatingItsTopics("User:subscriber", topics, ALL_NAMESPACES));
        platform.closeLater(SubscriberRunner.start(TaskerSubscriber.builder(ALL_NAMESPACES)
                .on("task.completed", e -> completedAllNamespaces.add(e.taskId())).build(),
                SubscriberConfig.fromMap(subscriberConfig(ALL_NAMESPACES, null, null))));

        client = new TaskerClient(platform.startTopology(settings("topology")).url());
        E2E.awaitTemplates(client, "acl_flow");
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) platform.close();
        if (kafka != null) kafka.close();
    }

    /** The configuration of subscriber {@code name} as User:subscriber; null group = its name, null namespace = all. */
    static Map<String, String> subscriberConfig(String name, String group, String namespace) {
        Map<String, String> config = new HashMap<>(SecureClients.prefixed(SubscriberConfig.KAFKA_PREFIX,
                SecureClients.withoutBootstrap(settings("subscriber"))));
        config.putAll(Map.of(SubscriberConfig.SUBSCRIBER_NAME, name,
                SubscriberConfig.BOOTSTRAP_SERVERS, settings("subscriber").get("bootstrap.servers"),
                SubscriberConfig.SCHEMA_REGISTRY_URL, platform.registry,
                SubscriberConfig.TOPIC_PREFIX, platform.topics.prefix(),
                SubscriberConfig.COMMIT_INTERVAL_MS, "200"));
        if (group != null) config.put(SubscriberConfig.GROUP_ID, group);
        if (namespace != null) config.put(SubscriberConfig.NAMESPACES, namespace);
        return config;
    }

    /** SASL_SSL/SCRAM-SHA-512 settings of a component's principal. */
    static Map<String, String> settings(String user) {
        return kafka.clients().saslSslScram(user, user + "-secret");
    }

    @Test
    void aWorkflowCompletesWithEveryComponentHoldingOnlyItsMinimalAcls() throws Exception {
        String taskId = UUID.randomUUID().toString();
        // the API's producer, with the API's ACLs as its own principal (in compose the HTTP API shares the topology's)
        platform.submit(settings("api"), taskId, NS, "acl_flow", "{}");

        JsonNode task = E2E.awaitFinished(client, taskId);

        assertThat(task.path("state").asText()).isEqualTo("complete");
        assertThat(E2E.step(task, "second").path("result").path("step").asText()).isEqualTo("second");
        await("task.completed delivered to the subscriber").atMost(Duration.ofSeconds(30))
                .until(() -> completed.contains(taskId));
        await("task.completed delivered to the subscriber of every namespace").atMost(Duration.ofSeconds(30))
                .until(() -> completedAllNamespaces.contains(taskId));
        assertThat(kafka.admin().listTopics().names().get()).as("created by the subscriber itself")
                .contains(platform.topics.dlq(ALL_NAMESPACES), platform.topics.dlq(ALL_NAMESPACES) + SubscriberConfig.REPLAY_SUFFIX);
        for (String user : USERS) {
            // (the group refused on purpose by the test below left out)
            assertThat(kafka.denials("User:" + user)).filteredOn(l -> !l.contains(NOT_GRANTED))
                    .as("denials of User:" + user).isEmpty();
        }
    }

    @Test
    void aSubscriberWhoseConsumerGroupIsNotGrantedFailsToStartNamingTheGroupAndTheAcl() {
        String group = NOT_GRANTED + UUID.randomUUID();
        Map<String, String> config = subscriberConfig(SUBSCRIBER, group, NS);

        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> SubscriberRunner.start(
                                TaskerSubscriber.builder(SUBSCRIBER).on("task.completed", e -> { }).build(),
                                SubscriberConfig.fromMap(config)))
                        .isInstanceOf(io.tasker.kafka.KafkaStartupException.class)
                        .hasMessageContaining("subscriber " + SUBSCRIBER)
                        .hasMessageContaining("not authorized to use consumer group '" + group + "'")
                        .hasMessageContaining("READ on group " + group)
                        .hasRootCauseInstanceOf(org.apache.kafka.common.errors.GroupAuthorizationException.class));
    }
}
