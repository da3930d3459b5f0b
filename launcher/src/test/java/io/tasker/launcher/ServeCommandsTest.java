package io.tasker.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasker.runner.RunnerConfig;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServeCommandsTest {

    private static RunnerConfig runnerConfig(String... args) {
        ServeCommands.Runner runner = new ServeCommands.Runner();
        new CommandLine(runner).parseArgs(args);
        return runner.config(Set.of("ecommerce"));
    }

    @Test
    void runnerHealthEndpointAndTopicCreationAreOffOrBrokerDefaultsUnlessAsked() {
        RunnerConfig c = runnerConfig("--bootstrap-servers", "b:9092", "--schema-registry-url", "http://r");
        assertThat(c.httpPort()).isEqualTo(RunnerConfig.HTTP_DISABLED);
        assertThat(c.topicPartitions()).isNull();
        assertThat(c.topicReplicationFactor()).isNull();
        assertThat(c.namespaces()).containsExactly("ecommerce");
        assertThat(c.inProgressAfterMs()).isEqualTo(RunnerConfig.DEFAULT_IN_PROGRESS_AFTER_MS);
        assertThat(c.readUncommittedCommands()).as("early reads, fenced by dispatch id").isTrue();
        assertThat(runnerConfig("--bootstrap-servers", "b:9092", "--schema-registry-url", "http://r",
                "--no-read-uncommitted-commands").readUncommittedCommands()).isFalse();
    }

    @Test
    void runnerOptionsReachTheRunnerConfig() {
        RunnerConfig c = runnerConfig("--bootstrap-servers", "b:9092", "--schema-registry-url", "http://r",
                "--http-port", "9191", "--http-host", "127.0.0.1", "--topic-partitions", "6",
                "--topic-replication-factor", "3", "--kafka", "security.protocol=SSL", "--in-progress-after-ms", "250",
                "--announce-interval-ms", "5000");
        assertThat(c.httpPort()).isEqualTo(9191);
        assertThat(c.httpHost()).isEqualTo("127.0.0.1");
        assertThat(c.topicPartitions()).isEqualTo(6);
        assertThat(c.topicReplicationFactor()).isEqualTo(3);
        assertThat(c.clientOverrides()).containsEntry("security.protocol", "SSL");
        assertThat(c.inProgressAfterMs()).isEqualTo(250);
        assertThat(c.announceIntervalMs()).isEqualTo(5000);
        assertThat(c.errors()).isEmpty();
    }

    @Test
    void kafkaAndRegistryClientOptionsReachTheTopologyConfigAndAreMaskedInItsStartUpForm() {
        ServeCommands.Topology topology = new ServeCommands.Topology();
        new CommandLine(topology).parseArgs("--bootstrap-servers", "b:9093", "--schema-registry-url", "https://r",
                "--state-dir", "/tmp/x", "--http-auth", "off", "--kafka", "security.protocol=SASL_SSL", "--kafka", "sasl.mechanism=SCRAM-SHA-512",
                "--kafka", "sasl.jaas.config=ScramLoginModule required username=\"topo\" password=\"kafka-pw-1\";",
                "--kafka", "preflight.timeout.ms=5000", "--schema-registry-user-info", "svc:reg-pw-2",
                "--schema-registry-truststore-type", "JKS");
        io.tasker.topology.TopologyConfig c = topology.config();
        assertThat(c.kafkaSettings().asMap()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(c.kafkaSettings().preflightTimeout()).hasSeconds(5);
        assertThat(c.registryClient().basicAuthUserInfo()).isEqualTo("svc:reg-pw-2");
        assertThat(c.registryClient().truststoreType()).isEqualTo("JKS");
        assertThat(c.toString()).contains("security.protocol=SASL_SSL").doesNotContain("kafka-pw-1", "reg-pw-2");
    }

    @Test
    void aKafkaSettingTheGuaranteesRestOnIsRefusedNamingTheOption() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> runnerConfig("--bootstrap-servers", "b:9092",
                        "--schema-registry-url", "http://r", "--kafka", "enable.idempotence=false"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--kafka enable.idempotence cannot be set");
        ServeCommands.Topology topology = new ServeCommands.Topology();
        new CommandLine(topology).parseArgs("--bootstrap-servers", "b:9092", "--schema-registry-url", "http://r",
                "--state-dir", "/tmp/x", "--http-auth", "off", "--kafka", "processing.guarantee=at_least_once");
        org.assertj.core.api.Assertions.assertThatThrownBy(topology::config)
                .hasMessageContaining("--kafka processing.guarantee cannot be set");
    }

    @Test
    void registryClientOptionsReachTheRunnerConfig() {
        RunnerConfig c = runnerConfig("--bootstrap-servers", "b:9092", "--schema-registry-url", "https://r",
                "--schema-registry-bearer-token", "tok-3", "--kafka", "security.protocol=SSL");
        assertThat(c.registryClient().bearerToken()).isEqualTo("tok-3");
        assertThat(c.clientOverrides()).containsEntry("security.protocol", "SSL");
        assertThat(c.toString()).doesNotContain("tok-3");
    }

    @Test
    void topologyRocksDbMemoryOptionsReachTheTopologyConfigWithTheDocumentedDefaults() {
        ServeCommands.Topology defaults = new ServeCommands.Topology();
        new CommandLine(defaults).parseArgs("--bootstrap-servers", "b:9092", "--schema-registry-url", "http://r", "--state-dir", "/tmp/x", "--http-auth", "off");
        assertThat(defaults.config().rocksDb()).isEqualTo(io.tasker.topology.RocksDbMemory.defaults());
        ServeCommands.Topology set = new ServeCommands.Topology();
        new CommandLine(set).parseArgs("--bootstrap-servers", "b:9092", "--schema-registry-url", "http://r", "--state-dir", "/tmp/x", "--http-auth", "off",
                "--rocksdb-block-cache-mb", "256", "--rocksdb-write-buffer-mb", "64");
        assertThat(set.config().validate().rocksDb()).isEqualTo(new io.tasker.topology.RocksDbMemory(256, 64));
    }

    @Test
    void topologyRedactionOptionsBecomeItsRedactionConfigAndABadRuleNamesTheKey() {
        ServeCommands.Topology topology = new ServeCommands.Topology();
        new CommandLine(topology).parseArgs("--bootstrap-servers", "b:9092", "--schema-registry-url", "http://r",
                "--state-dir", "/tmp/x", "--redaction", "keys=pin", "--redaction", "mask=XXX");
        var redactor = new io.tasker.schemas.redaction.Redactor(topology.redactionConfig());
        var masked = redactor.redact(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("pin", "1234").put("password", "hunter22").put("name", "Ada"));
        assertThat(masked.toString()).isEqualTo("{\"pin\":\"XXX\",\"password\":\"XXX\",\"name\":\"Ada\"}");

        ServeCommands.Topology bad = new ServeCommands.Topology();
        new CommandLine(bad).parseArgs("--bootstrap-servers", "b:9092", "--schema-registry-url", "http://r",
                "--state-dir", "/tmp/x", "--redaction", "key.patterns=/(unclosed/i");
        org.assertj.core.api.Assertions.assertThatThrownBy(bad::redactionConfig)
                .hasMessageContaining("redaction.key.patterns");
    }

    @Test
    void runnerRedactionOptionsBecomeItsRunnerConfigRedaction() {
        ServeCommands.Runner runner = new ServeCommands.Runner();
        new CommandLine(runner).parseArgs("--bootstrap-servers", "b:9092", "--schema-registry-url", "http://r",
                "--redaction", "keys=pin", "--redaction", "mask=XXX", "--redaction", "value.patterns=/sk_live_\\w+/");
        io.tasker.runner.RunnerConfig c = runner.config(java.util.Set.of("shop"));
        assertThat(c.redaction().mask()).isEqualTo("XXX");
        assertThat(c.redaction().keys()).contains("pin", "password");
        assertThat(new io.tasker.schemas.redaction.Redactor(c.redaction()).redactText("key sk_live_abc"))
                .isEqualTo("key XXX");
    }
}
