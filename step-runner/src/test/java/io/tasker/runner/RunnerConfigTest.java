package io.tasker.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunnerConfigTest {

    @Test
    void defaultsAreDocumentedValues() {
        RunnerConfig c = RunnerConfig.of("localhost:9092", "http://localhost:8081");
        assertThat(c.topicPrefix()).isEqualTo("tasker.");
        assertThat(c.maxInFlight()).isEqualTo(256);
        assertThat(c.workerThreads()).isEqualTo(2 * Runtime.getRuntime().availableProcessors());
        assertThat(c.groupId()).isEqualTo("tasker-runner");
        assertThat(c.runnerId()).endsWith("-" + ProcessHandle.current().pid());
        assertThat(c.namespaces()).isEmpty();
        assertThat(c.errors()).isEmpty();
        assertThat(c.validate()).isSameAs(c);
    }

    @Test
    void announceIntervalDefaultsTo30SecondsIsReadFromPropertiesAndMustBeAtLeast100Ms() {
        assertThat(RunnerConfig.of("b:9092", "http://r").announceIntervalMs()).isEqualTo(30_000);
        RunnerConfig c = RunnerConfig.fromProperties(Map.of("bootstrap.servers", "b:9092", "schema.registry.url", "http://r",
                "runner.announce-interval-ms", "1500"));
        assertThat(c.announceIntervalMs()).isEqualTo(1_500);
        assertThat(c.withAnnounceIntervalMs(99).errors()).containsExactly("runner.announce-interval-ms must be >= 100, was 99");
    }

    @Test
    void validationNamesKeyAndBadValue() {
        RunnerConfig c = RunnerConfig.of("localhost:9092", "http://localhost:8081").withWorkerThreads(0)
                .withMaxInFlight(-3);
        assertThat(c.errors()).containsExactly("runner.worker-threads must be >= 1, was 0",
                "runner.max-in-flight must be >= 1, was -3");
        assertThatThrownBy(c::validate).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("runner.worker-threads must be >= 1, was 0")
                .hasMessageContaining("runner.max-in-flight must be >= 1, was -3");
    }

    @Test
    void missingConnectionSettingsAndBadNamesAreReported() {
        RunnerConfig c = RunnerConfig.of(" ", "localhost:8081").withTopicPrefix("bad prefix/")
                .withNamespaces(Set.of("ok", "no/slash")).withGroupId(" ");
        assertThat(c.errors()).containsExactlyInAnyOrder(
                "bootstrap.servers must be set, was ' '",
                "schema.registry.url must be an http:// or https:// URL, was 'localhost:8081'",
                "tasker.topic.prefix may only contain letters, digits, '.', '_' and '-', was 'bad prefix/'",
                "runner.namespaces entries must be non-empty and contain only letters, digits, '.', '_' and '-', was"
                        + " 'no/slash'",
                "runner.group-id must not be blank, was ' '");
    }

    @Test
    void readsProperties() {
        RunnerConfig c = RunnerConfig.fromProperties(Map.of(
                "bootstrap.servers", "b:9092",
                "schema.registry.url", "http://r:8081",
                "tasker.topic.prefix", "dev.",
                "runner.namespaces", "ecommerce, billing",
                "runner.worker-threads", "4",
                "runner.max-in-flight", "10",
                "runner.id", "r-1",
                "runner.group-id", "g",
                "kafka.security.protocol", "PLAINTEXT",
                "kafka.sasl.jaas.config", "secret-stuff"));
        assertThat(c.bootstrapServers()).isEqualTo("b:9092");
        assertThat(c.schemaRegistryUrl()).isEqualTo("http://r:8081");
        assertThat(c.topicPrefix()).isEqualTo("dev.");
        assertThat(c.namespaces()).containsExactly("ecommerce", "billing");
        assertThat(c.workerThreads()).isEqualTo(4);
        assertThat(c.maxInFlight()).isEqualTo(10);
        assertThat(c.runnerId()).isEqualTo("r-1");
        assertThat(c.groupId()).isEqualTo("g");
        assertThat(c.clientOverrides()).containsEntry("security.protocol", "PLAINTEXT");
        assertThat(c.toString()).doesNotContain("secret-stuff");
        assertThat(c.errors()).isEmpty();
    }

    @Test
    void nonNumericPropertyNamesKeyAndValue() {
        assertThatThrownBy(() -> RunnerConfig.fromProperties(Map.of("runner.max-in-flight", "lots")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("runner.max-in-flight must be an integer, was 'lots'");
    }

    @Test
    void missingPropertiesTakeDefaults() {
        RunnerConfig c = RunnerConfig.fromProperties(Map.of());
        assertThat(c.topicPrefix()).isEqualTo("tasker.");
        assertThat(c.maxInFlight()).isEqualTo(256);
        assertThat(c.groupId()).isEqualTo("tasker-runner");
        assertThat(c.errors()).containsExactly("bootstrap.servers must be set, was null",
                "schema.registry.url must be set, was null");
    }

    @Test
    void newSettingsHaveDocumentedDefaults() {
        RunnerConfig c = RunnerConfig.of("localhost:9092", "http://localhost:8081");
        assertThat(c.topicPartitions()).isNull();
        assertThat(c.topicReplicationFactor()).isNull();
        assertThat(c.stuckHandlerGraceMs()).isEqualTo(10_000);
        assertThat(c.maxStuckHandlers()).isEqualTo(16);
        assertThat(c.httpPort()).isEqualTo(-1);
        assertThat(c.httpHost()).isEqualTo("0.0.0.0");
    }

    @Test
    void readsNewProperties() {
        RunnerConfig c = RunnerConfig.fromProperties(Map.of(
                "bootstrap.servers", "b:9092",
                "schema.registry.url", "http://r:8081",
                "runner.topic.partitions", "12",
                "runner.topic.replication-factor", "3",
                "runner.stuck-handler-grace-ms", "2500",
                "runner.max-stuck-handlers", "4",
                "runner.http.port", "0",
                "runner.http.host", "127.0.0.1"));
        assertThat(c.topicPartitions()).isEqualTo(12);
        assertThat(c.topicReplicationFactor()).isEqualTo(3);
        assertThat(c.stuckHandlerGraceMs()).isEqualTo(2500);
        assertThat(c.maxStuckHandlers()).isEqualTo(4);
        assertThat(c.httpPort()).isZero();
        assertThat(c.httpHost()).isEqualTo("127.0.0.1");
        assertThat(c.errors()).isEmpty();
    }

    @Test
    void newSettingsAreValidatedNamingKeyAndValue() {
        RunnerConfig c = RunnerConfig.of("localhost:9092", "http://localhost:8081").withTopicPartitions(0)
                .withTopicReplicationFactor(40_000).withStuckHandlerGraceMs(-1).withMaxStuckHandlers(-2)
                .withHttpPort(70_000).withHttpHost(" ");
        assertThat(c.errors()).containsExactly(
                "runner.topic.partitions must be >= 1 (or unset for the broker default), was 0",
                "runner.topic.replication-factor must be between 1 and 32767 (or unset for the broker default), was"
                        + " 40000",
                "runner.stuck-handler-grace-ms must be >= 0, was -1",
                "runner.max-stuck-handlers must be >= 0, was -2",
                "runner.http.port must be -1 (disabled), 0 (any free port) or a port up to 65535, was 70000",
                "runner.http.host must not be blank, was ' '");
        assertThatThrownBy(() -> RunnerConfig.fromProperties(Map.of("runner.topic.partitions", "many")))
                .hasMessage("runner.topic.partitions must be an integer, was 'many'");
    }

    @Test
    void inProgressReportsDefaultToOneSecondAreReadAndValidated() {
        assertThat(RunnerConfig.of("b:9092", "http://r").inProgressAfterMs()).isEqualTo(1000);
        RunnerConfig off = RunnerConfig.fromProperties(Map.of("bootstrap.servers", "b:9092",
                "schema.registry.url", "http://r:8081", "runner.in-progress-after-ms", "0"));
        assertThat(off.inProgressAfterMs()).isEqualTo(RunnerConfig.IN_PROGRESS_DISABLED);
        assertThat(off.errors()).isEmpty();
        assertThat(RunnerConfig.of("b:9092", "http://r").withInProgressAfterMs(-5).errors())
                .containsExactly("runner.in-progress-after-ms must be >= 0 (0 = never report), was -5");
        assertThatThrownBy(() -> RunnerConfig.fromProperties(Map.of("runner.in-progress-after-ms", "soon")))
                .hasMessage("runner.in-progress-after-ms must be an integer, was 'soon'");
    }

    @Test
    void hopSettingsDefaultToEarlyReadsAndNoResultLingerAreReadAndValidated() {
        RunnerConfig d = RunnerConfig.of("b:9092", "http://r");
        assertThat(d.readUncommittedCommands()).isTrue();
        assertThat(RunnerConfig.fromProperties(Map.of("bootstrap.servers", "b:9092", "schema.registry.url", "http://r:8081",
                "runner.read-uncommitted-commands", "false")).readUncommittedCommands()).as("still a setting").isFalse();
        assertThat(d.resultLingerMs()).isZero();
        RunnerConfig set = RunnerConfig.fromProperties(Map.of("bootstrap.servers", "b:9092",
                "schema.registry.url", "http://r:8081", "runner.read-uncommitted-commands", "TRUE",
                "runner.result-linger-ms", "5"));
        assertThat(set.readUncommittedCommands()).isTrue();
        assertThat(set.resultLingerMs()).isEqualTo(5);
        assertThat(set.errors()).isEmpty();
        assertThat(set.toString()).contains("readUncommittedCommands=true", "resultLingerMs=5");
        assertThat(d.withResultLingerMs(-1).errors())
                .containsExactly("runner.result-linger-ms must be between 0 and 60000, was -1");
        assertThat(d.withResultLingerMs(60_001).errors())
                .containsExactly("runner.result-linger-ms must be between 0 and 60000, was 60001");
        assertThatThrownBy(() -> RunnerConfig.fromProperties(Map.of("runner.read-uncommitted-commands", "yes")))
                .hasMessage("runner.read-uncommitted-commands must be true or false, was 'yes'");
        RunnerConfig both = d.withReadUncommittedCommands(false).withResultLingerMs(2).withInProgressAfterMs(0);
        assertThat(both.readUncommittedCommands()).as("kept by other withX copies").isFalse();
        assertThat(both.resultLingerMs()).isEqualTo(2);
    }
}
