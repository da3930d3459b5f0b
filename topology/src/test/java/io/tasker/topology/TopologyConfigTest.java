package io.tasker.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologyConfigTest {

    @Test
    void theStartUpFormOfTheConfigurationMasksSecretLookingOverridesAndUrlCredentials() {
        TopologyConfig c = TopologyConfig.builder().bootstrapServers("b:9092").schemaRegistryUrl("https://svc:s3cret@registry:8081")
                .applicationId("app").stateDir(Path.of("/tmp/state"))
                .streamsOverrides(Map.of("sasl.jaas.config", "PlainLoginModule password=hunter2", "ssl.key.password", "hunter3",
                        "ssl.keystore.type", "PKCS12", "num.standby.replicas", "1"))
                .build();
        assertThat(c.toString())
                .contains("bootstrapServers=b:9092", "applicationId=app", "schemaRegistryUrl=https://***REDACTED***@registry:8081",
                        "sasl.jaas.config=***REDACTED***", "ssl.key.password=***REDACTED***", "ssl.keystore.type=PKCS12", "num.standby.replicas=1")
                .doesNotContain("hunter2", "hunter3", "s3cret");
    }

    @Test
    void theStartUpFormGoesThroughTheConfiguredRedactionRulesAndMask() {
        TopologyConfig c = TopologyConfig.fromProperties(Map.of("bootstrap.servers", "b:9092",
                "schema.registry.url", "http://registry:8081", "redaction.keys", "pin", "redaction.mask", "[hidden]",
                "redaction.value.patterns", "/sk_live_\\w+/"));
        c = TopologyConfig.builder().bootstrapServers("b:9092").schemaRegistryUrl("http://registry:8081")
                .redaction(c.redaction()).streamsOverrides(Map.of("client.pin", "4711-secret",
                        "client.id", "app-sk_live_abc123", "ssl.keystore.type", "PKCS12")).build();
        assertThat(c.toString())
                .contains("client.pin=[hidden]", "client.id=app-[hidden]", "ssl.keystore.type=PKCS12", "mask=[hidden]")
                .doesNotContain("4711-secret", "sk_live_abc123");
    }

    @Test
    void hopSettingsHaveDocumentedDefaultsAreReadAndValidatedNamingKeyAndValue() {
        TopologyConfig d = TopologyConfig.fromProperties(Map.of("bootstrap.servers", "b:9092", "schema.registry.url", "http://r:8081"));
        assertThat(d.commitIntervalMs()).isEqualTo(TopologyConfig.DEFAULT_COMMIT_INTERVAL_MS);
        assertThat(d.producerLingerMs()).isEqualTo(TopologyConfig.DEFAULT_PRODUCER_LINGER_MS);
        TopologyConfig set = TopologyConfig.fromProperties(Map.of("bootstrap.servers", "b:9092", "schema.registry.url", "http://r:8081",
                "topology.commit-interval-ms", "20", "topology.producer-linger-ms", "0"));
        assertThat(set.validate().commitIntervalMs()).isEqualTo(20);
        assertThat(set.producerLingerMs()).isZero();
        assertThat(set.toString()).contains("commitIntervalMs=20", "producerLingerMs=0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TopologyConfig.fromProperties(Map.of("bootstrap.servers", "b:9092",
                        "schema.registry.url", "http://r:8081", "topology.producer-linger-ms", "-1", "topology.commit-interval-ms", "0")).validate())
                .hasMessageContaining("topology.commit-interval-ms must be >= 1, was 0")
                .hasMessageContaining("topology.producer-linger-ms must be between 0 and 60000, was -1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TopologyConfig.fromProperties(Map.of("topology.producer-linger-ms", "soon")))
                .hasMessage("topology.producer-linger-ms must be an integer, was 'soon'");
    }

    @Test
    void eagerCommitMinIntervalHasADefaultIsReadAndValidated() {
        TopologyConfig d = TopologyConfig.fromProperties(Map.of("bootstrap.servers", "b:9092", "schema.registry.url", "http://r:8081"));
        assertThat(d.eagerCommitMinIntervalMs()).isEqualTo(TopologyConfig.DEFAULT_EAGER_COMMIT_MIN_INTERVAL_MS);
        TopologyConfig set = TopologyConfig.fromProperties(Map.of("bootstrap.servers", "b:9092", "schema.registry.url", "http://r:8081",
                "topology.eager-commit-min-interval-ms", "0"));
        assertThat(set.validate().eagerCommitMinIntervalMs()).isZero();
        assertThat(set.toString()).contains("eagerCommitMinIntervalMs=0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TopologyConfig.fromProperties(Map.of("bootstrap.servers", "b:9092",
                        "schema.registry.url", "http://r:8081", "topology.eager-commit-min-interval-ms", "-5")).validate())
                .hasMessageContaining("topology.eager-commit-min-interval-ms must be between 0 (off) and 60000, was -5");
    }

    @Test
    void kafkaPrefixedSettingsReachKafkaStreamsWithThePrefixRemoved() {
        TopologyConfig c = TopologyConfig.fromProperties(Map.of("bootstrap.servers", "b:9092", "schema.registry.url", "http://r:8081",
                "topology.kafka.producer.compression.type", "lz4", "topology.kafka.num.standby.replicas", "1"));
        assertThat(c.streamsOverrides()).containsExactlyInAnyOrderEntriesOf(
                Map.of("producer.compression.type", "lz4", "num.standby.replicas", "1"));
        assertThat(c.validate()).isSameAs(c);
    }

    @Test
    void passThroughSettingsTheExactlyOnceGuaranteeRestsOnAreRefusedNamingTheKey() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TopologyConfig.fromProperties(Map.of("bootstrap.servers", "b:9092",
                        "schema.registry.url", "http://r:8081", "topology.kafka.processing.guarantee", "at_least_once",
                        "topology.kafka.consumer.isolation.level", "read_uncommitted")).validate())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("topology.kafka.processing.guarantee")
                .hasMessageContaining("topology.kafka.consumer.isolation.level");
    }
}
