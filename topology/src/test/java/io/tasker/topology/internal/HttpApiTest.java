package io.tasker.topology.internal;

import io.tasker.avro.TaskCommandType;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The routes of the HTTP API on a stub of the stores: what a client sees for the ordinary cases. */
class HttpApiTest {
    private final ApiHarness api = new ApiHarness();
    private final ApiHarness owner = new ApiHarness();

    @AfterEach
    void stop() {
        api.close();
        owner.close();
    }

    @Test
    void submitWritesTheRequestAndAnswers202WithTheStatusUrl() {
        ApiHarness.Reply r = api.post("/v1/tasks", ApiHarness.submission().toString());

        assertThat(r.status()).as(r.raw().body()).isEqualTo(202);
        String id = r.body().path("task_id").asText();
        assertThat(r.body().path("status_url").asText()).isEqualTo("/v1/tasks/" + id);
        assertThat(api.inputs.requests).singleElement().satisfies(req -> {
            assertThat(req.getTaskId()).isEqualTo(id);
            assertThat(req.getTemplateVersion()).isEqualTo("1.0.0");
        });
    }

    @Test
    void submitWithAnUnknownTemplateIs422() {
        ApiHarness.Reply r = api.post("/v1/tasks", ApiHarness.submission().put("template", "nope").toString());

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().path("error").asText()).contains("no template shop/nope");
    }

    @Test
    void submitForANamespaceNoRunnerHasCreatedIs422UnknownNamespaceAndNothingIsWritten() {
        api.view.namespacesWithoutTopic.add("shop");
        ApiHarness.Reply r = api.post("/v1/tasks", ApiHarness.submission().toString());

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().path("reason").asText()).isEqualTo("unknown_namespace");
        assertThat(r.body().path("error").asText()).contains("namespace 'shop'").contains("start one");
        assertThat(api.inputs.requests).isEmpty();
    }

    @Test
    void submitWithAContextNotMatchingTheSchemaIs422WithDetails() {
        ApiHarness.Reply r = api.post("/v1/tasks", ApiHarness.submission().set("context", Json.MAPPER.createObjectNode()).toString());

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().path("details")).isNotEmpty();
        assertThat(api.inputs.requests).isEmpty();
    }

    @Test
    void aBodyThatIsNotJsonIs400() {
        ApiHarness.Reply r = api.post("/v1/tasks", "{not json");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().path("error").asText()).startsWith("body is not JSON");
    }

    @Test
    void getAnswersFromTheLocalStoreOrForwardsToTheOwner() {
        owner.storeTask("t-1", null);
        api.view.owners.put("t-1", owner.self);
        owner.view.owners.put("t-1", owner.self);

        ApiHarness.Reply r = api.get("/v1/tasks/t-1");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("task_id").asText()).isEqualTo("t-1");
        assertThat(r.body().path("served_by").asText()).isEqualTo("127.0.0.1:" + owner.self.port());
        assertThat(api.get("/v1/tasks/t-2").status()).isEqualTo(404);
    }

    @Test
    void whileStoresAreNotRunningQueriesAre503WithRetryAfter() {
        api.view.state = KafkaStreams.State.REBALANCING;

        ApiHarness.Reply r = api.get("/v1/tasks/t-1");

        assertThat(r.status()).isEqualTo(503);
        assertThat(r.header("Retry-After")).isEqualTo("1");
        assertThat(api.get("/v1/tasks").status()).isEqualTo(503);
        assertThat(api.get("/health/ready").status()).isEqualTo(503);
        assertThat(api.get("/health/live").status()).isEqualTo(200);
    }

    @Test
    void anAllowedCommandIsWrittenAndAnIllegalOneIs409() {
        api.storeTask("t-1", null);

        ApiHarness.Reply retry = api.post("/v1/tasks/t-1/retry", "");
        ApiHarness.Reply cancel = api.post("/v1/tasks/t-1/cancel", "{\"reason\":\"test\"}");

        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.body().path("error").asText()).contains("only a task in error can be retried");
        assertThat(cancel.status()).isEqualTo(202);
        assertThat(api.inputs.commands).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo(TaskCommandType.CANCEL);
            assertThat(c.getReason()).isEqualTo("test");
        });
    }

    @Test
    void listingMergesThePagesOfEveryInstance() {
        api.view.instances.add(owner.self);

        ApiHarness.Reply r = api.get("/v1/tasks?state=error&limit=10");

        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        assertThat(r.body().path("tasks").isArray()).isTrue();
        assertThat(api.view.pagesAsked).singleElement().satisfies(f -> assertThat(f.state()).isEqualTo("error"));
        assertThat(owner.view.pagesAsked).singleElement().satisfies(f -> assertThat(f.limit()).isEqualTo(10));
    }

    @Test
    void templatesStatsAndHealthAnswer() {
        assertThat(api.get("/v1/templates").body().get(0).path("name").asText()).isEqualTo("pipeline");
        assertThat(api.get("/v1/stats").body().path("state").asText()).isEqualTo("RUNNING");
        assertThat(api.get("/health/ready").status()).isEqualTo(200);
    }

    @Test
    void statsCountTelemetryOnlyEventsByTypeApartFromTheCounters() {
        api.counters.increment("results.applied");
        api.counters.incrementTelemetry("step.enqueued");
        api.counters.incrementTelemetry("step.enqueued");

        com.fasterxml.jackson.databind.JsonNode stats = api.get("/v1/stats").body();

        assertThat(stats.path("telemetry_events").path("step.enqueued").asLong()).isEqualTo(2);
        assertThat(stats.path("counters").path("results.applied").asLong()).isEqualTo(1);
        assertThat(stats.path("counters").has("step.enqueued")).isFalse();
    }
}
