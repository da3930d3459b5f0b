package io.tasker.topology.internal;

import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.tasker.topology.HttpTlsConfig;
import io.tasker.topology.internal.auth.Access;
import io.tasker.topology.internal.auth.AccessRules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every route the router has, taken from Javalin itself so a route added later cannot escape: each has exactly one
 * rule of {@link AccessRules}, and each that is not a health probe (or the open {@code /metrics}) answers 401 to a
 * request without a token.
 */
class HttpApiRouteAuthTest {
    @TempDir
    Path dir;
    private ApiHarness api;

    @AfterEach
    void stop() {
        if (api != null) api.close();
    }

    private List<Endpoint> routes() {
        return api.app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
                .map(io.javalin.router.ParsedEndpoint::getEndpoint)
                .filter(e -> e.getMethod().isHttpMethod()).toList();
    }

    /** The route's path with every {param} replaced by a value. */
    private static String concrete(String path) {
        return path.replaceAll("\\{[^}]+}", "x-1");
    }

    private ApiHarness.Reply call(Endpoint e, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.url + concrete(e.getPath())))
                .method(e.getMethod().name(), e.getMethod() == HandlerType.POST
                        ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        if (token != null) b.header("Authorization", "Bearer " + token);
        return api.send(b.build());
    }

    @Test
    void everyRouteHasExactlyOneRuleAndEveryRuleARoute() {
        api = new ApiHarness(new AuthTokens(dir).authenticator(), HttpTlsConfig.off());
        List<Endpoint> routes = routes();

        assertThat(routes).hasSizeGreaterThanOrEqualTo(18);
        for (Endpoint e : routes) {
            Access rule = AccessRules.of(e.getMethod(), e.getPath());
            assertThat(e.getRoles()).as(e.getMethod() + " " + e.getPath()).containsExactly(rule);
        }
        assertThat(AccessRules.all()).allSatisfy(rule -> assertThat(routes)
                .as("rule %s %s has a route", rule.method(), rule.path())
                .anySatisfy(e -> {
                    assertThat(e.getMethod()).isEqualTo(rule.method());
                    assertThat(e.getPath()).isEqualTo(rule.path());
                }));
    }

    @Test
    void aRouteWithoutARuleCannotBeRegistered() {
        assertThatThrownBy(() -> AccessRules.of(HandlerType.DELETE, "/v1/tasks/{id}"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DELETE /v1/tasks/{id} has no access rule");
    }

    @Test
    void everyRouteButTheHealthProbesAndOpenMetricsAnswers401WithoutAToken() {
        api = new ApiHarness(new AuthTokens(dir).authenticator(), HttpTlsConfig.off());

        for (Endpoint e : routes()) {
            ApiHarness.Reply r = call(e, null);
            String route = e.getMethod() + " " + e.getPath();
            Access access = AccessRules.of(e.getMethod(), e.getPath());
            if (access == Access.PUBLIC || access == Access.METRICS) {
                assertThat(r.status()).as(route).isEqualTo(200);
                continue;
            }
            assertThat(r.status()).as(route).isEqualTo(401);
            assertThat(r.header("WWW-Authenticate")).as(route).startsWith("Bearer");
            assertThat(r.body().path("reason").asText()).as(route).isEqualTo("missing_token");
            assertThat(r.body().path("error").asText()).as(route).contains("Authorization: Bearer");
        }
        assertThat(api.inputs.requests).isEmpty();
        assertThat(api.inputs.commands).isEmpty();
    }

    @Test
    void otherMethodsOnTheRoutesGiveNothingAwayWithoutAToken() {
        AuthTokens tokens = new AuthTokens(dir);
        api = new ApiHarness(tokens.authenticator(), HttpTlsConfig.off());
        api.storeTask("t-1", null);

        for (String method : List.of("HEAD", "PUT", "DELETE", "PATCH", "OPTIONS")) {
            ApiHarness.Reply r = api.send(HttpRequest.newBuilder(URI.create(api.url + "/v1/tasks/t-1"))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build());
            assertThat(r.status()).as(method).isIn(401, 404, 405);
        }
        HttpRequest.Builder head = HttpRequest.newBuilder(URI.create(api.url + "/v1/tasks/t-1")).method("HEAD", HttpRequest.BodyPublishers.noBody());
        assertThat(api.send(head.build()).status()).as("HEAD is answered by the GET route, with its rule").isEqualTo(401);
        assertThat(api.send(head.header("Authorization", "Bearer " + tokens.reader).build()).status()).isEqualTo(200);
        assertThat(api.send(HttpRequest.newBuilder(URI.create(api.url + "/health/live")).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build()).status()).isEqualTo(200);
    }

    @Test
    void withMetricsAuthTokenOnlyTheHealthProbesAreOpen() {
        AuthTokens tokens = new AuthTokens(dir);
        api = new ApiHarness(tokens.authenticatorWithMetricsToken(), HttpTlsConfig.off());

        for (Endpoint e : routes()) {
            boolean health = e.getPath().startsWith("/health/");
            assertThat(call(e, null).status()).as(e.getMethod() + " " + e.getPath()).isEqualTo(health ? 200 : 401);
        }
        assertThat(api.get("/metrics", tokens.reader).status()).isEqualTo(200);
        assertThat(api.get("/metrics", tokens.shopReader).status()).as("a namespace-limited token sees no process-wide metrics")
                .isEqualTo(403);
    }

    @Test
    void anAdminTokenPassesEveryRoute() {
        AuthTokens tokens = new AuthTokens(dir);
        api = new ApiHarness(tokens.authenticatorWithMetricsToken(), HttpTlsConfig.off());

        for (Endpoint e : routes()) {
            assertThat(call(e, tokens.admin).status()).as(e.getMethod() + " " + e.getPath()).isNotIn(401, 403);
        }
    }
}
