package io.tasker.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasker.topology.TopologyConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologyClientsTest {
    private final TopologyConfig config = TopologyConfig.fromProperties(Map.of("bootstrap.servers", "b:9093",
            "schema.registry.url", "http://r:8081", "topology.kafka.security.protocol", "SASL_SSL",
            "topology.kafka.sasl.mechanism", "SCRAM-SHA-512", "topology.kafka.ssl.truststore.location", "/ts.p12",
            "topology.kafka.num.standby.replicas", "1", "topology.kafka.producer.linger.ms", "3"));

    @Test
    void apiProducerAdminAndRegistryReaderGetTheSecuritySettings() {
        var kafka = config.kafkaSettings();
        for (Map<String, Object> client : new Map[] {TopologyClients.apiProducer("b:9093", kafka),
                TopologyClients.admin("b:9093", kafka), TopologyClients.registryReader("b:9093", kafka)}) {
            assertThat(client).containsEntry("bootstrap.servers", "b:9093").containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512").containsEntry("ssl.truststore.location", "/ts.p12")
                    .doesNotContainKey("num.standby.replicas");
        }
    }

    @Test
    void registryClientSettingsAreReadValidatedAndMasked() {
        TopologyConfig c = TopologyConfig.fromProperties(Map.of("bootstrap.servers", "b:9093",
                "schema.registry.url", "https://r:8081", "schema.registry.basic.auth.user.info", "svc:reg-pw-1",
                "schema.registry.ssl.truststore.location", "/no/such/ts.p12"));
        assertThat(c.registryClient().basicAuthUserInfo()).isEqualTo("svc:reg-pw-1");
        assertThat(c.toString()).doesNotContain("reg-pw-1");
        org.assertj.core.api.Assertions.assertThatThrownBy(c::validate)
                .hasMessageContaining("schema.registry.ssl.truststore.location must be a readable file");
    }

    @Test
    void apiProducerKeepsItsGuaranteesAndTakesProducerPrefixedSettings() {
        Map<String, Object> p = TopologyClients.apiProducer("b:9093", config.kafkaSettings());
        assertThat(p).containsEntry("acks", "all").containsEntry("enable.idempotence", true).containsEntry("linger.ms", "3");
    }
}
