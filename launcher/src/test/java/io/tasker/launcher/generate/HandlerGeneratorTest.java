package io.tasker.launcher.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandlerGeneratorTest {
    @TempDir
    Path dir;

    static List<GeneratedFile> generate(String name, String namespace) {
        return HandlerGenerator.generate(new HandlerGenerator.Request(name, namespace, "com.acme.billing"));
    }

    @Test
    void namesTheHandlerNamespaceDotStepAndTheClassAfterTheStep() {
        List<GeneratedFile> files = generate("charge_card", "billing");
        assertThat(files).extracting(f -> f.path().toString()).containsExactly(
                "src/main/java/com/acme/billing/ChargeCardHandler.java",
                "src/test/java/com/acme/billing/ChargeCardHandlerTest.java");
        assertThat(files.get(0).content()).contains("public final class ChargeCardHandler implements StepHandler {",
                "public static final String NAME = \"billing.charge_card\";",
                "public StepOutcome handle(StepContext ctx) throws Exception {",
                "throw new PermanentStepException(\"charge_card needs a task context\");",
                "return StepOutcome.success(Map.of(\"task_id\", ctx.taskId()));");
        assertThat(files.get(1).content()).contains("TestStepContext.builder().taskId(\"task-1\")"
                        + ".namespace(\"billing\").stepName(\"charge_card\")",
                "assertInstanceOf(StepOutcome.Success.class, ctx.run(handler));",
                "assertFalse(failure.retryable(), \"a retry cannot fix a missing context\");");
    }

    @Test
    void acceptsTheNamespaceInTheNameAndAClassStyleName() {
        assertThat(HandlerGenerator.handlerName(new HandlerGenerator.Request("billing.charge_card", null, "p")))
                .isEqualTo("billing.charge_card");
        assertThat(HandlerGenerator.handlerName(new HandlerGenerator.Request("ChargeCardHandler", null, "p")))
                .isEqualTo("charge_card");
        assertThat(generate("ChargeCardHandler", null).get(0).path().getFileName().toString())
                .isEqualTo("ChargeCardHandler.java");
    }

    @Test
    void generatedSourcesCompileAgainstTheStepRunner() throws Exception {
        JavaSources.assertCompile(dir, generate("charge-card", "billing"));
    }

    @Test
    void refusesABadNamespaceOrAClassNameTheGeneratedCodeUses() {
        assertThatThrownBy(() -> generate("charge", "bill ing")).isInstanceOf(GeneratorException.class)
                .hasMessageContaining("namespace 'bill ing'");
        assertThatThrownBy(() -> generate("step", null)).hasMessageContaining("would make class StepHandler");
    }
}
