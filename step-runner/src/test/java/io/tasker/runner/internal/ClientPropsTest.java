package io.tasker.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasker.runner.RunnerConfig;
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
        assertThat(ClientProps.consumer(committed.withClientOverrides(Map.of("isolation.level", "read_uncommitted"))))
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        assertThat(ClientProps.consumer(BASE.withClientOverrides(Map.of("isolation.level", "read_committed"))))
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
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
