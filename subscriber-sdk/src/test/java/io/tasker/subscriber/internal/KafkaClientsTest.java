package io.tasker.subscriber.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasker.subscriber.SubscriberConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {
    @Test
    void securitySettingsReachTheConsumerTheDlqProducerAndTheAdminClientOfDlqTopicsAndAnnouncements() {
        SubscriberConfig c = SubscriberConfig.fromMap(Map.of("subscriber.name", "audit", "bootstrap.servers", "b:9093",
                "schema.registry.url", "http://r:8081", "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "SCRAM-SHA-512", "kafka.ssl.truststore.location", "/ts.p12",
                "kafka.preflight.timeout.ms", "5000"));
        for (Map<String, Object> client : List.of(KafkaClients.consumer(c), KafkaClients.producer(c), KafkaClients.admin(c))) {
            assertThat(client).containsEntry("bootstrap.servers", "b:9093").containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512").containsEntry("ssl.truststore.location", "/ts.p12")
                    .doesNotContainKey("preflight.timeout.ms");
        }
        assertThat(KafkaClients.consumer(c)).containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", false);
        assertThat(KafkaClients.producer(c)).containsEntry("acks", "all").containsEntry("enable.idempotence", true);
    }

    @Test
    void registryClientSettingsAreReadAndAMistypedSecretKeyIsRefusedWithoutItsValue() {
        SubscriberConfig c = SubscriberConfig.fromMap(Map.of("subscriber.name", "audit", "bootstrap.servers", "b:9093",
                "schema.registry.url", "https://r:8081", "schema.registry.bearer.auth.token", "tok-1"));
        assertThat(c.registryClient().bearerToken()).isEqualTo("tok-1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SubscriberConfig.fromMap(Map.of("subscriber.name", "a",
                        "bootstrap.servers", "b:9093", "schema.registry.url", "https://r:8081",
                        "schema.registry.basic.auth.userinfo", "alice:pw-2")))
                .hasMessageContaining("unknown subscriber config key schema.registry.basic.auth.userinfo")
                .hasMessageNotContaining("pw-2");
    }
}
