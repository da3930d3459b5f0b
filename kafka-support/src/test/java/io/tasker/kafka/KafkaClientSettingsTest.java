package io.tasker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientSettingsTest {
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"alice\" password=\"s3cr3t-pw\";";

    @Test
    void refusesEveryGuaranteeKeyNamingItAsTheUserWroteIt() {
        for (String key : KafkaClientSettings.REFUSED_KEYS) {
            assertThatThrownBy(() -> KafkaClientSettings.of("--kafka ", Map.of(key, "x")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--kafka " + key + " cannot be set");
        }
        assertThatThrownBy(() -> KafkaClientSettings.of("topology.kafka.", Map.of("producer.acks", "1")))
                .hasMessageContaining("topology.kafka.producer.acks cannot be set");
    }

    @Test
    void eachClientGetsTheKeysItKnowsAndItsPrefixedOnes() {
        KafkaClientSettings s = KafkaClientSettings.of("--kafka ", Map.of(
                "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", JAAS,
                "producer.linger.ms", "7", "consumer.fetch.min.bytes", "10", "num.standby.replicas", "1",
                "max.poll.records", "50"));
        assertThat(s.producer()).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.jaas.config", JAAS)
                .containsEntry("linger.ms", "7").doesNotContainKeys("fetch.min.bytes", "max.poll.records",
                        "num.standby.replicas", "producer.linger.ms");
        assertThat(s.consumer()).containsEntry("sasl.mechanism", "SCRAM-SHA-512").containsEntry("fetch.min.bytes", "10")
                .containsEntry("max.poll.records", "50").doesNotContainKeys("linger.ms");
        assertThat(s.admin("b:9092")).containsEntry("bootstrap.servers", "b:9092")
                .containsEntry("security.protocol", "SASL_SSL").doesNotContainKeys("linger.ms", "max.poll.records");
        assertThat(s.asMap()).containsEntry("num.standby.replicas", "1").containsEntry("producer.linger.ms", "7");
        assertThat(s.securityProtocol()).isEqualTo("SASL_SSL");
    }

    @Test
    void toStringMasksCredentials() {
        KafkaClientSettings s = KafkaClientSettings.of("--kafka ", Map.of("sasl.jaas.config", JAAS,
                "ssl.truststore.password", "tspass", "ssl.key.password", "kpass", "ssl.truststore.location", "/etc/ts.p12"));
        assertThat(s.toString()).doesNotContain("s3cr3t-pw", "tspass", "kpass", "alice")
                .contains("/etc/ts.p12", "sasl.jaas.config", "ssl.truststore.password");
    }

    @Test
    void preflightTimeoutIsOursAndNeverReachesAClient() {
        KafkaClientSettings s = KafkaClientSettings.of("--kafka ", Map.of("preflight.timeout.ms", "2500",
                "security.protocol", "SSL"));
        assertThat(s.preflightTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(s.asMap()).doesNotContainKey("preflight.timeout.ms");
        assertThat(s.admin()).doesNotContainKey("preflight.timeout.ms");
        assertThat(KafkaClientSettings.none().preflightTimeout()).isEqualTo(KafkaPreflight.DEFAULT_TIMEOUT);
        assertThat(KafkaClientSettings.fromPrefixed("kafka.", s.toProperties("kafka."))).isEqualTo(s);
        assertThatThrownBy(() -> KafkaClientSettings.of("kafka.", Map.of("preflight.timeout.ms", "soon")))
                .hasMessageContaining("kafka.preflight.timeout.ms must be an integer >= 0").hasMessageContaining("'soon'");
    }

    @Test
    void fromPrefixedPicksThePrefixedKeysAndWithAddsToThem() {
        KafkaClientSettings s = KafkaClientSettings.fromPrefixed("kafka.", Map.of("kafka.security.protocol", "SSL",
                "bootstrap.servers", "x:1"));
        assertThat(s.asMap()).containsOnlyKeys("security.protocol");
        assertThat(s.with("--kafka ", Map.of("security.protocol", "SASL_SSL")).securityProtocol()).isEqualTo("SASL_SSL");
        assertThatThrownBy(() -> s.with("--kafka ", Map.of("group.id", "g"))).hasMessageContaining("--kafka group.id");
    }
}
