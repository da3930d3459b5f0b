package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasker.runner.StepOutcome;
import io.tasker.runner.testing.TestStepContext;
import io.tasker.templates.TaskTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Loading what {@code tasker bench --template-file} runs: the bench/ templates, no-op handlers and default contexts. */
class BenchWorkloadTest {
    private static final Path BENCH_TEMPLATES = Path.of("..", "bench", "templates");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theStandardShapesLoadWithTheirStepCountsAndRunWithNoOpHandlers() {
        assertThat(shape("linear4").stepsPerTask()).isEqualTo(4);
        assertThat(shape("diamond4").template().step("d").orElseThrow().dependsOn()).containsExactly("b", "c");
        BenchWorkload fanout = shape("fanout50");
        assertThat(fanout.stepsPerTask()).isEqualTo(52);
        assertThat(fanout.template().step("join").orElseThrow().dependsOn()).hasSize(50);
        BenchWorkload chain = shape("chain30");
        assertThat(chain.stepsPerTask()).isEqualTo(30);
        assertThat(chain.template().dag().toString()).isNotEmpty();
        assertThat(chain.template().step("s30").orElseThrow().dependsOn()).containsExactly("s29");
        assertThat(chain.handlers().names()).containsExactly("bench.noop");
        assertThat(chain.contexts().apply(7)).isEqualTo("{}");
    }

    @Test
    void aNoOpHandlerReturnsAnEmptySuccessResult() throws Exception {
        BenchWorkload w = shape("linear4");
        StepOutcome outcome = TestStepContext.builder().template(w.template(), "b").build()
                .run(w.handlers().find("bench.noop").orElseThrow());
        assertThat(outcome).isInstanceOf(StepOutcome.Success.class);
        assertThat(((StepOutcome.Success) outcome).result()).isEqualTo(JSON.createObjectNode());
    }

    @Test
    void withoutNoOpHandlersAHandlerTheExamplesLackIsNamedWithTheWayOut() {
        assertThatThrownBy(() -> BenchWorkload.fromFile(BENCH_TEMPLATES.resolve("linear4.yaml"), false, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("handler 'bench.noop' is not registered")
                .hasMessageContaining("steps[0] (a)")
                .hasMessageContaining("--noop-handlers");
    }

    @Test
    void aTemplateUsingTheExamplesHandlersRunsThemWithoutNoOp() throws Exception {
        Path file = write("uses_examples.yaml", """
                name: uses_examples
                namespace: bench
                version: 1.0.0
                steps:
                  - {name: only, handler: {name: demo.noop}}
                """);
        BenchWorkload w = BenchWorkload.fromFile(file, false, null);
        assertThat(w.noop()).isFalse();
        assertThat(w.handlers().names()).contains("demo.noop", "ecommerce.fetch_cart");
    }

    @Test
    void aNoOpStepWhoseSuccessEventNeedsFieldsReturnsTheEventsExampleSoTheContractHolds() {
        BenchWorkload demo = BenchWorkload.demo("order_fulfillment", true, null);
        assertThat(demo.templates()).containsExactly(demo.template());
        JsonNode created = NoopHandlers.results(demo.template()).get("create_order");
        assertThat(created.path("order_id").asText()).isNotEmpty();
        assertThat(NoopHandlers.results(demo.template())).doesNotContainKey("fetch_cart");
    }

    @Test
    void theDefaultContextIsTheSmallestOneTheInputSchemaAccepts() throws Exception {
        TaskTemplate order = BenchWorkload.demo("order_fulfillment", false, null).template();
        JsonNode ctx = DefaultContext.forTemplate(order);
        assertThat(ctx.path("customer_id").asText()).isEqualTo("x");
        assertThat(ctx.path("items")).hasSize(1);
        assertThat(ctx.path("items").get(0).path("quantity").asInt()).isEqualTo(1);
        assertThat(DefaultContext.forTemplate(shape("linear4").template())).isEqualTo(JSON.createObjectNode());
    }

    @Test
    void aSchemaNoSimpleContextSatisfiesAsksForAContextFile() throws Exception {
        Path file = write("picky.yaml", """
                name: picky
                namespace: bench
                version: 1.0.0
                input_schema:
                  type: object
                  required: [code]
                  properties:
                    code: {type: string, pattern: "^[0-9]{6}$"}
                steps:
                  - {name: only, handler: {name: x.y}}
                """);
        assertThatThrownBy(() -> BenchWorkload.fromFile(file, true, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bench/picky/1.0.0").hasMessageContaining("--context-file");
        Path good = write("good.json", "{\"code\": \"123456\"}");
        assertThat(BenchWorkload.fromFile(file, true, good).contexts().apply(0)).isEqualTo("{\"code\":\"123456\"}");
        Path bad = write("bad.json", "{\"code\": \"12\"}");
        assertThatThrownBy(() -> BenchWorkload.fromFile(file, true, bad)).hasMessageContaining("--context-file")
                .hasMessageContaining("refuses it");
    }

    @Test
    void anInvalidTemplateFileIsRefusedWithTheLoadersErrors() throws Exception {
        Path file = write("broken.yaml", "name: broken\nnamespace: bench\nversion: 1.0.0\nsteps: []\n");
        assertThatThrownBy(() -> BenchWorkload.fromFile(file, true, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--template-file: ").hasMessageContaining("broken.yaml");
        assertThatThrownBy(() -> BenchWorkload.demo("nope", false, null)).hasMessageContaining("no demo template 'nope'")
                .hasMessageContaining("order_fulfillment");
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private static BenchWorkload shape(String name) {
        return BenchWorkload.fromFile(BENCH_TEMPLATES.resolve(name + ".yaml"), true, null);
    }
}
