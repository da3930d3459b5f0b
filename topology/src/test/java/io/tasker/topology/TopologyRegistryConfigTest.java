package io.tasker.topology;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry keys of the topology configuration. */
class TopologyRegistryConfigTest {
    private static Map<String, String> base(String key, String value) {
        return Map.of("bootstrap.servers", "b:9092", "schema.registry.url", "http://r:8081", key, value);
    }

    @Test
    void defaultsAreNinetySecondsStaleAndADayToForget() {
        TopologyConfig c = TopologyConfig.builder().bootstrapServers("b").schemaRegistryUrl("http://r").build().validate();

        assertThat(c.registryStaleAfterMs()).isEqualTo(90_000);
        assertThat(c.registryForgetAfterMs()).isEqualTo(86_400_000);
    }

    @Test
    void readsTheKeys() {
        assertThat(TopologyConfig.fromProperties(base("registry.stale.after.ms", "5000")).validate().registryStaleAfterMs())
                .isEqualTo(5_000);
        assertThat(TopologyConfig.fromProperties(base("registry.forget.after.ms", "0")).validate().registryForgetAfterMs()).isZero();
    }

    @Test
    void aBadValueFailsNamingTheKeyAndTheValue() {
        assertThatThrownBy(() -> TopologyConfig.fromProperties(base("registry.stale.after.ms", "0")).validate())
                .hasMessageContaining("registry.stale.after.ms must be >= 1, was 0");
        assertThatThrownBy(() -> TopologyConfig.fromProperties(base("registry.stale.after.ms", "soon")))
                .hasMessageContaining("registry.stale.after.ms must be an integer, was 'soon'");
        assertThatThrownBy(() -> TopologyConfig.fromProperties(base("registry.forget.after.ms", "60000")).validate())
                .hasMessageContaining("registry.forget.after.ms must be 0 (keep listing) or more than registry.stale.after.ms (90000), was 60000");
    }
}
