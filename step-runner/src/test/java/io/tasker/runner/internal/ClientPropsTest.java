package io.tasker.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tasker.runner.RunnerConfig;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class ClientPropsTest {
    private static final RunnerConfig BASE = RunnerConfig.of("b:9092", "http://r:8081");

    @Test
    void commandsAreReadEarlyUnlessTheRunnerIsToldToWaitForTheCommitAndNoOverrideChangesThat() {
        assertThat(ClientProps.consumer(BASE)).containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        RunnerConfig committed = BASE.withReadUncommittedCommands(false);
        assertThat(ClientProps.consumer(committed)).containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        RunnerConfig overridden = committed.withClientOverrides(Map.of("isolation.level", "read_uncommitted"));
        assertThatThrownBy(() -> ClientProps.consumer(overridden)).hasMessageContaining("kafka.isolation.level cannot be set");
        assertThat(overridden.errors()).anySatisfy(e -> assertThat(e).contains("kafka.isolation.level cannot be set"));
    }

    @Test
    void guaranteeSettingsAreRefusedByValidationNamingTheKey() {
        for (String key : List.of("enable.idempotence", "acks", "group.id", "transactional.id", "enable.auto.commit",
                "key.serializer", "value.deserializer", "bootstrap.servers", "producer.acks")) {
            assertThatThrownBy(() -> BASE.withClientOverrides(Map.of(key, "x")).validate())
                    .hasMessageContaining("kafka." + key + " cannot be set");
        }
    }

    @Test
    void registryClientSettingsAreReadValidatedAndMasked() {
        RunnerConfig c = RunnerConfig.fromProperties(Map.of("bootstrap.servers", "b:9092", "schema.registry.url",
                "https://r:8081", "schema.registry.basic.auth.user.info", "svc:reg-pw-1"));
        assertThat(c.registryClient().basicAuthUserInfo()).isEqualTo("svc:reg-pw-1");
        assertThat(c.toString()).doesNotContain("reg-pw-1").contains("registryClient=SchemaRegistrySettings[");
        assertThat(c.withRegistryClient(new io.tasker.schemas.SchemaRegistrySettings("no-colon", null, null, null, null))
                .errors()).anySatisfy(e -> assertThat(e).contains("schema.registry.basic.auth.user.info must be USER:PASSWORD"));
    }

    @Test
    void securitySettingsReachEveryClientOfTheRunner() {
        RunnerConfig secured = BASE.withClientOverrides(Map.of("security.protocol", "SASL_SSL",
                "sasl.mechanism", "PLAIN", "ssl.truststore.location", "/ts.p12", "preflight.timeout.ms", "5000"));
        for (Map<String, Object> client : List.of(ClientProps.consumer(secured), ClientProps.producer(secured),
                ClientProps.reader(secured), ClientProps.admin(secured))) {
            assertThat(client).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN")
                    .containsEntry("ssl.truststore.location", "/ts.p12").containsEntry("bootstrap.servers", "b:9092")
                    .doesNotContainKey("preflight.timeout.ms");
        }
        assertThat(secured.errors()).isEmpty();
    }

    @Test
    void templatesAreAlwaysReadCommitted() {
        assertThat(ClientProps.reader(BASE.withReadUncommittedCommands(true)))
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }

    @Test
    void resultProducerLingersAsConfiguredAndAKafkaOverrideWins() {
        assertThat(ClientProps.producer(BASE)).containsEntry(ProducerConfig.LINGER_MS_CONFIG, 0);
        assertThat(ClientProps.producer(BASE.withResultLingerMs(7))).containsEntry(ProducerConfig.LINGER_MS_CONFIG, 7);
        assertThat(ClientProps.producer(BASE.withResultLingerMs(7).withClientOverrides(Map.of("linger.ms", "20"))))
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "20");
    }
}
