package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasker.schemas.redaction.RedactionConfig;
import io.tasker.schemas.redaction.Redactor;
import io.tasker.templates.ContextValidator;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateLoader;
import io.tasker.topology.TaskState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /v1/tasks/{id}} masks the context, step results and errors by configured and schema-driven rules. */
class HttpApiRedactionTest {
    private static final String MASK = RedactionConfig.DEFAULT_MASK;
    private static final String TEMPLATE = """
            name: login
            namespace: shop
            version: 1.0.0
            input_schema:
              type: object
              properties:
                user: { type: string }
                password: { type: string }
                card: { type: object, properties: { pin: { type: string, x-sensitive: true }, brand: { type: string } } }
            steps:
              - { name: auth, handler: h.auth }
            """;

    @Test
    void taskAnswerMasksContextResultsAndErrorsButKeepsEverythingElse() throws Exception {
        try (ApiHarness api = new ApiHarness()) {
            TaskTemplate template = new TemplateLoader(null).parse(TEMPLATE, "login.yaml");
            api.view.templates.add(new TemplateCatalog.Entry(template, ContextValidator.forTemplate(template), new byte[0], "d"));
            ObjectNode context = Json.MAPPER.createObjectNode().put("user", "ann").put("password", "pw-CONTEXT-1111");
            context.putObject("card").put("pin", "PIN-8642").put("brand", "visa");
            TaskRecord task = new TaskEngine(() -> 0.5).start("t-red", template, context, "corr", null, 1_000).task();
            StepRecord auth = task.step("auth").orElseThrow();
            JsonNode result = Json.MAPPER.readTree("{\"session\":\"s-1\",\"api_key\":\"KEY-RESULT-2222\"}");
            task = task.withData(task.context(), java.util.List.of(auth.withResult(result)))
                    .withState(TaskState.ERROR, 2_000, "login with pw-CONTEXT-1111 failed: Authorization: Bearer tok-HEADER-3333");
            api.view.tasks.put("t-red", task);

            ApiHarness.Reply r = api.get("/v1/tasks/t-red");

            assertThat(r.status()).isEqualTo(200);
            String body = r.body().toString();
            assertThat(body).doesNotContain("pw-CONTEXT-1111", "PIN-8642", "KEY-RESULT-2222", "tok-HEADER-3333");
            assertThat(r.body().at("/context/password").asText()).isEqualTo(MASK);
            assertThat(r.body().at("/context/card/pin").asText()).as("x-sensitive in the input_schema").isEqualTo(MASK);
            assertThat(r.body().at("/context/card/brand").asText()).isEqualTo("visa");
            assertThat(r.body().at("/context/user").asText()).isEqualTo("ann");
            assertThat(r.body().at("/steps/0/result/api_key").asText()).isEqualTo(MASK);
            assertThat(r.body().at("/steps/0/result/session").asText()).isEqualTo("s-1");
            assertThat(r.body().path("error").asText()).isEqualTo("login with " + MASK + " failed: Authorization: Bearer " + MASK);
            assertThat(r.body().path("task_id").asText()).isEqualTo("t-red");
            assertThat(api.view.tasks.get("t-red").context().path("password").asText())
                    .as("the store keeps the real value").isEqualTo("pw-CONTEXT-1111");
        }
    }

    @Test
    void configuredRedactorReplacesTheDefaults() throws Exception {
        try (ApiHarness api = new ApiHarness(io.tasker.templates.catalog.SubscribedBy.NONE,
                new Redactor(RedactionConfig.fromProperties(java.util.Map.of(RedactionConfig.KEYS, "order_id",
                        RedactionConfig.MASK, "[FILTERED]"))))) {
            api.storeTask("t-1", null);
            assertThat(api.get("/v1/tasks/t-1").body().at("/context/order_id").asText()).isEqualTo("[FILTERED]");
        }
    }
}
