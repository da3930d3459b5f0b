package io.tasker.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentOverrideTest {

    @Test
    void testEnvironmentChangesOnlyWhatItNames() {
        TaskTemplate base = new TemplateLoader(null).loadResource("templates/order.yaml");
        TaskTemplate test = new TemplateLoader("test").loadResource("templates/order.yaml");

        StepDefinition cart = test.step("fetch_cart").orElseThrow();
        assertThat(cart.retry()).isEqualTo(new RetryPolicy(1, true, Backoff.EXPONENTIAL, 200, 5000, 0.1));
        assertThat(cart.handler()).isEqualTo(new HandlerSpec("ecommerce.fetch_cart", Map.of("source", "fixture")));
        assertThat(cart.timeoutSeconds()).isEqualTo(30);
        assertThat(cart.description()).isEqualTo("Load the cart");

        // everything else is identical to the base template
        StepDefinition baseCart = base.step("fetch_cart").orElseThrow();
        assertThat(test).isNotEqualTo(base);
        assertThat(test.steps().subList(1, 5)).isEqualTo(base.steps().subList(1, 5));
        assertThat(new StepDefinition(cart.name(), cart.description(), baseCart.handler(), cart.dependsOn(),
                baseCart.retry(), cart.timeoutSeconds(), cart.publishesEvents())).isEqualTo(baseCart);
        assertThat(test.inputSchema()).isEqualTo(base.inputSchema());
    }

    @Test
    void noEnvironmentOrAnEnvironmentWithoutSectionMeansBase() {
        TaskTemplate base = new TemplateLoader(null).loadResource("templates/order.yaml");
        assertThat(base.step("fetch_cart").orElseThrow().handler().config()).containsEntry("source", "memory");
        assertThat(new TemplateLoader("prod").loadResource("templates/order.yaml")).isEqualTo(base);
    }

    @Test
    void overridesTopLevelKeysAndMergesIntoShorthandHandlers() {
        String yaml = """
                name: n
                namespace: ns
                version: '1'
                description: base
                input_schema: { type: object, required: [a] }
                steps:
                  - name: s
                    handler: ns.s
                environments:
                  dev:
                    description: dev copy
                    input_schema: { required: [] }
                    lifecycle: { max_duration_seconds: 60 }
                    steps:
                      - name: s
                        handler: { config: { mode: fake } }
                """;
        TaskTemplate dev = new TemplateLoader("dev").parse(yaml, "n.yaml");
        assertThat(dev.description()).isEqualTo("dev copy");
        assertThat(dev.inputSchema().get("type").asText()).isEqualTo("object");
        assertThat(dev.inputSchema().get("required")).isEmpty();
        assertThat(dev.lifecycle().maxDurationSeconds()).isEqualTo(60L);
        assertThat(dev.steps().get(0).handler()).isEqualTo(new HandlerSpec("ns.s", Map.of("mode", "fake")));
    }

    @Test
    void rejectsAnOverrideNamingAnUnknownStep() {
        List<String> errors = errorsOf("""
                name: n
                namespace: ns
                version: '1'
                steps: [ {name: fetch_cart, handler: h}, {name: pay, handler: h} ]
                environments:
                  test:
                    steps:
                      - name: fetch_kart
                        retry: { max_attempts: 1 }
                """, "test");
        assertThat(errors).containsExactly("n.yaml: environments.test.steps[0].name: unknown step 'fetch_kart', did you mean fetch_cart?"
                + " (known: fetch_cart, pay)");
    }

    @Test
    void validatesEnvironmentsThatAreNotSelected() {
        List<String> errors = errorsOf("""
                name: n
                namespace: ns
                version: '1'
                steps: [ {name: a, handler: h} ]
                environments:
                  prod:
                    version: '2'
                    steps:
                      - name: a
                        retry: { max_atempts: 1 }
                """, null);
        assertThat(errors).containsExactly(
                "n.yaml: environments.prod.version: cannot be overridden per environment (it is part of the"
                        + " template key)",
                "n.yaml (environment prod): steps[0].retry.max_atempts: unknown key, did you mean max_attempts? (allowed: max_attempts, retryable,"
                        + " backoff, backoff_base_ms, max_backoff_ms, jitter)");
    }

    private static List<String> errorsOf(String yaml, String env) {
        TemplateValidationException e = catchThrowableOfType(TemplateValidationException.class,
                () -> new TemplateLoader(env).parse(yaml, "n.yaml"));
        assertThat(e).isNotNull();
        return e.errors();
    }
}
