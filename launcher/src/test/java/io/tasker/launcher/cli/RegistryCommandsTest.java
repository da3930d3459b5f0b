package io.tasker.launcher.cli;

import io.tasker.launcher.cli.FakeApi.Reply;
import io.tasker.launcher.cli.FakeApi.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code runners list} and {@code subscribers list} against a scripted API. */
class RegistryCommandsTest {
    private static final String RUNNERS = """
            {"runners":[
              {"id":"host-a-42","name":"host-a-42","status":"live","host":"host-a","pid":42,"version":"0.1.0",
               "group_id":"tasker-runner","namespaces":["ecommerce"],
               "handlers":["h.a","h.b","h.c","h.d","h.e","h.f"],"threads":8,"max_in_flight":256,"in_flight":3,
               "healthy":true,"health_detail":null,"started_at":1,"last_seen":2,"last_seen_ago_ms":4200,
               "announce_interval_ms":30000,"attributes":{}},
              {"id":"host-b-7","name":"host-b-7","status":"stale","host":"host-b","pid":7,"version":"0.1.0",
               "group_id":"tasker-runner","namespaces":["billing"],"handlers":["h.x"],"threads":4,"max_in_flight":256,
               "in_flight":0,"healthy":false,"health_detail":"1 stuck handler","started_at":1,"last_seen":2,
               "last_seen_ago_ms":300000,"announce_interval_ms":30000,"attributes":{}}],
             "counts":{"live":1,"stale":1,"stopped":0},"stale_after_ms":90000}
            """;
    private static final String SUBSCRIBERS = """
            {"subscribers":[
              {"id":"audit@host-a:42","name":"audit","status":"stopped","host":"host-a","pid":42,"version":"0.1.0",
               "group_id":"audit","namespaces":[],"handlers":["handleAny"],"events":["*"],"threads":8,
               "max_in_flight":1000,"in_flight":0,"healthy":false,"health_detail":"stopped","started_at":1,
               "last_seen":2,"last_seen_ago_ms":61000,"announce_interval_ms":30000,"attributes":{}}],
             "counts":{"live":0,"stale":0,"stopped":1},"stale_after_ms":90000}
            """;

    private final FakeApi api = new FakeApi();

    RegistryCommandsTest() throws IOException {
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void runnersListPrintsATableWithStatusHandlersHealthAndLastSeen() {
        api.handler = r -> r.path().equals("/v1/runners") ? Reply.of(200, RUNNERS) : Reply.of(404, "{}");

        Result r = api.tasker("runners", "list");

        assertThat(r.exit()).as(r.err()).isZero();
        String[] lines = r.out().split("\\R");
        assertThat(lines[0]).startsWith("ID").contains("STATUS", "HOST", "NAMESPACES", "HANDLERS", "HEALTH", "LAST SEEN");
        assertThat(lines[1]).contains("host-a-42", "live", "host-a (pid 42)", "ecommerce", "h.a,h.b,h.c,h.d +2 more", "ok", "4s ago");
        assertThat(lines[2]).contains("host-b-7", "stale", "1 stuck handler", "5m ago");
        assertThat(lines[3]).isEqualTo("2 runners listed; 1 live, 1 stale, 0 stopped (stale = not seen for 90s)");
    }

    @Test
    void subscribersListShowsEventsAndAllNamespaces() {
        api.handler = r -> r.path().equals("/v1/subscribers") ? Reply.of(200, SUBSCRIBERS) : Reply.of(404, "{}");

        Result r = api.tasker("subscribers", "list");

        assertThat(r.exit()).as(r.err()).isZero();
        String[] lines = r.out().split("\\R");
        assertThat(lines[0]).startsWith("NAME").contains("ID", "STATUS", "EVENTS", "NAMESPACES");
        assertThat(lines[1]).contains("audit", "audit@host-a:42", "stopped", "*", "(all)", "61s ago");
        assertThat(lines[2]).startsWith("1 subscriber listed; 0 live, 0 stale, 1 stopped");
    }

    @Test
    void statusFilterIsPassedToTheServerAndJsonIsTheServersAnswer() {
        api.handler = r -> Reply.of(200, RUNNERS);

        Result r = api.tasker("runners", "list", "--status", "stale", "--output", "json");

        assertThat(r.exit()).isZero();
        assertThat(api.requests.get(0).query()).isEqualTo("status=stale");
        assertThat(r.out()).contains("\"host-b-7\"").contains("\"counts\"");
    }

    @Test
    void aRefusedStatusExitsTwoWithTheServersMessage() {
        api.handler = r -> Reply.of(400, "{\"error\":\"unknown status 'dead'; allowed: live, stale, stopped\"}");

        Result r = api.tasker("subscribers", "list", "--status", "dead");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown status 'dead'; allowed: live, stale, stopped");
    }
}
