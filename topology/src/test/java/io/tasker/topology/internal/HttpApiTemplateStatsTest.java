package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /v1/templates/stats}: registrations from the templates store, task counts summed over every instance. */
class HttpApiTemplateStatsTest {
    private final ApiHarness a = new ApiHarness();
    private final ApiHarness b = new ApiHarness();

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    @Test
    void templatesPerNamespaceWithVersionsRegistrationAndTaskCountsOfEveryInstance() {
        List<TemplateCatalog.Registration> registrations = List.of(
                new TemplateCatalog.Registration("shop", "pipeline", "1.0.0", 1_000, "runner-1"),
                new TemplateCatalog.Registration("shop", "pipeline", "1.10.0", 3_000, "runner-2"),
                new TemplateCatalog.Registration("shop", "refund", "2.0.0", 2_000, "runner-1"),
                new TemplateCatalog.Registration("billing", "invoice", "1.0.0", 500, null));
        a.view.registrations.addAll(registrations);
        b.view.registrations.addAll(registrations);
        a.view.instances.add(b.self);
        a.view.templateCounts.putAll(Map.of(TemplateCounts.key("shop", "pipeline", "1.0.0", "complete"), 3L,
                TemplateCounts.key("shop", "pipeline", "1.10.0", "in_progress"), 1L));
        b.view.templateCounts.putAll(Map.of(TemplateCounts.key("shop", "pipeline", "1.0.0", "complete"), 2L,
                TemplateCounts.key("shop", "pipeline", "1.0.0", "error"), 1L,
                TemplateCounts.key("shop", "gone", "0.9.0", "complete"), 4L));

        ApiHarness.Reply r = a.get("/v1/templates/stats");

        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        JsonNode namespaces = r.body().path("namespaces");
        assertThat(namespaces).extracting(n -> n.path("namespace").asText()).containsExactly("billing", "shop");
        JsonNode shop = namespaces.get(1);
        assertThat(shop.path("template_count").asInt()).isEqualTo(3);
        assertThat(shop.path("version_count").asInt()).isEqualTo(3);
        assertThat(shop.path("last_registered_at").asLong()).isEqualTo(3_000);
        assertThat(shop.path("tasks").path("complete").asLong()).isEqualTo(9);
        JsonNode pipeline = shop.path("templates").get(1);
        assertThat(pipeline.path("name").asText()).isEqualTo("pipeline");
        assertThat(pipeline.path("latest_version").asText()).isEqualTo("1.10.0");
        assertThat(pipeline.path("versions")).extracting(v -> v.path("version").asText()).containsExactly("1.0.0", "1.10.0");
        assertThat(pipeline.path("tasks").path("complete").asLong()).as("3 on one instance + 2 on the other").isEqualTo(5);
        assertThat(pipeline.path("tasks").path("error").asLong()).isEqualTo(1);
        assertThat(pipeline.path("tasks").path("in_progress").asLong()).isEqualTo(1);
        assertThat(pipeline.path("tasks").path("pending").asLong()).as("every state is present").isZero();
        JsonNode v1 = pipeline.path("versions").get(0);
        assertThat(v1.path("registered_at").asLong()).isEqualTo(1_000);
        assertThat(v1.path("registered_by").asText()).isEqualTo("runner-1");
        assertThat(v1.path("tasks").path("complete").asLong()).isEqualTo(5);
        JsonNode gone = shop.path("templates").get(0);
        assertThat(gone.path("name").asText()).isEqualTo("gone");
        assertThat(gone.path("versions").get(0).path("registered").asBoolean()).as("tasks of a version no longer registered").isFalse();
        assertThat(r.body().path("totals").path("namespaces").asInt()).isEqualTo(2);
        assertThat(r.body().path("totals").path("versions").asInt()).isEqualTo(4);
        assertThat(r.body().path("totals").path("tasks").path("complete").asLong()).isEqualTo(9);
    }

    @Test
    void filtersOneNamespace() {
        a.view.registrations.add(new TemplateCatalog.Registration("shop", "pipeline", "1.0.0", 1_000, "r"));
        a.view.registrations.add(new TemplateCatalog.Registration("billing", "invoice", "1.0.0", 1_000, "r"));

        ApiHarness.Reply r = a.get("/v1/templates/stats?namespace=billing");

        assertThat(r.body().path("namespaces")).extracting(n -> n.path("namespace").asText()).containsExactly("billing");
    }

    @Test
    void answers503WhileTaskStoresAreNotReady() {
        a.view.state = KafkaStreams.State.REBALANCING;

        ApiHarness.Reply r = a.get("/v1/templates/stats");

        assertThat(r.status()).isEqualTo(503);
        assertThat(r.header("Retry-After")).isEqualTo("1");
    }
}
