package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasker.schemas.TaskerLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Sizes at the HTTP edge: what is over a documented limit is a 413 naming it, also for chunked bodies. */
class HttpApiSizeLimitsTest {
    private static final String BODY_LIMIT = "the limit is 278528 bytes (272 KiB)";

    private final ApiHarness api = new ApiHarness();

    @AfterEach
    void stop() {
        api.close();
    }

    /** A valid context whose compact JSON is exactly {@code bytes} long. */
    private static ObjectNode contextOf(int bytes) {
        ObjectNode context = Json.MAPPER.createObjectNode().put("order_id", "o-1").put("blob", "");
        int padding = bytes - context.toString().getBytes(StandardCharsets.UTF_8).length;
        return context.put("blob", "x".repeat(padding));
    }

    /** A submission whose body is {@code bytes} long (its context makes up the size). */
    private static byte[] submissionOf(int bytes) {
        ObjectNode body = ApiHarness.submission();
        int overhead = body.toString().length() - body.get("context").toString().length();
        return body.set("context", contextOf(bytes - overhead)).toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aContextOverTheLimitIs413NamingSizeAndLimit() {
        ApiHarness.Reply r = api.post("/v1/tasks", ApiHarness.submission().set("context", contextOf(270_000)).toString());

        assertThat(r.status()).as(r.raw().body()).isEqualTo(413);
        assertThat(r.body().path("error").asText()).isEqualTo("context is 270000 bytes; the limit is 262144 bytes (256 KiB)");
        assertThat(r.body().path("limit_bytes").asInt()).isEqualTo(TaskerLimits.CONTEXT_MAX_BYTES);
        assertThat(api.inputs.requests).isEmpty();
    }

    @Test
    void aContextExactlyAtTheLimitIsAccepted() {
        ApiHarness.Reply r = api.post("/v1/tasks", ApiHarness.submission()
                .set("context", contextOf(TaskerLimits.CONTEXT_MAX_BYTES)).toString());

        assertThat(r.status()).as(r.raw().body()).isEqualTo(202);
        assertThat(api.inputs.requests).singleElement()
                .satisfies(req -> assertThat(req.getContextJson()).hasSize(TaskerLimits.CONTEXT_MAX_BYTES));
    }

    @Test
    void aBodyOverTheLimitWithContentLengthIs413() {
        ApiHarness.Reply r = api.send(HttpRequest.newBuilder(URI.create(api.url + "/v1/tasks"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(submissionOf(400_000))).build());

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.body().path("error").asText()).isEqualTo("request body is 400000 bytes; " + BODY_LIMIT);
        assertThat(r.body().path("limit_bytes").asInt()).isEqualTo(TaskerLimits.HTTP_BODY_MAX_BYTES);
    }

    @Test
    void aChunkedBodyOverTheLimitIs413() {
        byte[] body = submissionOf(2_000_000);
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(api.url + "/v1/tasks"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();

        ApiHarness.Reply r = api.send(chunked);

        assertThat(chunked.bodyPublisher().orElseThrow().contentLength()).as("sent without Content-Length").isEqualTo(-1);
        assertThat(r.status()).as(r.raw().body()).isEqualTo(413);
        assertThat(r.body().path("error").asText()).isEqualTo("request body is over the limit of 278528 bytes (272 KiB)");
        assertThat(api.inputs.requests).isEmpty();
    }

    @Test
    void aChunkedBodyOverTheLimitFromHttpUrlConnectionIs413() throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(api.url + "/v1/tasks").toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setChunkedStreamingMode(8192);
        c.setRequestProperty("Content-Type", "application/json");
        int status;
        JsonNode error;
        try {
            try (OutputStream out = c.getOutputStream()) {
                out.write(submissionOf(400_000));
            }
            status = c.getResponseCode();
            try (InputStream in = c.getErrorStream()) {
                error = Json.MAPPER.readTree(in);
            }
        } finally {
            c.disconnect();
        }

        assertThat(status).isEqualTo(413);
        assertThat(error.path("limit_bytes").asInt()).isEqualTo(TaskerLimits.HTTP_BODY_MAX_BYTES);
        assertThat(api.inputs.requests).isEmpty();
    }

    @Test
    void aChunkedBodyUnderTheLimitIsAccepted() {
        byte[] body = submissionOf(100_000);
        ApiHarness.Reply r = api.send(HttpRequest.newBuilder(URI.create(api.url + "/v1/tasks"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());

        assertThat(r.status()).as(r.raw().body()).isEqualTo(202);
    }

    @Test
    void aManualStepResultOverTheLimitIs413AndNoCommandIsWritten() {
        api.storeTask("t-1", null);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putObject("result").put("blob", "x".repeat(TaskerLimits.STEP_RESULT_MAX_BYTES));
        int size = body.get("result").toString().length();

        ApiHarness.Reply r = api.post("/v1/tasks/t-1/steps/charge.card/complete", body.toString());

        assertThat(r.status()).as(r.raw().body()).isEqualTo(413);
        assertThat(r.body().path("error").asText()).isEqualTo("result is " + size + " bytes; the limit is 262144 bytes (256 KiB)");
        assertThat(r.body().path("limit_bytes").asInt()).isEqualTo(TaskerLimits.STEP_RESULT_MAX_BYTES);
        assertThat(api.inputs.commands).isEmpty();
    }

    @Test
    void aManualStepResultWithinTheLimitIsWritten() {
        api.storeTask("t-1", null);

        ApiHarness.Reply r = api.post("/v1/tasks/t-1/steps/charge.card/complete", "{\"result\":{\"charged\":true}}");

        assertThat(r.status()).as(r.raw().body()).isEqualTo(202);
        assertThat(api.inputs.commands).singleElement().satisfies(c -> assertThat(c.getResultJson()).isEqualTo("{\"charged\":true}"));
    }
}
