package io.tasker.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tasker.avro.StepCommand;
import io.tasker.avro.StepResult;
import io.tasker.infra.testkit.SharedTestCluster;
import io.tasker.infra.testkit.UnauthorizedRegistry;
import io.tasker.templates.StepDefinition;
import io.tasker.templates.TaskTemplate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** What {@link StepRunner#start()} does before consuming: namespace topics and immutable template versions. */
class RunnerStartupIT extends RunnerITSupport {

    static TaskTemplate templateIn(String namespace, String name, String secondStep) {
        return new TaskTemplate(namespace, name, "1.0.0", null, null,
                List.of(StepDefinition.of("a", "test.echo"), StepDefinition.of(secondStep, "test.echo", "a")), null);
    }

    StepRunner runner(RunnerConfig config, TaskTemplate... templates) {
        StepRunner runner = new StepRunner(config, handlers(), List.of(templates));
        toClose.add(runner);
        return runner;
    }

    int partitionsOf(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    }

    @Test
    void startUpLogsTheEffectiveConfigurationOnceWithSecretOverridesMaskedByTheRedactionRules() {
        ch.qos.logback.classic.Logger configLog = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(io.tasker.schemas.LogKeys.CONFIG_LOGGER);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        configLog.addAppender(lines);
        try {
            runner(config().withClientOverrides(Map.of("client.secret.note", "hunter2", "client.id", "it-client")),
                    template()).start();
        } finally {
            configLog.detachAppender(lines);
        }
        assertThat(lines.list).hasSize(1);
        ch.qos.logback.classic.spi.ILoggingEvent line = lines.list.get(0);
        assertThat(line.getLevel()).isEqualTo(ch.qos.logback.classic.Level.INFO);
        assertThat(line.getFormattedMessage()).startsWith("step runner configuration: RunnerConfig[")
                .contains("bootstrapServers=" + bootstrap, "groupId=" + groupId, "workerThreads=4", "client.id=it-client",
                        "client.secret.note=" + io.tasker.schemas.redaction.RedactionConfig.DEFAULT_MASK)
                .doesNotContain("hunter2");
    }

    @Test
    void createsTheStepCommandTopicOfABrandNewNamespaceAndExecutesItsCommands() throws Exception {
        String ns = SharedTestCluster.unique("fresh");
        String topic = topics.stepCommands(ns);
        assertThat(admin.listTopics().names().get()).doesNotContain(topic);

        StepRunner runner = runner(config(), templateIn(ns, "fresh_template", "b")).start();

        assertThat(admin.listTopics().names().get()).contains(topic, topics.domainEvents(ns));
        var results = resultReader();
        StepCommand cmd = command("fresh-task", "a", "test.echo", 1);
        cmd.setNamespace(ns);
        sendTo(topic, cmd);
        StepResult r = awaitResult(results, "fresh-task");
        assertThat(r.getStatus()).isEqualTo(io.tasker.avro.StepOutcome.SUCCESS);
        assertThat(runner.isHealthy()).isTrue();
    }

    @Test
    void createdTopicGetsTheConfiguredPartitionsAndAnExistingTopicIsLeftAsItIs() throws Exception {
        String fresh = SharedTestCluster.unique("sized");
        String existing = SharedTestCluster.unique("existing");
        admin.createTopics(List.of(new NewTopic(topics.stepCommands(existing), 2, (short) 1))).all().get();

        runner(config().withTopicPartitions(3).withNamespaces(java.util.Set.of(fresh, existing))).start();

        assertThat(partitionsOf(topics.stepCommands(fresh))).isEqualTo(3);
        assertThat(partitionsOf(topics.domainEvents(fresh))).isEqualTo(3);
        assertThat(partitionsOf(topics.stepCommands(existing))).isEqualTo(2);
        assertThat(partitionsOf(topics.domainEvents(existing))).isEqualTo(3);
    }

    @Test
    void aSecurityProtocolTheListenerDoesNotSpeakFailsTheStartWithinSecondsNamingIt() {
        StepRunner runner = runner(config().withClientOverrides(Map.of("security.protocol", "SSL",
                "preflight.timeout.ms", "3000")), template());
        // a hang guard only: the preflight's own 3 s timeout ends the start
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () ->
                assertThatThrownBy(runner::start).isInstanceOf(io.tasker.kafka.KafkaStartupException.class)
                        .hasMessageContaining("step runner")
                        .hasMessageContaining("security.protocol (SSL)")
                        .hasMessageContaining("bootstrap.servers (" + bootstrap + ")"));
        assertThat(runner.isHealthy()).isFalse();
    }

    @Test
    void aRegistryThatRejectsTheCredentialsFailsTheStartSayingSoWithoutThePassword() {
        try (UnauthorizedRegistry locked = UnauthorizedRegistry.start()) {
            String lockedUrl = locked.url();
            StepRunner runner = runner(config().withSchemaRegistryUrl(lockedUrl).withRegistryClient(
                    new io.tasker.schemas.SchemaRegistrySettings("svc:wrong-pw-7", null, null, null, null)), template());
            assertThatThrownBy(runner::start).isInstanceOf(io.tasker.schemas.SchemaRegistryException.class)
                    .hasMessageContaining("schema registry at " + lockedUrl)
                    .hasMessageContaining("HTTP 401: authentication failed")
                    .hasMessageContaining("basic auth as user 'svc'")
                    .hasMessageNotContaining("wrong-pw-7");
            assertThat(runner.isHealthy()).isFalse();
        }
    }

    @Test
    void aTopicThatCannotBeCreatedFailsTheStartNamingIt() {
        String ns = SharedTestCluster.unique("unreplicable");
        StepRunner runner = runner(config().withTopicReplicationFactor(3), templateIn(ns, "t", "b"));

        assertThatThrownBy(runner::start).isInstanceOf(KafkaException.class)
                .hasMessageContaining("cannot create step-command topic " + topics.stepCommands(ns))
                .hasMessageContaining("namespace '" + ns + "'");
        assertThat(runner.isHealthy()).isFalse();
    }

    @Test
    void aRegisteredTemplateVersionCannotChangeButCanBeRegisteredAgainUnchanged() throws Exception {
        TaskTemplate v1 = templateIn(NS, "immutable", "b");
        runner(config().withRunnerId("first"), v1).start().close();

        TaskTemplate renamed = templateIn(NS, "immutable", "b_renamed");
        StepRunner second = runner(config().withRunnerId("second").withGroupId(groupId + "-2"), renamed);
        assertThatThrownBy(second::start).isInstanceOfSatisfying(TemplateConflictException.class, e -> {
            assertThat(e.getMessage()).contains("template itns/immutable/1.0.0 is already registered with a"
                    + " different definition").containsIgnoringCase("step");
            assertThat(e.conflicts()).containsOnlyKeys("itns/immutable/1.0.0");
        });
        assertThat(second.isHealthy()).isFalse();

        StepRunner third = runner(config().withRunnerId("third").withGroupId(groupId + "-3"),
                templateIn(NS, "immutable", "b")).start();
        assertThat(third.isHealthy()).isTrue();
        // neither the refused nor the identical registration was produced
        TopicPartition tp = new TopicPartition(topics.templates(), 0);
        long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
        assertThat(end).isEqualTo(1);
    }
}
