package io.tasker.subscriber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubscriberConfigTest {
    static Map<String, String> base() {
        Map<String, String> m = new HashMap<>();
        m.put(SubscriberConfig.SUBSCRIBER_NAME, "audit");
        m.put(SubscriberConfig.BOOTSTRAP_SERVERS, "localhost:9092");
        m.put(SubscriberConfig.SCHEMA_REGISTRY_URL, "http://localhost:8081");
        return m;
    }

    @Test
    void hasDefaultsDerivedFromTheSubscriberName() {
        SubscriberConfig c = SubscriberConfig.fromMap(base());
        assertThat(c.groupId()).isEqualTo("audit");
        assertThat(c.dlqTopic()).isEqualTo("tasker.dlq.audit");
        assertThat(c.replayTopic()).isEqualTo("tasker.dlq.audit.replay");
        assertThat(c.concurrency()).isEqualTo(SubscriberConfig.DEFAULT_CONCURRENCY);
        assertThat(c.handlerTimeout()).isEqualTo(Duration.ofMillis(SubscriberConfig.DEFAULT_HANDLER_TIMEOUT_MS));
        assertThat(c.retryPolicy().maxAttempts()).isEqualTo(RetryPolicy.defaults().maxAttempts());
        assertThat(c.namespaces()).isEmpty();
    }

    @Test
    void rejectsBadValuesNamingKeyAndValue() {
        Map<String, String> m = base();
        m.put(SubscriberConfig.CONCURRENCY, "lots");
        assertThatThrownBy(() -> SubscriberConfig.fromMap(m)).hasMessageContaining("concurrency")
                .hasMessageContaining("lots");
        m.put(SubscriberConfig.CONCURRENCY, "0");
        assertThatThrownBy(() -> SubscriberConfig.fromMap(m)).hasMessageContaining("concurrency = '0'");
        m.remove(SubscriberConfig.CONCURRENCY);
        m.put("kafka.isolation.level", "read_uncommitted");
        assertThatThrownBy(() -> SubscriberConfig.fromMap(m)).hasMessageContaining("kafka.isolation.level");
        m.remove("kafka.isolation.level");
        for (String owned : java.util.List.of("kafka.acks", "kafka.enable.idempotence", "kafka.bootstrap.servers",
                "kafka.producer.acks")) {
            m.put(owned, "x");
            assertThatThrownBy(() -> SubscriberConfig.fromMap(m)).hasMessageContaining(owned);
            m.remove(owned);
        }
        m.put("kafka.preflight.timeout.ms", "soon");
        assertThatThrownBy(() -> SubscriberConfig.fromMap(m)).hasMessageContaining("kafka.preflight.timeout.ms");
        m.remove("kafka.preflight.timeout.ms");
        m.put("retyr.max.attempts", "3");
        assertThatThrownBy(() -> SubscriberConfig.fromMap(m)).hasMessageContaining("unknown subscriber config key "
                + "retyr.max.attempts");
        m.remove("retyr.max.attempts");
        m.remove(SubscriberConfig.BOOTSTRAP_SERVERS);
        assertThatThrownBy(() -> SubscriberConfig.fromMap(m)).hasMessageContaining("bootstrap.servers is required");
    }

    @Test
    void loadsAYamlFileNamingSubscriberEventsAFreeConfigMapAndOverrides(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("audit.yaml");
        Files.writeString(f, """
                subscriber: audit
                events: [order.created, "payment.*"]
                bootstrap.servers: broker:9092
                schema.registry.url: http://registry:8081
                namespaces: [shop, billing]
                concurrency: 4
                retry:
                  max.attempts: 7
                  backoff.initial.ms: 50
                kafka:
                  fetch.min.bytes: 1024
                config:
                  output_dir: /tmp/audit
                  limits: {daily: 10}
                """);
        SubscriberConfig c = SubscriberConfig.fromYaml(f, Map.of(SubscriberConfig.BOOTSTRAP_SERVERS, "other:9092"));
        assertThat(c.subscriberName()).isEqualTo("audit");
        assertThat(c.events()).containsExactly("order.created", "payment.*");
        assertThat(c.bootstrapServers()).isEqualTo("other:9092");
        assertThat(c.namespaces()).containsExactly("shop", "billing");
        assertThat(c.concurrency()).isEqualTo(4);
        assertThat(c.retryPolicy().maxAttempts()).isEqualTo(7);
        assertThat(c.retryPolicy().initialBackoff()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.kafkaOverrides()).containsEntry("fetch.min.bytes", "1024");
        assertThat(c.subscriberConfig()).containsEntry("output_dir", "/tmp/audit")
                .containsEntry("limits", Map.of("daily", 10));
    }

    @Test
    void aYamlFileWithABadValueNamesTheKey(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "subscriber: a\nbootstrap.servers: b:1\nschema.registry.url: http://r\n"
                + "handler.timeout.ms: -5\n");
        assertThatThrownBy(() -> SubscriberConfig.fromYaml(f)).hasMessageContaining("handler.timeout.ms = '-5'");
    }
}
