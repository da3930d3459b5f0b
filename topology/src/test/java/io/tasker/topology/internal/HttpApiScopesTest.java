package io.tasker.topology.internal;

import io.tasker.topology.HttpTlsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scopes and namespaces: a wrong scope is a 403 naming it; a task outside the token's namespaces is a 404 exactly
 * like a missing one; a submission to such a namespace is a 403; listings show only the token's namespaces.
 * The test template and its tasks are in namespace "shop".
 */
class HttpApiScopesTest {
    @TempDir
    Path dir;
    private AuthTokens tokens;
    private ApiHarness api;

    @BeforeEach
    void start() {
        tokens = new AuthTokens(dir);
        api = new ApiHarness(tokens.authenticator(), HttpTlsConfig.off());
        api.storeTask("t-1", null);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aReaderReadsButCannotSubmitOperateOrAdminister() {
        assertThat(api.get("/v1/tasks/t-1", tokens.reader).status()).isEqualTo(200);
        assertThat(api.get("/v1/templates", tokens.reader).status()).isEqualTo(200);

        ApiHarness.Reply cancel = api.post("/v1/tasks/t-1/cancel", "{}", tokens.reader);
        assertThat(cancel.status()).isEqualTo(403);
        assertThat(cancel.body().path("error").asText()).isEqualTo("token 'reader' lacks the scope tasks:operate this route needs");
        assertThat(cancel.body().path("reason").asText()).isEqualTo("forbidden");
        assertThat(cancel.header("WWW-Authenticate")).isNull();
        assertThat(api.post("/v1/tasks", ApiHarness.submission().toString(), tokens.reader).status()).isEqualTo(403);
        assertThat(api.get("/v1/runners", tokens.reader).status()).isEqualTo(403);
        assertThat(api.inputs.commands).isEmpty();
        assertThat(api.inputs.requests).isEmpty();
    }

    @Test
    void aSubmitterSubmitsButCannotRead() {
        assertThat(api.post("/v1/tasks", ApiHarness.submission().toString(), tokens.submitter).status()).isEqualTo(202);
        assertThat(api.get("/v1/tasks/t-1", tokens.submitter).status()).isEqualTo(403);
        assertThat(api.inputs.requests).hasSize(1);
    }

    @Test
    void anOperatorOperatesAndReadsTheTasksItActsOn() {
        assertThat(api.post("/v1/tasks/t-1/cancel", "{}", tokens.operator).status()).isEqualTo(202);
        assertThat(api.get("/v1/tasks/t-1", tokens.operator).status()).isEqualTo(200);
        assertThat(api.post("/v1/tasks", ApiHarness.submission().toString(), tokens.operator).status()).isEqualTo(403);
    }

    @Test
    void onlyAdminSeesTheRegistryAndANamespaceLimitedTokenNoProcessWideStats() {
        assertThat(api.get("/v1/runners", tokens.admin).status()).isNotIn(401, 403);
        assertThat(api.get("/v1/subscribers", tokens.operator).status()).isEqualTo(403);
        assertThat(api.get("/v1/stats", tokens.reader).status()).isEqualTo(200);
        assertThat(api.get("/v1/stats", tokens.shopReader).status()).isEqualTo(403);
    }

    @Test
    void aTaskOutsideTheTokensNamespacesIs404LikeAMissingOne() {
        ApiHarness.Reply hidden = api.get("/v1/tasks/t-1", tokens.otherNamespace);
        ApiHarness.Reply missing = api.get("/v1/tasks/t-404", tokens.otherNamespace);

        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.body().path("error").asText()).isEqualTo("task t-1 not found");
        assertThat(missing.body().path("error").asText()).isEqualTo("task t-404 not found");
        assertThat(api.get("/v1/tasks/t-1", tokens.shopReader).status()).isEqualTo(200);
    }

    @Test
    void aCommandOnATaskOutsideTheTokensNamespacesIs404AndNothingIsWritten() {
        ApiHarness.Reply cancel = api.post("/v1/tasks/t-1/cancel", "{}", tokens.otherNamespace);

        assertThat(cancel.status()).isEqualTo(404);
        assertThat(api.inputs.commands).isEmpty();
    }

    @Test
    void aSubmissionToANamespaceOutsideTheTokensIs403BeforeTheTemplateIsLookedUp() {
        ApiHarness.Reply r = api.post("/v1/tasks", ApiHarness.submission().put("template", "no-such").toString(), tokens.otherNamespace);

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body().path("error").asText()).isEqualTo("token 'other-team' may not submit to namespace 'shop'");
        assertThat(api.inputs.requests).isEmpty();
    }

    @Test
    void listingsShowOnlyTheTokensNamespaces() {
        assertThat(api.get("/v1/templates", tokens.otherNamespace).body()).isEmpty();
        assertThat(api.get("/v1/templates", tokens.shopReader).body()).hasSize(1);

        assertThat(api.get("/v1/templates/stats", tokens.otherNamespace).body().path("namespaces")).isEmpty();

        ApiHarness.Reply foreign = api.get("/v1/tasks?namespace=shop", tokens.otherNamespace);
        assertThat(foreign.status()).isEqualTo(200);
        assertThat(foreign.body().path("tasks")).isEmpty();
        assertThat(api.view.pagesAsked).as("no store is scanned for a namespace outside the token's").isEmpty();

        assertThat(api.get("/v1/tasks", tokens.otherNamespace).status()).isEqualTo(200);
        assertThat(api.view.pagesAsked).singleElement()
                .satisfies(f -> assertThat(f.allowed()).containsExactly("other"));
        assertThat(api.get("/v1/tasks", tokens.reader).status()).isEqualTo(200);
        assertThat(api.view.pagesAsked.get(1).allowed()).as("no limit").isNull();
    }

    @Test
    void theEventCatalogShowsLifecycleEventsToAllButDomainEventsOnlyOfTheTokensNamespaces() {
        io.tasker.templates.TaskTemplate t = new io.tasker.templates.TemplateLoader(null).parse("""
                name: orders
                namespace: shop
                version: 1.0.0
                steps:
                  - name: create_order
                    handler: h.create
                    publishes_events:
                      - name: order.created
                        schema: {type: object}
                """, "orders.yaml");
        api.view.templates.add(new TemplateCatalog.Entry(t, io.tasker.templates.ContextValidator.forTemplate(t), new byte[0], "d"));
        ApiHarness.Reply all = api.get("/v1/events", tokens.shopReader);
        ApiHarness.Reply other = api.get("/v1/events", tokens.otherNamespace);

        assertThat(other.status()).isEqualTo(200);
        assertThat(other.body().toString()).doesNotContain("\"namespace\":\"shop\"");
        assertThat(other.body().size()).isGreaterThan(0);
        assertThat(all.body().toString()).contains("order.created");
        assertThat(other.body().toString()).doesNotContain("order.created");
        assertThat(api.get("/v1/events/order.created", tokens.otherNamespace).status()).isEqualTo(404);
        assertThat(api.get("/v1/events/order.created", tokens.shopReader).status()).isEqualTo(200);
        assertThat(api.get("/v1/events/asyncapi", tokens.otherNamespace).body().toString().length())
                .isLessThan(api.get("/v1/events/asyncapi", tokens.shopReader).body().toString().length());
    }

    @Test
    void anUnknownTokenIs401SayingSoWithoutEchoingIt() {
        String wrong = io.tasker.topology.ApiTokens.generate();
        ApiHarness.Reply r = api.get("/v1/tasks/t-1", wrong);

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body().path("reason").asText()).isEqualTo("unknown_token");
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer realm=\"tasker\", error=\"invalid_token\"");
        assertThat(r.raw().body()).doesNotContain(wrong);
        assertThat(r.raw().headers().map().toString()).doesNotContain(wrong);
    }

    @Test
    void anAuthorizationHeaderThatIsNotBearerIs401() {
        ApiHarness.Reply r = api.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.url + "/v1/tasks/t-1"))
                .header("Authorization", "Basic dXNlcjpwYXNz").GET().build());

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body().path("reason").asText()).isEqualTo("invalid_token");
    }
}
