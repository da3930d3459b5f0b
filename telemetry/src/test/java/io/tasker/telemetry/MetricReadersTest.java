package io.tasker.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MetricReadersTest {
    private static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("namespace");

    @Test
    void statsReaderAndPrometheusScrapeShowTheSameInstrumentValues() {
        try (TaskerTelemetry t = TaskerTelemetry.off("test")) {
            LongCounter requests = t.meter().counterBuilder("tasker.tasks.requests.total").setUnit("{request}")
                    .setDescription("Task requests accepted").build();
            requests.add(2, Attributes.of(NAMESPACE, "shop"));
            requests.add(1, Attributes.of(NAMESPACE, "billing"));
            var histogram = t.meter().histogramBuilder("tasker.tasks.duration").setUnit("s")
                    .setExplicitBucketBoundariesAdvice(List.of(0.5, 1.0)).build();
            histogram.record(0.25, Attributes.of(NAMESPACE, "shop"));
            histogram.record(0.75, Attributes.of(NAMESPACE, "shop"));

            MetricValues values = t.stats().collect();
            assertThat(values.longValue("tasker.tasks.requests.total", Attributes.of(NAMESPACE, "shop"))).isEqualTo(2);
            assertThat(values.longValuesBy("tasker.tasks.requests.total", NAMESPACE)).isEqualTo(Map.of("billing", 1L, "shop", 2L));
            assertThat(values.histogram("tasker.tasks.duration", Attributes.of(NAMESPACE, "shop")))
                    .isEqualTo(new MetricValues.Histogram(2, 1.0));

            String text = t.prometheus().scrape();
            assertThat(text).contains("tasker_tasks_requests_total{namespace=\"shop\"} 2.0")
                    .contains("tasker_tasks_requests_total{namespace=\"billing\"} 1.0")
                    .doesNotContain("_total_total")
                    .contains("tasker_tasks_duration_seconds_bucket{namespace=\"shop\",le=\"0.5\"} 1")
                    .contains("tasker_tasks_duration_seconds_count{namespace=\"shop\"} 2")
                    .contains("# TYPE tasker_tasks_requests_total counter");
            assertThat(t.prometheus().contentType()).startsWith("text/plain; version=0.0.4");
        }
    }

    @Test
    void statsReaderCollectsNothingBeforeItIsRegistered() {
        assertThat(new OnDemandMetricReader().collect().all()).isEmpty();
    }
}
