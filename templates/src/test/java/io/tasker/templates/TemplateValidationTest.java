package io.tasker.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateValidationTest {

    private static final String HEADER = "name: order\nnamespace: shop\nversion: 1.0.0\n";

    private static List<String> errorsOf(String yaml) {
        TemplateValidationException e = catchThrowableOfType(TemplateValidationException.class,
                () -> new TemplateLoader(null).parse(yaml, "order.yaml"));
        assertThat(e).as("expected a TemplateValidationException").isNotNull();
        assertThat(e.errors()).allSatisfy(m -> assertThat(m).startsWith("order.yaml"));
        return e.errors();
    }

    private static List<String> stepErrors(String steps) {
        return errorsOf(HEADER + "steps:\n" + steps);
    }

    @Test
    void rejectsMissingRequiredTopLevelFields() {
        assertThat(errorsOf("description: x\n")).containsExactly(
                "order.yaml: namespace: is required",
                "order.yaml: name: is required",
                "order.yaml: version: is required",
                "order.yaml: steps: is required (a non-empty list of steps)");
    }

    @Test
    void rejectsEmptyStepsAndMissingStepNameAndHandler() {
        assertThat(errorsOf(HEADER + "steps: []\n")).containsExactly("order.yaml: steps: must not be empty");
        assertThat(stepErrors("  - description: nameless\n    handler: h\n  - name: b\n"))
                .contains("order.yaml: steps[0].name: is required")
                .anySatisfy(m -> assertThat(m).startsWith("order.yaml: steps[1].handler.name: is required"));
        assertThat(stepErrors("  - name: a\n    handler: { config: {x: 1} }\n"))
                .containsExactly("order.yaml: steps[0].handler.name: is required");
    }

    @Test
    void rejectsSlashesInNamespaceAndName() {
        assertThat(errorsOf("name: a/b\nnamespace: x/y\nversion: '1'\nsteps: [{name: s, handler: h}]\n"))
                .anySatisfy(m -> assertThat(m).startsWith("order.yaml: name: 'a/b' must be non-empty without '/'"))
                .anySatisfy(m -> assertThat(m).startsWith("order.yaml: namespace: 'x/y' must be non-empty without '/'"));
    }

    @Test
    void rejectsBadStepNames() {
        assertThat(stepErrors("  - name: 'has space'\n    handler: h\n"))
                .containsExactly("order.yaml: steps[0].name: 'has space' may contain only letters, digits, '_', '.' and '-'");
    }

    @Test
    void rejectsUnknownKeysEverywhereNamingThePath() {
        List<String> errors = errorsOf(HEADER + """
                descripton: typo
                lifecycle: { max_duration: 5 }
                steps:
                  - name: a
                    handler: { name: h, confg: {} }
                    retry: { max_atempts: 2 }
                    dependson: []
                    publishes_events:
                      - { name: order.created, schema: { type: object }, conditon: success }
                """);
        assertThat(errors).containsExactlyInAnyOrder(
                "order.yaml: descripton: unknown key, did you mean description? (allowed: name, namespace, version, description, input_schema,"
                        + " lifecycle, steps, environments)",
                "order.yaml: lifecycle.max_duration: unknown key, did you mean max_duration_seconds? (allowed:"
                        + " max_duration_seconds)",
                "order.yaml: steps[0].dependson: unknown key, did you mean depends_on? (allowed: name, description, handler, depends_on, retry,"
                        + " timeout_seconds, publishes_events)",
                "order.yaml: steps[0].handler.confg: unknown key, did you mean config? (allowed: name, config)",
                "order.yaml: steps[0].retry.max_atempts: unknown key, did you mean max_attempts? (allowed: max_attempts, retryable, backoff,"
                        + " backoff_base_ms, max_backoff_ms, jitter)",
                "order.yaml: steps[0].publishes_events[0].conditon: unknown key, did you mean condition? (allowed: name, description, schema,"
                        + " condition, delivery, examples)");
    }

    @Test
    void allowsAnythingInsideSchemasAndHandlerConfig() {
        TaskTemplate t = new TemplateLoader(null).parse(HEADER + """
                input_schema: { type: object, x-custom: whatever }
                steps:
                  - name: a
                    handler: { name: h, config: { anything: { goes: [1] } } }
                """, "order.yaml");
        assertThat(t.inputSchema().get("x-custom").asText()).isEqualTo("whatever");
    }

    @Test
    void rejectsDuplicateStepNames() {
        assertThat(stepErrors("  - {name: a, handler: h}\n  - {name: b, handler: h}\n  - {name: a, handler: h}\n"))
                .containsExactly("order.yaml: steps[2].name: duplicate step name 'a' (first declared at steps[0])");
    }

    @Test
    void rejectsUnknownDependencyListingKnownSteps() {
        assertThat(stepErrors("""
                  - {name: fetch_cart, handler: h}
                  - {name: fetch_products, handler: h}
                  - {name: validate, handler: h, depends_on: [fetch_kart, fetch_products]}
                """)).containsExactly("order.yaml: steps[2].depends_on: unknown step 'fetch_kart', did you mean"
                + " fetch_cart? (known: fetch_cart,"
                + " fetch_products)");
    }

    @Test
    void hintsTheKeyAMisspelledKeyWasMeantToBe() {
        assertThat(stepErrors("  - {name: a, handler: h}\n  - {name: b, handler: h, depends_onn: [a]}\n"))
                .containsExactly("order.yaml: steps[1].depends_onn: unknown key, did you mean depends_on? (allowed:"
                        + " name, description, handler, depends_on, retry, timeout_seconds, publishes_events)");
    }

    @Test
    void givesNoHintWhenNoKeyIsClose() {
        assertThat(errorsOf(HEADER + "owner: team-a\nsteps: [{name: a, handler: h}]\n")).containsExactly(
                "order.yaml: owner: unknown key (allowed: name, namespace, version, description, input_schema,"
                        + " lifecycle, steps, environments)");
    }

    @Test
    void listsTheClosestStepNamesForAnUnknownDependency() {
        assertThat(stepErrors("""
                  - {name: charge_card, handler: h}
                  - {name: charge_cash, handler: h}
                  - {name: ship, handler: h}
                  - {name: notify, handler: h, depends_on: [charge_cart]}
                """)).containsExactly("order.yaml: steps[3].depends_on: unknown step 'charge_cart', did you mean"
                + " charge_card or charge_cash? (known: charge_card, charge_cash, ship)");
    }

    @Test
    void hintsTheEnumValueAMisspelledValueWasMeantToBe() {
        assertThat(stepErrors("  - {name: a, handler: h, retry: {backoff: exponental}}\n")).containsExactly(
                "order.yaml: steps[0].retry.backoff: bad value 'exponental', did you mean exponential? (allowed:"
                        + " none, linear, exponential)");
    }

    @Test
    void rejectsSelfDependency() {
        assertThat(stepErrors("  - {name: a, handler: h, depends_on: [a]}\n"))
                .containsExactly("order.yaml: steps[0].depends_on: step 'a' depends on itself");
    }

    @Test
    void rejectsCycleAndPrintsThePath() {
        assertThat(stepErrors("""
                  - {name: start, handler: h}
                  - {name: a, handler: h, depends_on: [start, c]}
                  - {name: b, handler: h, depends_on: [a]}
                  - {name: c, handler: h, depends_on: [b]}
                """)).containsExactly(
                "order.yaml: steps[1].depends_on: cycle: a -> c -> b -> a (each step depends on the next)");
    }

    @Test
    void reportsEachCycleOnce() {
        assertThat(stepErrors("""
                  - {name: a, handler: h, depends_on: [b]}
                  - {name: b, handler: h, depends_on: [a]}
                  - {name: c, handler: h, depends_on: [d]}
                  - {name: d, handler: h, depends_on: [c]}
                """)).containsExactly(
                "order.yaml: steps[0].depends_on: cycle: a -> b -> a (each step depends on the next)",
                "order.yaml: steps[2].depends_on: cycle: c -> d -> c (each step depends on the next)");
    }

    @Test
    void rejectsOutOfRangeRetryAndTimeoutValues() {
        assertThat(stepErrors("""
                  - name: a
                    handler: h
                    timeout_seconds: 0
                    retry: { max_attempts: 0, backoff_base_ms: -1, jitter: 1.5 }
                  - name: b
                    handler: h
                    timeout_seconds: -5
                    retry: { backoff_base_ms: 500, max_backoff_ms: 100 }
                """)).containsExactlyInAnyOrder(
                "order.yaml: steps[0].retry.max_attempts: must be an integer from 1 to 100, was 0",
                "order.yaml: steps[0].retry.backoff_base_ms: must be an integer from 0 to 86400000 (1 day), was -1",
                "order.yaml: steps[0].retry.jitter: must be a number from 0 to 1, was 1.5",
                "order.yaml: steps[0].timeout_seconds: must be an integer from 1 to 604800 (7 days), was 0",
                "order.yaml: steps[1].retry.max_backoff_ms: must be >= backoff_base_ms (500), was 100",
                "order.yaml: steps[1].timeout_seconds: must be an integer from 1 to 604800 (7 days), was -5");
    }

    @Test
    void rejectsWrongTypes() {
        assertThat(stepErrors("""
                  - name: a
                    handler: h
                    timeout_seconds: '30'
                    depends_on: b
                    retry: { retryable: 'yes', max_attempts: 2.5 }
                """)).containsExactlyInAnyOrder(
                "order.yaml: steps[0].timeout_seconds: must be an integer from 1 to 604800 (7 days), was string '30'",
                "order.yaml: steps[0].depends_on: must be a list of step names, was string 'b'",
                "order.yaml: steps[0].retry.retryable: must be true or false, was string 'yes'",
                "order.yaml: steps[0].retry.max_attempts: must be an integer from 1 to 100, was 2.5");
    }

    @Test
    void rejectsBadEnumValuesListingAllowedOnes() {
        assertThat(stepErrors("""
                  - name: a
                    handler: h
                    retry: { backoff: quadratic }
                    publishes_events:
                      - { name: order.created, schema: {}, condition: sometimes, delivery: maybe }
                """)).containsExactlyInAnyOrder(
                "order.yaml: steps[0].retry.backoff: bad value 'quadratic' (allowed: none, linear, exponential)",
                "order.yaml: steps[0].publishes_events[0].condition: bad value 'sometimes' (allowed: success, failure,"
                        + " always)",
                "order.yaml: steps[0].publishes_events[0].delivery: bad value 'maybe' (allowed: durable,"
                        + " fire_and_forget)");
    }

    @Test
    void acceptsAllEventConditionsAndDeliveries() {
        TaskTemplate t = new TemplateLoader(null).parse(HEADER + """
                steps:
                  - name: a
                    handler: h
                    publishes_events:
                      - { name: order.failed, schema: {}, condition: failure, delivery: fire_and_forget }
                      - { name: order.done, schema: {}, condition: always }
                """, "order.yaml");
        List<EventDeclaration> events = t.steps().get(0).publishesEvents();
        assertThat(events.get(0).condition()).isEqualTo(EventDeclaration.Condition.FAILURE);
        assertThat(events.get(0).delivery()).isEqualTo(EventDeclaration.Delivery.FIRE_AND_FORGET);
        assertThat(events.get(1).condition()).isEqualTo(EventDeclaration.Condition.ALWAYS);
        assertThat(events.get(1).delivery()).isEqualTo(EventDeclaration.Delivery.DURABLE);
    }

    @Test
    void rejectsDuplicateEventNamesWithinAStep() {
        assertThat(stepErrors("""
                  - name: a
                    handler: h
                    publishes_events: [ {name: order.done, schema: {}}, {name: order.done, schema: {}} ]
                  - name: b
                    handler: h
                    publishes_events: [ {name: order.done, schema: {}} ]
                """)).containsExactly("order.yaml: steps[0].publishes_events[1].name: duplicate event name"
                + " 'order.done' in step 'a' (first declared at steps[0].publishes_events[0])");
    }

    @Test
    void rejectsInputSchemaThatIsNotASchemaObject() {
        assertThat(errorsOf(HEADER + "input_schema: [1, 2]\nsteps: [{name: a, handler: h}]\n"))
                .containsExactly("order.yaml: input_schema: must be a JSON schema object, was array");
        assertThat(errorsOf(HEADER + "input_schema: { type: strin }\nsteps: [{name: a, handler: h}]\n"))
                .isNotEmpty()
                .allSatisfy(m -> assertThat(m).startsWith("order.yaml: input_schema: not a valid JSON schema"));
    }

    @Test
    void rejectsEventSchemaThatIsNotAnObject() {
        assertThat(stepErrors("  - {name: a, handler: h, publishes_events: [{name: order.created, schema: 'x'}]}\n"))
                .containsExactly("order.yaml: steps[0].publishes_events[0].schema: must be a JSON schema object, was"
                        + " string");
    }

    @Test
    void collectsAllErrorsNotJustTheFirst() {
        assertThat(stepErrors("""
                  - {name: a, handler: h, depends_on: [zz], timeout_seconds: 0}
                  - {name: a, handler: h}
                """)).hasSize(3);
    }
}
