package io.tasker.topology.internal;

import io.tasker.topology.HttpTlsConfig;
import io.tasker.topology.internal.auth.Caller;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances with authentication on: {@code api} forwards to {@code owner}, which checks the caller again from the
 * forwarded {@code Authorization} header (it would answer 401 without it).
 */
class HttpApiForwardingAuthTest {
    @TempDir
    Path dir;
    private AuthTokens tokens;
    private ApiHarness api;
    private ApiHarness owner;

    @BeforeEach
    void start() {
        tokens = new AuthTokens(dir);
        api = new ApiHarness(tokens.authenticator(), HttpTlsConfig.off());
        owner = new ApiHarness(tokens.authenticator(), HttpTlsConfig.off());
    }

    @AfterEach
    void stop() {
        api.close();
        owner.close();
    }

    private void ownedByTheOtherInstance(String taskId) {
        owner.storeTask(taskId, "key-1");
        api.view.owners.put(taskId, owner.self);
        owner.view.owners.put(taskId, owner.self);
    }

    @Test
    void aForwardedQueryIsAnsweredByTheOwnerForTheSameCaller() {
        ownedByTheOtherInstance("t-1");

        ApiHarness.Reply r = api.get("/v1/tasks/t-1", tokens.reader);

        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        assertThat(r.body().path("served_by").asText()).isEqualTo("127.0.0.1:" + owner.self.port());
    }

    @Test
    void theOwnerAppliesTheCallersNamespacesToAForwardedQuery() {
        ownedByTheOtherInstance("t-1");

        ApiHarness.Reply r = api.get("/v1/tasks/t-1", tokens.otherNamespace);

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body().path("error").asText()).isEqualTo("task t-1 not found");
    }

    @Test
    void aForwardedQueryWithoutTheCallersTokenIsRefusedByTheOwner() {
        ownedByTheOtherInstance("t-1");
        InstanceForwarder forwarder = new InstanceForwarder(api.self, api.view::instances, null);

        InstanceForwarder.Reply anonymous = forwarder.get(owner.self, ApiPaths.task("t-1"), Caller.UNAUTHENTICATED);

        assertThat(anonymous.status()).isEqualTo(401);
    }

    @Test
    void operatorCommandsOnARemoteTaskKeepTheCallersIdentity() {
        ownedByTheOtherInstance("t-1");

        assertThat(api.post("/v1/tasks/t-1/cancel", "{}", tokens.operator).status()).isEqualTo(202);
        assertThat(api.post("/v1/tasks/t-1/cancel", "{}", tokens.otherNamespace).status()).isEqualTo(404);
        assertThat(api.inputs.commands).hasSize(1);
    }

    @Test
    void aSubmitOnlyTokenCanStillTellThatAChosenTaskIdIsTaken() {
        ownedByTheOtherInstance("t-1");

        ApiHarness.Reply taken = api.post("/v1/tasks", ApiHarness.submission().put("task_id", "t-1").toString(), tokens.submitter);
        ApiHarness.Reply resent = api.post("/v1/tasks", ApiHarness.submission().put("task_id", "t-1")
                .put("idempotency_key", "key-1").toString(), tokens.submitter);

        assertThat(taken.status()).as(taken.raw().body()).isEqualTo(409);
        assertThat(resent.status()).as(resent.raw().body()).isEqualTo(202);
        assertThat(api.get("/v1/tasks/t-1", tokens.submitter).status()).as("but it cannot read the task").isEqualTo(403);
    }

    @Test
    void listingsAreFilteredByTheCallersNamespacesOnEveryInstance() {
        api.view.instances.add(owner.self);

        assertThat(api.get("/v1/tasks", tokens.otherNamespace).status()).isEqualTo(200);

        assertThat(owner.view.pagesAsked).singleElement().satisfies(f -> assertThat(f.allowed()).containsExactly("other"));
    }

    @Test
    void queriesGoOnlyToMembersOfTheApplication() {
        HostInfo stranger = owner.self;
        InstanceForwarder forwarder = new InstanceForwarder(api.self, () -> List.of(api.self), null);

        InstanceForwarder.Reply r = forwarder.get(stranger, ApiPaths.task("t-1"), Caller.UNAUTHENTICATED);

        assertThat(r.status()).isEqualTo(503);
        assertThat(r.body()).contains("is not a member of this application");
    }

    @Test
    void idsAreEncodedOnTheWayToTheOwner() {
        String id = "order:42.a_b-c";
        ownedByTheOtherInstance(id);

        ApiHarness.Reply r = api.get("/v1/tasks/" + ApiPaths.segment(id), tokens.reader);

        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        assertThat(r.body().path("task_id").asText()).isEqualTo(id);
    }
}
