package io.tasker.topology.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Query parameters of {@code GET /v1/tasks}: a bad one is a 400 naming what is allowed, never an empty or first page. */
class HttpApiListingTest {
    private final ApiHarness api = new ApiHarness();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void anUnknownStateIs400NamingTheStates() {
        ApiHarness.Reply r = api.get("/v1/tasks?state=failed");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().path("error").asText())
                .isEqualTo("unknown state 'failed'; allowed: pending, in_progress, complete, error, cancelled, resolved_manually");
        assertThat(r.body().path("allowed")).hasSize(6);
        assertThat(api.view.pagesAsked).isEmpty();
    }

    @Test
    void aStateInAnyCaseListsByItsWireName() {
        ApiHarness.Reply r = api.get("/v1/tasks?state=IN_PROGRESS");

        assertThat(r.status()).isEqualTo(200);
        assertThat(api.view.pagesAsked).singleElement().satisfies(f -> assertThat(f.state()).isEqualTo("in_progress"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "123|x", "0000000001000|", "00000000010000|t-1", "0000000001000-t-1"})
    void aMalformedCursorIs400(String cursor) {
        ApiHarness.Reply r = api.get("/v1/tasks?cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));

        assertThat(r.status()).as(r.raw().body()).isEqualTo(400);
        assertThat(r.body().path("error").asText()).contains("cursor '" + cursor + "' is malformed");
        assertThat(api.view.pagesAsked).isEmpty();
    }

    @Test
    void aCursorThisApiHandsOutIsAccepted() {
        String cursor = TaskIndex.sortKey(1_700_000_000_000L, "order:42");

        ApiHarness.Reply r = api.get("/v1/tasks?cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));

        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        assertThat(api.view.pagesAsked).singleElement().satisfies(f -> assertThat(f.cursor()).isEqualTo(cursor));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1001"})
    void aLimitOutsideTheRangeIs400NamingTheRange(String limit) {
        ApiHarness.Reply r = api.get("/v1/tasks?limit=" + limit);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().path("error").asText()).isEqualTo("limit must be 1..1000, was " + limit);
    }

    @Test
    void aLimitThatIsNotANumberIs400() {
        assertThat(api.get("/v1/tasks?limit=ten").status()).isEqualTo(400);
    }

    @Test
    void aTemplateWithoutItsNamespaceIs400() {
        assertThat(api.get("/v1/tasks?template=pipeline").status()).isEqualTo(400);
    }
}
