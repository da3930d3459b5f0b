package io.tasker.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasker.avro.StepCommand;
import io.tasker.runner.StepOutcome;
import io.tasker.schemas.redaction.RedactionConfig;
import io.tasker.schemas.redaction.Redactor;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateLoader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the runner masks in the texts and events that leave it; what the handler gets stays real. */
class RunnerRedactionTest {
    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final TaskTemplate TEMPLATE = new TemplateLoader(null).parse("""
            name: vault
            namespace: shop
            version: 1.0.0
            input_schema:
              type: object
              properties:
                pin: { type: string, x-sensitive: true }
                customer: { type: string }
            steps:
              - name: open
                handler: { name: shop.open }
                publishes_events:
                  - name: vault.opened
                    schema:
                      type: object
                      properties:
                        door: { type: string }
                        code: { type: string, writeOnly: true }
                        api_key: { type: string }
            """, "vault.yaml");

    final RunnerRedaction redaction = new RunnerRedaction(new Redactor(RedactionConfig.fromProperties(
            Map.of(RedactionConfig.VALUE_PATTERNS, "/sk_live_\\w+/"))), List.of(TEMPLATE));

    static StepCommand command(String context, Map<String, String> dependencyResults) {
        return StepCommand.newBuilder().setTaskId("task-1").setStepName("open").setAttempt(1).setNamespace("shop")
                .setTemplateName("vault").setTemplateVersion("1.0.0").setHandler("shop.open").setContextJson(context)
                .setDependencyResultsJson(dependencyResults).setDispatchedAt(NOW).build();
    }

    @Test
    void aFailuresMessageAndBacktraceLoseValuePatternsAndTheTasksSensitiveValues() {
        StepCommand cmd = command("{\"pin\":\"pin-8812\",\"customer\":\"ann\"}",
                Map.of("lookup", "{\"token\":\"tok-5521\",\"ok\":true}"));
        StepOutcome.Failure f = new StepOutcome.Failure("vault refused pin-8812 with tok-5521 for key sk_live_abc",
                true, null, "java.lang.IllegalStateException",
                List.of("at a.B.c(B.java:1)", "Caused by: java.io.IOException: pin-8812 rejected"));

        StepOutcome.Failure out = (StepOutcome.Failure) redaction.outcome(cmd, f);

        assertThat(out.message()).isEqualTo("vault refused ***REDACTED*** with ***REDACTED*** for key ***REDACTED***");
        assertThat(out.backtrace()).containsExactly("at a.B.c(B.java:1)",
                "Caused by: java.io.IOException: ***REDACTED*** rejected");
        assertThat(out.retryable()).isTrue();
        assertThat(out.exceptionClass()).isEqualTo("java.lang.IllegalStateException");
        assertThat(redaction.text(cmd, "ann typed pin-8812")).isEqualTo("ann typed ***REDACTED***");
        // the handler's input is untouched
        assertThat(cmd.getContextJson()).contains("pin-8812");
    }

    @Test
    void aSuccessIsNotChanged() {
        StepOutcome ok = new StepOutcome.Success(JsonSupport.MAPPER.valueToTree(Map.of("token", "keep-for-dependents")));
        assertThat(redaction.outcome(command("{}", Map.of()), ok)).isSameAs(ok);
    }

    @Test
    void anEventPayloadHasItsSchemaMarkedAndKeyRuleFieldsMasked() {
        StepCommand cmd = command("{}", Map.of());
        AttemptEvents events = new EventCatalog("r", List.of(TEMPLATE), Clock.fixed(NOW, ZoneOffset.UTC))
                .forAttempt(cmd, () -> { });
        events.publish("vault.opened", Map.of("door", "north", "code", "c0de-991", "api_key", "ak-7734"));
        AttemptEvents.Event e = redaction.event(cmd, events.seal("done").get(0));

        assertThat(e.payload().path("door").asText()).isEqualTo("north");
        assertThat(e.payload().path("code").asText()).isEqualTo("***REDACTED***");
        assertThat(e.payload().path("api_key").asText()).isEqualTo("***REDACTED***");
        assertThat(e.payloadJson()).doesNotContain("c0de-991", "ak-7734").contains("north");
        assertThat(EventRecords.published(cmd, e).getPayloadJson()).doesNotContain("c0de-991");
    }
}
