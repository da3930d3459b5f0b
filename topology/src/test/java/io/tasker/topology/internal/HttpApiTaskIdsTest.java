package io.tasker.topology.internal;

import io.tasker.avro.TaskCommandType;
import io.tasker.avro.TaskRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Client-chosen task ids: validated, never silently accepted twice, and any id survives forwarding to its owner. */
class HttpApiTaskIdsTest {
    private final ApiHarness api = new ApiHarness();
    private final ApiHarness owner = new ApiHarness();

    @AfterEach
    void stop() {
        api.close();
        owner.close();
    }

    /** Tasks owned by the other instance: {@code api} forwards to {@code owner}. */
    private void ownedByTheOtherInstance(String taskId) {
        api.view.owners.put(taskId, owner.self);
        owner.view.owners.put(taskId, owner.self);
    }

    static List<String> invalidIds() {
        return List.of("", "has space", "slash/in/it", "ümlaut", "question?", "x".repeat(129));
    }

    @ParameterizedTest
    @MethodSource("invalidIds")
    void aTaskIdOutsideTheAllowedCharsetOrLengthIs400NamingThem(String id) {
        ApiHarness.Reply r = api.post("/v1/tasks", ApiHarness.submission().put("task_id", id).toString());

        assertThat(r.status()).as(r.raw().body()).isEqualTo(400);
        assertThat(r.body().path("error").asText()).contains("task_id must be 1 to 128 characters of letters A-Z a-z, digits 0-9 and . _ : -");
        assertThat(api.inputs.requests).isEmpty();
    }

    @Test
    void aTaskIdThatIsNotAStringIs400() {
        ApiHarness.Reply r = api.post("/v1/tasks", ApiHarness.submission().put("task_id", 42).toString());

        assertThat(r.status()).isEqualTo(400);
    }

    @Test
    void aNewTaskIdWithAColonIsAcceptedWithItsStatusUrl() {
        ApiHarness.Reply r = api.post("/v1/tasks", ApiHarness.submission().put("task_id", "order:42." + "x".repeat(119)).toString());

        assertThat(r.status()).as(r.raw().body()).isEqualTo(202);
        assertThat(r.body().path("task_id").asText()).startsWith("order:42.");
        assertThat(r.body().path("status_url").asText()).startsWith("/v1/tasks/order:42.");
        assertThat(api.inputs.requests).extracting(TaskRequest::getTaskId).containsExactly("order:42." + "x".repeat(119));
    }

    @Test
    void aTaskIdThatExistsIs409WithItsStatusUrlAndNothingIsWritten() {
        api.storeTask("order:42", null);

        ApiHarness.Reply r = api.post("/v1/tasks", ApiHarness.submission().put("task_id", "order:42").toString());

        assertThat(r.status()).as(r.raw().body()).isEqualTo(409);
        assertThat(r.body().path("error").asText()).isEqualTo("task order:42 already exists");
        assertThat(r.body().path("status_url").asText()).isEqualTo("/v1/tasks/order:42");
        assertThat(api.inputs.requests).isEmpty();
    }

    @Test
    void aTaskIdThatExistsOnAnotherInstanceIs409Too() {
        owner.storeTask("order:42", null);
        ownedByTheOtherInstance("order:42");

        ApiHarness.Reply r = api.post("/v1/tasks", ApiHarness.submission().put("task_id", "order:42").toString());

        assertThat(r.status()).as(r.raw().body()).isEqualTo(409);
        assertThat(api.inputs.requests).isEmpty();
    }

    @Test
    void whenTheOwnerCannotBeAskedTheSubmitIs503NotAGuess() {
        ownedByTheOtherInstance("order:42");
        owner.close();

        ApiHarness.Reply r = api.post("/v1/tasks", ApiHarness.submission().put("task_id", "order:42").toString());

        assertThat(r.status()).isEqualTo(503);
        assertThat(r.header("Retry-After")).isEqualTo("1");
        assertThat(r.body().path("error").asText()).startsWith("cannot tell whether task order:42 exists yet");
        assertThat(api.inputs.requests).isEmpty();
    }

    @Test
    void anIdempotencyKeyResendStillAnswers202WithTheSameTaskId() {
        String body = ApiHarness.submission().put("idempotency_key", "k-1").toString();
        ApiHarness.Reply first = api.post("/v1/tasks", body);
        String id = first.body().path("task_id").asText();
        api.storeTask(id, "k-1"); // the topology created it

        ApiHarness.Reply again = api.post("/v1/tasks", body);

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).as(again.raw().body()).isEqualTo(202);
        assertThat(again.body().path("task_id").asText()).isEqualTo(id);
    }

    @Test
    void aChosenTaskIdResentWithTheSameIdempotencyKeyIs202AndWithAnotherKeyIs409() {
        api.storeTask("order:42", "k-1");

        ApiHarness.Reply same = api.post("/v1/tasks", ApiHarness.submission().put("task_id", "order:42").put("idempotency_key", "k-1").toString());
        ApiHarness.Reply other = api.post("/v1/tasks", ApiHarness.submission().put("task_id", "order:42").put("idempotency_key", "k-2").toString());

        assertThat(same.status()).as(same.raw().body()).isEqualTo(202);
        assertThat(same.body().path("task_id").asText()).isEqualTo("order:42");
        assertThat(other.status()).as(other.raw().body()).isEqualTo(409);
    }

    @ParameterizedTest
    @ValueSource(strings = {"order:42", "with space", "q?x=1", "hash#1", "50%", "plus+sign", "ümlaut"})
    void aQueryForwardedToTheOwnerKeepsTheTaskIdIntact(String id) {
        owner.storeTask(id, null);
        ownedByTheOtherInstance(id);

        ApiHarness.Reply r = api.get(ApiPaths.task(id));

        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        assertThat(r.body().path("task_id").asText()).isEqualTo(id);
        assertThat(r.body().path("served_by").asText()).endsWith(":" + owner.self.port());
    }

    @Test
    void aStepCommandForATaskOnAnotherInstanceCarriesTheDecodedIdAndStep() {
        owner.storeTask("order:42 b", null);
        ownedByTheOtherInstance("order:42 b");

        ApiHarness.Reply r = api.post(ApiPaths.task("order:42 b") + "/steps/" + ApiPaths.segment("charge.card") + "/complete",
                "{\"result\":{\"charged\":true}}");

        assertThat(r.status()).as(r.raw().body()).isEqualTo(202);
        assertThat(api.inputs.commands).singleElement().satisfies(c -> {
            assertThat(c.getTaskId()).isEqualTo("order:42 b");
            assertThat(c.getStepName()).isEqualTo("charge.card");
            assertThat(c.getType()).isEqualTo(TaskCommandType.COMPLETE_STEP);
        });
    }
}
