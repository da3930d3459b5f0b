package io.tasker.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tasker.avro.StepResult;
import io.tasker.infra.testkit.SecureEmbeddedKafka;
import io.tasker.infra.testkit.SharedTestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import io.tasker.kafka.KafkaStartupException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With the broker's authorizer on, a runner principal granted {@link RunnerAcls#forNamespace the minimal ACLs} of
 * namespace {@code a} serves {@code a} without a single denial, and the same principal configured for namespace
 * {@code b} fails {@code start()} naming what it may not use.
 */
class RunnerAclIT {
    static final String USER = "runner-a";
    static final String PRINCIPAL = "User:" + USER;
    static final String PASSWORD = "runner-a-secret";

    static SecureEmbeddedKafka kafka;
    SecureRunnerFixture fx;
    String groupA;

    @BeforeAll
    static void startBroker() {
        kafka = SecureEmbeddedKafka.builder().withAuthorizer().start();
        kafka.createScramUser(USER, PASSWORD);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) kafka.close();
    }

    @BeforeEach
    void fixture() {
        fx = new SecureRunnerFixture(kafka).provision("a", "b");
        groupA = SharedTestCluster.unique("runners-a");
        kafka.allow(RunnerAcls.forNamespace(PRINCIPAL, fx.topics, "a", groupA));
    }

    @AfterEach
    void close() throws Exception {
        fx.close();
    }

    Map<String, String> settings() {
        return kafka.clients().saslSslScram(USER, PASSWORD);
    }

    /** This test's denials of the runner principal (the topics and groups of other tests left out). */
    List<String> denials() {
        return kafka.denials(PRINCIPAL).stream()
                .filter(l -> l.contains(fx.topics.prefix()) || l.contains(groupA)).toList();
    }

    @Test
    void aRunnerPrincipalWithTheMinimalAclsOfNamespaceAServesItWithoutAnyDenial() {
        StepRunner runner = fx.runner(fx.config("a", groupA, settings()), "a").start();
        fx.send("a", "acl-task-a");

        StepResult result = fx.awaitResult("acl-task-a");
        assertThat(result.getStatus()).isEqualTo(io.tasker.avro.StepOutcome.SUCCESS);
        assertThat(runner.isHealthy()).isTrue();
        // it also announced itself (best effort: a denial there would only be logged)
        await().atMost(Duration.ofSeconds(30)).until(() -> registryHasEntries());
        assertThat(denials()).isEmpty();
    }

    @Test
    void theSamePrincipalConfiguredForNamespaceBFailsToStartNamingTheTopicItMayNotUse() {
        String groupB = SharedTestCluster.unique("runners-b");
        StepRunner runner = fx.runner(fx.config("b", groupB, settings()), "b");

        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(runner::start)
                .isInstanceOf(KafkaException.class)
                .hasMessageContaining(fx.topics.stepCommands("b"))
                .hasMessageContaining("not authorized")
                .hasRootCauseInstanceOf(TopicAuthorizationException.class));
        assertThat(runner.isHealthy()).isFalse();
    }

    @Test
    void aRunnerWhoseConsumerGroupIsNotGrantedFailsToStartNamingTheGroupAndTheAclToGrant() throws Exception {
        String otherGroup = SharedTestCluster.unique("not-granted");
        StepRunner runner = fx.runner(fx.config("a", otherGroup, settings()), "a");

        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(runner::start)
                .isInstanceOf(KafkaStartupException.class)
                .hasMessageContaining("not authorized to use consumer group '" + otherGroup + "'")
                .hasMessageContaining("READ on group " + otherGroup)
                .hasRootCauseInstanceOf(GroupAuthorizationException.class));
        assertThat(runner.isHealthy()).isFalse();
        // refused before it wrote anything: its template was not registered
        assertThat(hasRecords(fx.topics.templates())).isFalse();
    }

    @Test
    void aRunnerWhoseConsumerGroupIsNotGrantedDoesNotStaySilentlyIdle() {
        String otherGroup = SharedTestCluster.unique("not-granted");
        StepRunner runner = fx.runner(fx.config("a", otherGroup, settings()), "a");
        try {
            runner.start();
        } catch (KafkaException e) {
            assertThat(e).hasMessageContaining(otherGroup);
            return;
        }
        // started: the first poll must then stop it, unhealthy and saying why
        await().atMost(Duration.ofSeconds(20)).until(() -> !runner.isHealthy());
        assertThat(runner.healthProblems()).anySatisfy(p -> assertThat(p).contains(otherGroup));
    }

    private boolean registryHasEntries() throws Exception {
        return hasRecords(fx.topics.registry());
    }

    private boolean hasRecords(String topic) throws Exception {
        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
                new java.util.HashMap<>();
        kafka.admin().describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().forEach(p ->
                latest.put(new org.apache.kafka.common.TopicPartition(topic, p.partition()),
                        org.apache.kafka.clients.admin.OffsetSpec.latest()));
        return kafka.admin().listOffsets(latest).all().get().values().stream().anyMatch(o -> o.offset() > 0);
    }
}
