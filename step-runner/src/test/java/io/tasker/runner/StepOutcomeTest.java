package io.tasker.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tasker.runner.testing.TestStepContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepOutcomeTest {

    record Line(String sku, int quantity) {
    }

    @Test
    void successConvertsPojosAndMaps() {
        StepOutcome.Success s = (StepOutcome.Success) StepOutcome.success(Map.of("lines", List.of(new Line("A", 2))));
        assertThat(s.result().path("lines").get(0).path("sku").asText()).isEqualTo("A");
        assertThat(s.result().path("lines").get(0).path("quantity").asInt()).isEqualTo(2);
        assertThat(((StepOutcome.Success) StepOutcome.success(null)).result().isNull()).isTrue();
    }

    @Test
    void failureFactories() {
        assertThat(StepOutcome.retryable("x")).isEqualTo(new StepOutcome.Failure("x", true, null, null, List.of()));
        assertThat(StepOutcome.permanent("x")).isEqualTo(new StepOutcome.Failure("x", false, null, null, List.of()));
        assertThat(((StepOutcome.Failure) StepOutcome.retryAfter("x", Duration.ofSeconds(2))).retryAfter())
                .isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> StepOutcome.retryAfter("x", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void testContextRunsHandlersLikeTheRunner() {
        TestStepContext ctx = TestStepContext.builder().context("{\"a\":1}").dependencyResult("s1", Map.of("v", 2))
                .build();
        StepOutcome out = ctx.run(c -> StepOutcome.success(
                c.context().path("a").asInt() + c.dependencyResult("s1").path("v").asInt()));
        assertThat(((StepOutcome.Success) out).result().asInt()).isEqualTo(3);
        assertThatThrownBy(() -> ctx.dependencyResult("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'nope'").hasMessageContaining("available: s1");
        assertThat(ctx.config().isObject()).isTrue();
        assertThat(ctx.config().size()).isZero();
        assertThat(ctx.deadline()).isEmpty();
    }
}
