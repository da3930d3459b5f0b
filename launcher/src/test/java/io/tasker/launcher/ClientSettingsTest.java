package io.tasker.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasker.kafka.KafkaClientSettings;
import io.tasker.runner.RunnerConfig;
import io.tasker.schemas.SchemaRegistrySettings;
import io.tasker.subscriber.SubscriberConfig;
import io.tasker.topology.TopologyConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The platform's client settings reach the runner, topology instances and subscribers it starts (bench, dev). */
class ClientSettingsTest {
    private final ClientSettings clients = new ClientSettings(
            KafkaClientSettings.of("--kafka ", Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN",
                    "preflight.timeout.ms", "4000")),
            new SchemaRegistrySettings("svc:pw", null, null, null, null));

    @Test
    void runnerTopologyAndSubscriberConfigsReadThemBack() {
        Map<String, String> runner = new HashMap<>(clients.properties(RunnerConfig.CLIENT_OVERRIDE_PREFIX));
        runner.putAll(Map.of("bootstrap.servers", "b:9093", "schema.registry.url", "https://r"));
        RunnerConfig r = RunnerConfig.fromProperties(runner);
        assertThat(r.clientOverrides()).containsEntry("security.protocol", "SASL_SSL").containsEntry("preflight.timeout.ms", "4000");
        assertThat(r.registryClient().basicAuthUserInfo()).isEqualTo("svc:pw");

        Map<String, String> topology = new HashMap<>(clients.properties(TopologyConfig.KAFKA_PREFIX));
        topology.putAll(Map.of("bootstrap.servers", "b:9093", "schema.registry.url", "https://r"));
        TopologyConfig t = TopologyConfig.fromProperties(topology);
        assertThat(t.kafkaSettings()).isEqualTo(clients.kafka());
        assertThat(t.registryClient()).isEqualTo(clients.registry());

        Map<String, String> subscriber = new HashMap<>(clients.properties(SubscriberConfig.KAFKA_PREFIX));
        subscriber.putAll(Map.of("subscriber.name", "s", "bootstrap.servers", "b:9093", "schema.registry.url", "https://r"));
        SubscriberConfig s = SubscriberConfig.fromMap(subscriber);
        assertThat(s.kafkaOverrides()).containsEntry("sasl.mechanism", "PLAIN");
        assertThat(s.registryClient()).isEqualTo(clients.registry());
    }
}
