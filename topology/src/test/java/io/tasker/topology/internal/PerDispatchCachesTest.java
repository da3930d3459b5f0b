package io.tasker.topology.internal;

import io.opentelemetry.api.common.Attributes;
import io.tasker.templates.HandlerSpec;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the topology builds once instead of per dispatch or per decision. */
class PerDispatchCachesTest {
    @Test
    void aHandlersConfigIsConvertedOnceAndEqualsTheConversion() {
        HandlerConfigs configs = new HandlerConfigs();
        HandlerSpec spec = new HandlerSpec("h", Map.of("tax_rate", 0.08, "currency", "USD"));
        assertThat(configs.of(spec)).isEqualTo(Json.MAPPER.valueToTree(spec.config())).isSameAs(configs.of(spec));
        assertThat(configs.of(new HandlerSpec("h", Map.of())).toString()).isEqualTo("{}");
        HandlerSpec equalButOther = new HandlerSpec("h", Map.of("tax_rate", 0.09));
        assertThat(configs.of(equalButOther).get("tax_rate").asDouble()).isEqualTo(0.09);
    }

    @Test
    void metricAttributesAreBuiltOncePerCombination() {
        MetricAttributes attributes = new MetricAttributes(TopologyMetrics.NAMESPACE);
        Attributes a = attributes.of("shop", TopologyMetrics.STEP_NAME, "a");
        assertThat(a).isEqualTo(Attributes.of(TopologyMetrics.NAMESPACE, "shop", TopologyMetrics.STEP_NAME, "a"))
                .isSameAs(attributes.of("shop", TopologyMetrics.STEP_NAME, "a"));
        assertThat(attributes.of("shop")).isEqualTo(Attributes.of(TopologyMetrics.NAMESPACE, "shop"));
        assertThat(attributes.of("shop", TopologyMetrics.STEP_NAME, "a", TopologyMetrics.OUTCOME, "success"))
                .isEqualTo(Attributes.of(TopologyMetrics.NAMESPACE, "shop", TopologyMetrics.STEP_NAME, "a", TopologyMetrics.OUTCOME, "success"));
        assertThat(attributes.of("shop", TopologyMetrics.STATE, "a")).as("another key, another set")
                .isNotEqualTo(a);
    }
}
