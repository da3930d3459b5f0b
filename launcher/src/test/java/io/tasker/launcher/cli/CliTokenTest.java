package io.tasker.launcher.cli;

import io.tasker.launcher.cli.FakeApi.Reply;
import io.tasker.launcher.cli.FakeApi.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --token}: sent as a bearer token by every server command; 401 and 403 explained. */
class CliTokenTest {
    FakeApi api;

    @BeforeEach
    void start() throws IOException {
        api = new FakeApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void theTokenIsSentAsABearerToken() {
        api.handler = r -> Reply.of(200, "[]");

        Result r = api.tasker("templates", "list", "--token", "tsk_abc");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(api.requests).singleElement().satisfies(req -> assertThat(req.authorization()).isEqualTo("Bearer tsk_abc"));
    }

    @Test
    void withoutATokenNoAuthorizationHeaderIsSent() {
        api.handler = r -> Reply.of(200, "[]");

        assertThat(api.tasker("templates", "list", "--token", "").exit()).isZero();
        assertThat(api.requests).singleElement().satisfies(req -> assertThat(req.authorization()).isNull());
    }

    @Test
    void a401SaysHowToPassAToken() {
        api.handler = r -> Reply.of(401, "{\"error\":\"this route needs a bearer token: send 'Authorization: Bearer <token>'\",\"reason\":\"missing_token\"}");

        Result r = api.tasker("tasks", "list", "--token", "");

        assertThat(r.exit()).isEqualTo(CliException.USAGE);
        assertThat(r.err()).contains("error: not authenticated by Tasker at " + api.url()
                + ": this route needs a bearer token: send 'Authorization: Bearer <token>' (pass --token or set TASKER_TOKEN)");
    }

    @Test
    void a403NamesTheMissingScope() {
        api.handler = r -> Reply.of(403, "{\"error\":\"token 'ci' lacks the scope tasks:operate this route needs\",\"reason\":\"forbidden\"}");

        Result r = api.tasker("tasks", "cancel", "t1", "--token", "tsk_abc");

        assertThat(r.exit()).isEqualTo(CliException.USAGE);
        assertThat(r.err()).contains("error: not allowed: token 'ci' lacks the scope tasks:operate this route needs");
    }
}
