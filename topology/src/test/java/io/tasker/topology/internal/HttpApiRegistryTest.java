package io.tasker.topology.internal;

import io.tasker.avro.AnnouncedState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.tasker.topology.internal.RegistryEntries.runner;
import static io.tasker.topology.internal.RegistryEntries.subscriber;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /v1/runners} and {@code GET /v1/subscribers} over the registry view. */
class HttpApiRegistryTest {
    private final ApiHarness api = new ApiHarness();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void answers503WithRetryAfterUntilTheRegistryTopicHasBeenRead() {
        ApiHarness.Reply r = api.get("/v1/runners");

        assertThat(r.status()).isEqualTo(503);
        assertThat(r.header("Retry-After")).isEqualTo("1");
        assertThat(r.body().path("error").asText()).startsWith("the registry is not loaded yet");
    }

    @Test
    void listsRunnersWithStatusHandlersAndLastSeen() {
        long now = api.now.get();
        api.registry.put("runner:r-live", runner("r-live", AnnouncedState.RUNNING, now - 5_000, "h.ship", "h.charge"));
        api.registry.put("runner:r-crashed", runner("r-crashed", AnnouncedState.RUNNING, now - 120_000, "h.charge"));
        api.registry.put("runner:r-closed", runner("r-closed", AnnouncedState.STOPPED, now - 1_000, "h.charge"));
        api.registry.put("subscriber:audit@h:1", subscriber("audit", "audit@h:1", AnnouncedState.RUNNING, now, "*"));
        api.registry.markLoaded();

        ApiHarness.Reply r = api.get("/v1/runners");

        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        assertThat(r.body().path("runners")).extracting(n -> n.path("id").asText() + "=" + n.path("status").asText())
                .containsExactly("r-closed=stopped", "r-crashed=stale", "r-live=live");
        var live = r.body().path("runners").get(2);
        assertThat(live.path("handlers")).extracting(n -> n.asText()).containsExactly("h.ship", "h.charge");
        assertThat(live.path("namespaces").get(0).asText()).isEqualTo("shop");
        assertThat(live.path("last_seen").asLong()).isEqualTo(now - 5_000);
        assertThat(live.path("last_seen_ago_ms").asLong()).isEqualTo(5_000);
        assertThat(live.path("host").asText()).isEqualTo("host-a");
        assertThat(live.path("attributes").path("http_port").asText()).isEqualTo("9000");
        assertThat(live.has("events")).as("runners subscribe to nothing").isFalse();
        assertThat(r.body().path("counts").path("live").asInt()).isEqualTo(1);
        assertThat(r.body().path("counts").path("stale").asInt()).isEqualTo(1);
        assertThat(r.body().path("counts").path("stopped").asInt()).isEqualTo(1);
        assertThat(r.body().path("stale_after_ms").asLong()).isEqualTo(90_000);
    }

    @Test
    void anEntryBecomesStaleOnceNotSeenForTheStaleTime() {
        api.registry.put("runner:r", runner("r", AnnouncedState.RUNNING, api.now.get(), "h.charge"));
        api.registry.markLoaded();
        assertThat(api.get("/v1/runners").body().path("runners").get(0).path("status").asText()).isEqualTo("live");

        api.now.addAndGet(90_001);

        assertThat(api.get("/v1/runners").body().path("runners").get(0).path("status").asText()).isEqualTo("stale");
    }

    @Test
    void listsSubscribersWithTheirEventPatterns() {
        api.registry.put("subscriber:orders@h:2", subscriber("orders", "orders@h:2", AnnouncedState.RUNNING, api.now.get(),
                "order.*", "task.completed"));
        api.registry.markLoaded();

        ApiHarness.Reply r = api.get("/v1/subscribers");

        assertThat(r.status()).isEqualTo(200);
        var s = r.body().path("subscribers").get(0);
        assertThat(s.path("name").asText()).isEqualTo("orders");
        assertThat(s.path("status").asText()).isEqualTo("live");
        assertThat(s.path("events")).extracting(n -> n.asText()).containsExactly("order.*", "task.completed");
        assertThat(s.path("attributes").path("dlq_topic").asText()).isEqualTo("tasker.dlq.orders");
    }

    @Test
    void filtersByStatusAndRefusesAnUnknownOne() {
        long now = api.now.get();
        api.registry.put("runner:a", runner("a", AnnouncedState.RUNNING, now));
        api.registry.put("runner:b", runner("b", AnnouncedState.STOPPED, now));
        api.registry.markLoaded();

        assertThat(api.get("/v1/runners?status=STOPPED").body().path("runners")).extracting(n -> n.path("id").asText())
                .containsExactly("b");
        ApiHarness.Reply bad = api.get("/v1/runners?status=dead");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("error").asText()).isEqualTo("unknown status 'dead'; allowed: live, stale, stopped");
    }

    @Test
    void theEventCatalogListsTheLiveSubscribersWhosePatternsMatchAsSubscribedBy() {
        long now = api.now.get();
        api.registry.put("subscriber:audit@h:1", subscriber("audit", "audit@h:1", AnnouncedState.RUNNING, now, "*"));
        api.registry.put("subscriber:alerts@h:1", subscriber("alerts", "alerts@h:1", AnnouncedState.RUNNING, now, "task.failed"));
        api.registry.put("subscriber:gone@h:1", subscriber("gone", "gone@h:1", AnnouncedState.STOPPED, now, "task.*"));
        api.registry.markLoaded();

        ApiHarness.Reply failed = api.get("/v1/events/task.failed");
        ApiHarness.Reply completed = api.get("/v1/events/task.completed");

        assertThat(failed.status()).as(failed.raw().body()).isEqualTo(200);
        assertThat(failed.body().path("subscribed_by").toString()).isEqualTo("[\"alerts\",\"audit\"]");
        assertThat(completed.body().path("subscribed_by").toString()).isEqualTo("[\"audit\"]");
    }
}
