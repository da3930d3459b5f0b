package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasker.examples.Examples;
import io.tasker.topology.ApiScope;
import io.tasker.topology.ApiTokens;
import io.tasker.topology.TaskerTopologyApp;
import io.tasker.topology.TopologyNames;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two topology instances with tokens required, on the real broker: queries forwarded from A to the owner B keep the
 * caller's identity (B checks the same token: scopes and namespaces), and listings are filtered on every instance.
 */
class HttpAuthIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SUBMITTER = ApiTokens.generate();
    static final String READER = ApiTokens.generate();
    static final String OTHER_TEAM = ApiTokens.generate();
    static final String ADMIN = ApiTokens.generate();
    static Platform platform;
    static TaskerTopologyApp a;
    static TaskerTopologyApp b;

    @BeforeAll
    static void startTwoInstancesRequiringTokens() throws Exception {
        Path tokens = Files.createTempDirectory("http-auth-it").resolve("tokens");
        Files.write(tokens, List.of(
                ApiTokens.line(SUBMITTER, "submitter", Set.of(ApiScope.TASKS_SUBMIT), Set.of("ecommerce")),
                ApiTokens.line(READER, "reader", Set.of(ApiScope.TASKS_READ), Set.of("ecommerce")),
                ApiTokens.line(OTHER_TEAM, "other-team", Set.of(ApiScope.TASKS_READ, ApiScope.TASKS_OPERATE), Set.of("billing")),
                ApiTokens.line(ADMIN, "admin", Set.of(ApiScope.ADMIN), Set.of())));
        var templates = E2E.templates();
        platform = Platform.infrastructure(E2E.options("auth"), templates).withApiTokens(tokens);
        platform.startRunner(Examples.handlers(), templates);
        a = platform.startTopology();
        b = platform.startTopology();
        await().atMost(Duration.ofSeconds(90)).until(() -> a.isRunning() && b.isRunning()
                && a.streams().metadataForAllStreamsClients().size() == 2
                && a.streams().metadataForAllStreamsClients().stream().allMatch(m -> !m.topicPartitions().isEmpty()));
        E2E.awaitTemplates(new TaskerClient(a.url(), ADMIN), "order_fulfillment");
    }

    @AfterAll
    static void stop() {
        if (platform != null) platform.close();
    }

    @Test
    void forwardedQueriesKeepTheCallersIdentityAndListingsAreFilteredOnEveryInstance() throws Exception {
        TaskerClient submitter = new TaskerClient(a.url(), SUBMITTER);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            TaskerClient.Response r = submitter.submit("ecommerce", "order_fulfillment", JSON.readTree(Examples.sampleContext(i)), null);
            assertThat(r.status()).as(r.body().toString()).isEqualTo(202);
            ids.add(r.body().get("task_id").asText());
        }
        String bAddress = b.url().substring("http://".length());
        List<String> ownedByB = new ArrayList<>();
        for (String id : ids) {
            KeyQueryMetadata md = a.streams().queryMetadataForKey(TopologyNames.TASKS_STORE, id, new StringSerializer());
            if ((md.activeHost().host() + ":" + md.activeHost().port()).equals(bAddress)) ownedByB.add(id);
        }
        assertThat(ownedByB).as("with 3 partitions over 2 instances, B owns some of 12 tasks").isNotEmpty();

        TaskerClient reader = new TaskerClient(a.url(), READER);
        TaskerClient otherTeam = new TaskerClient(a.url(), OTHER_TEAM);
        TaskerClient anonymous = new TaskerClient(a.url());
        for (String id : ownedByB) {
            JsonNode task = E2E.awaitFinished(reader, id);
            assertThat(task.path("served_by").asText()).as("answered from B's store for the reader").isEqualTo(bAddress);
            TaskerClient.Response hidden = otherTeam.task(id);
            assertThat(hidden.status()).as("B hides another namespace's task from the forwarded caller").isEqualTo(404);
            assertThat(hidden.body().path("error").asText()).isEqualTo("task " + id + " not found");
            assertThat(submitter.task(id).status()).as("submit scope does not read").isEqualTo(403);
            assertThat(anonymous.task(id).status()).isEqualTo(401);
        }

        JsonNode readerList = reader.get("/v1/tasks?limit=100").body();
        List<String> listed = new ArrayList<>();
        readerList.path("tasks").forEach(t -> listed.add(t.path("task_id").asText()));
        assertThat(listed).as("pages of both instances").containsAll(ids);
        assertThat(otherTeam.get("/v1/tasks?limit=100").body().path("tasks")).as("nothing of ecommerce").isEmpty();
        assertThat(otherTeam.get("/v1/templates").body()).isEmpty();
        assertThat(new TaskerClient(b.url()).get("/health/ready").status()).isEqualTo(200);
    }
}
