package io.tasker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tasker.infra.testkit.SharedTestCluster;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaPreflightIT {
    @Test
    void passesAgainstAReachableCluster() {
        KafkaPreflight.check("it", SharedTestCluster.bootstrapServers(), KafkaClientSettings.none());
    }

    @Test
    void sslAgainstAPlaintextListenerFailsWithinTheTimeoutNamingTheProtocol() {
        String servers = SharedTestCluster.bootstrapServers();
        KafkaClientSettings ssl = KafkaClientSettings.of("--kafka ", Map.of("security.protocol", "SSL",
                "preflight.timeout.ms", "3000"));
        // a hang guard only: the preflight's own timeout (3 s) is what ends it
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThatThrownBy(
                () -> KafkaPreflight.check("topology", servers, ssl))
                .isInstanceOf(KafkaStartupException.class)
                .hasMessageContaining("topology: Kafka at " + servers + " (security.protocol=SSL)")
                .satisfies(e -> assertThat(((KafkaStartupException) e).reason())
                        .isIn(KafkaStartupException.Reason.TIMEOUT, KafkaStartupException.Reason.TLS))
                .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("security.protocol (SSL)",
                        "a listener that is not TLS at all"))
                .satisfies(e -> System.out.println("preflight error: " + e.getMessage())));
    }

    @Test
    void unreachableBrokerTimesOutNamingBootstrapServers() {
        KafkaClientSettings fast = KafkaClientSettings.of("--kafka ", Map.of("preflight.timeout.ms", "2000"));
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThatThrownBy(
                () -> KafkaPreflight.check("runner", "127.0.0.1:1", fast))
                .isInstanceOf(KafkaStartupException.class)
                .hasMessageContaining("no answer within 2000 ms")
                .hasMessageContaining("bootstrap.servers (127.0.0.1:1)"));
    }
}
