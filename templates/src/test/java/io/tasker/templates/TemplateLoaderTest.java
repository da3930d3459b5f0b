package io.tasker.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateLoaderTest {

    private final TemplateLoader loader = new TemplateLoader(null);

    @Test
    void parsesTheExampleWithAllFields() throws Exception {
        TaskTemplate t = loader.loadResource("templates/order.yaml");

        assertThat(t.key()).isEqualTo("ecommerce/order_fulfillment/1.0.0");
        assertThat(t.description()).isEqualTo("Process a customer order");
        assertThat(t.inputSchema()).isEqualTo(new ObjectMapper().readTree(
                "{\"type\":\"object\",\"required\":[\"customer_id\",\"cart_id\"],\"properties\":"
                        + "{\"customer_id\":{\"type\":\"string\"},\"cart_id\":{\"type\":\"string\"}}}"));
        assertThat(t.lifecycle().maxDurationSeconds()).isEqualTo(3600L);
        assertThat(t.steps()).extracting(StepDefinition::name).containsExactly(
                "fetch_cart", "fetch_products", "validate_products", "create_order", "publish_event");

        StepDefinition fetchCart = t.step("fetch_cart").orElseThrow();
        assertThat(fetchCart.description()).isEqualTo("Load the cart");
        assertThat(fetchCart.handler()).isEqualTo(new HandlerSpec("ecommerce.fetch_cart", Map.of("source", "memory")));
        assertThat(fetchCart.retry()).isEqualTo(new RetryPolicy(3, true, Backoff.EXPONENTIAL, 200, 5000, 0.1));
        assertThat(fetchCart.timeoutSeconds()).isEqualTo(30);
        assertThat(fetchCart.dependsOn()).isEmpty();

        assertThat(t.step("validate_products").orElseThrow().dependsOn())
                .containsExactly("fetch_cart", "fetch_products");

        EventDeclaration created = t.step("create_order").orElseThrow().publishesEvents().get(0);
        assertThat(created.name()).isEqualTo("order.created");
        assertThat(created.description()).isEqualTo("An order was created");
        assertThat(created.condition()).isEqualTo(EventDeclaration.Condition.SUCCESS);
        assertThat(created.delivery()).isEqualTo(EventDeclaration.Delivery.DURABLE);
        assertThat(created.schema().get("required").get(0).asText()).isEqualTo("order_id");
        assertThat(t.step("nope")).isEmpty();
    }

    @Test
    void appliesDefaultsToStepsThatDeclareLittle() {
        StepDefinition fetchProducts = loader.loadResource("templates/order.yaml").step("fetch_products").orElseThrow();

        assertThat(fetchProducts.description()).isNull();
        assertThat(fetchProducts.handler().config()).isEmpty();
        assertThat(fetchProducts.retry()).isEqualTo(RetryPolicy.defaults());
        assertThat(fetchProducts.timeoutSeconds()).isNull();
        assertThat(fetchProducts.dependsOn()).isEmpty();
        assertThat(fetchProducts.publishesEvents()).isEmpty();
    }

    @Test
    void acceptsPlainStringHandlerShorthandAndPartialRetry() {
        TaskTemplate t = loader.parse("""
                name: n
                namespace: ns
                version: '2'
                steps:
                  - name: a
                    handler: ns.a
                    retry: { backoff: linear, jitter: 0 }
                """, "short.yaml");

        StepDefinition a = t.steps().get(0);
        assertThat(a.handler()).isEqualTo(new HandlerSpec("ns.a", Map.of()));
        assertThat(a.retry()).isEqualTo(new RetryPolicy(3, true, Backoff.LINEAR, 1000, 30000, 0.0));
        assertThat(t.lifecycle()).isEqualTo(Lifecycle.defaults());
        assertThat(t.inputSchema()).isNull();
    }

    @Test
    void keepsANumericVersionAsWritten() {
        TaskTemplate t = loader.parse("name: n\nnamespace: ns\nversion: 1.10\nsteps: [{name: a, handler: h}]\n", "v.yaml");
        assertThat(t.version()).isEqualTo("1.10");
    }

    @Test
    void handlerConfigIsDeeplyUnmodifiable() {
        TaskTemplate t = loader.parse("""
                name: n
                namespace: ns
                version: '1'
                steps:
                  - name: a
                    handler: { name: h, config: { nested: { list: [1, 2] }, n: ~ } }
                """, "cfg.yaml");
        Map<String, Object> config = t.steps().get(0).handler().config();
        assertThat(config).containsEntry("n", null);
        @SuppressWarnings("unchecked")
        Map<String, Object> nested = (Map<String, Object>) config.get("nested");
        assertThat(nested.get("list")).isEqualTo(List.of(1, 2));
        assertThatThrownBy(() -> nested.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void reportsMalformedYamlWithSourceAndLine() {
        assertThatThrownBy(() -> loader.parse("name: n\nsteps: [\n  - {name: a\n", "broken.yaml"))
                .isInstanceOf(TemplateValidationException.class)
                .satisfies(e -> {
                    List<String> errors = ((TemplateValidationException) e).errors();
                    assertThat(errors).hasSize(1);
                    assertThat(errors.get(0)).startsWith("broken.yaml: line ").contains("malformed YAML");
                });
    }

    @Test
    void rejectsDuplicateYamlKeys() {
        assertThatThrownBy(() -> loader.parse("name: a\nname: b\n", "dup.yaml"))
                .isInstanceOf(TemplateValidationException.class)
                .hasMessageStartingWith("dup.yaml: ")
                .hasMessageContaining("name");
    }

    @Test
    void rejectsAnEmptyOrNonMappingDocument() {
        assertThatThrownBy(() -> loader.parse("", "empty.yaml")).hasMessageStartingWith("empty.yaml: empty document");
        assertThatThrownBy(() -> loader.parse("- a\n- b\n", "list.yaml"))
                .hasMessageStartingWith("list.yaml: the document must be a mapping");
    }

    @Test
    void reportsAMissingResourceOrFile(@TempDir Path dir) {
        assertThatThrownBy(() -> loader.loadResource("templates/missing.yaml"))
                .isInstanceOf(TemplateValidationException.class)
                .hasMessage("classpath:templates/missing.yaml: resource not found");
        Path missing = dir.resolve("missing.yaml");
        assertThatThrownBy(() -> loader.load(missing))
                .isInstanceOf(TemplateValidationException.class)
                .hasMessageStartingWith(missing + ": cannot read");
    }

    @Test
    void loadsADirectoryOfYamlAndYmlFiles(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "name: a\nnamespace: ns\nversion: '1'\nsteps: [{name: s, handler: h}]\n");
        Files.writeString(dir.resolve("b.yml"), "name: b\nnamespace: ns\nversion: '1'\nsteps: [{name: s, handler: h}]\n");
        Files.writeString(dir.resolve("notes.txt"), "not a template");

        assertThat(loader.loadDirectory(dir)).extracting(TaskTemplate::key).containsExactly("ns/a/1", "ns/b/1");
    }

    @Test
    void collectsTheErrorsOfEveryFileInADirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("one.yaml"), "name: a\nnamespace: ns\nsteps: [{name: s, handler: h}]\n");
        Files.writeString(dir.resolve("two.yaml"), "name: b\nnamespace: ns\nversion: '1'\nsteps: []\n");
        Files.writeString(dir.resolve("three.yaml"), "name: b\nnamespace: ns\nversion: '1'\nsteps: [{name: s, handler: h}]\n");
        Files.writeString(dir.resolve("four.yaml"), "name: b\nnamespace: ns\nversion: '1'\nsteps: [{name: s, handler: h}]\n");

        assertThatThrownBy(() -> loader.loadDirectory(dir))
                .isInstanceOf(TemplateValidationException.class)
                .satisfies(e -> assertThat(((TemplateValidationException) e).errors()).containsExactlyInAnyOrder(
                        dir.resolve("one.yaml") + ": version: is required",
                        dir.resolve("two.yaml") + ": steps: must not be empty",
                        dir.resolve("three.yaml") + ": template ns/b/1 is also defined in " + dir.resolve("four.yaml")));
    }
}
