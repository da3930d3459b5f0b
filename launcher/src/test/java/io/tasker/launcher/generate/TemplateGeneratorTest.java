package io.tasker.launcher.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tasker.templates.EventDeclaration;
import io.tasker.templates.StepDefinition;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateGeneratorTest {
    static TemplateGenerator.Result generate(String name, String namespace, List<String> steps) {
        return TemplateGenerator.generate(new TemplateGenerator.Request(name, namespace, null, steps));
    }

    @Test
    void chainsTheStepsWithRetriesTimeoutsAndOneEventWithAnExampleOnTheLast() {
        TemplateGenerator.Result r = generate("order_fulfillment", "ecommerce", List.of("fetch", "charge", "ship"));
        assertThat(r.file().path().toString()).isEqualTo("order_fulfillment.yaml");
        TaskTemplate t = new TemplateLoader(null).parse(r.file().content(), "order_fulfillment.yaml");
        assertThat(t.key()).isEqualTo("ecommerce/order_fulfillment/1.0.0");
        assertThat(t.steps()).extracting(StepDefinition::name).containsExactly("fetch", "charge", "ship");
        assertThat(t.steps()).extracting(StepDefinition::dependsOn).containsExactly(List.of(), List.of("fetch"),
                List.of("charge"));
        assertThat(t.steps()).allSatisfy(s -> {
            assertThat(s.handler().name()).isEqualTo("ecommerce." + s.name());
            assertThat(s.retry().maxAttempts()).isEqualTo(3);
            assertThat(s.timeoutSeconds()).isEqualTo(30);
        });
        EventDeclaration e = t.steps().get(2).publishesEvents().get(0);
        assertThat(e.name()).isEqualTo("order_fulfillment.completed");
        assertThat(e.examples()).hasSize(1);
        assertThat(t.steps().get(0).publishesEvents()).isEmpty();
    }

    @Test
    void defaultsTheNamespaceAndNeverDeclaresAReservedEventName() {
        assertThat(generate("nightly", null, List.of("a")).template().namespace()).isEqualTo("default");
        assertThat(TemplateGenerator.eventName("Task")).isEqualTo("task_flow.completed");
        assertThat(TemplateGenerator.eventName("invoice-run")).isEqualTo("invoice_run.completed");
    }

    @Test
    void refusesStepNamesTheLoaderWouldRefuse() {
        assertThatThrownBy(() -> generate("t", null, List.of("a b"))).isInstanceOf(GeneratorException.class)
                .hasMessageContaining("step name 'a b'");
        assertThatThrownBy(() -> generate("t", null, List.of())).hasMessageContaining("--steps");
    }
}
