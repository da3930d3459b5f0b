package io.tasker.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasker.runner.StepOutcome;
import io.tasker.runner.testing.TestStepContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoHandlersTest {

    @Test
    void flakyFailsThenSucceeds() {
        StepOutcome first = TestStepContext.builder().attempt(1).build().run(DemoHandlers.flaky());
        assertThat(first).isInstanceOf(StepOutcome.Failure.class);
        assertThat(((StepOutcome.Failure) first).retryable()).isTrue();
        StepOutcome second = TestStepContext.builder().attempt(2).build().run(DemoHandlers.flaky());
        assertThat(((StepOutcome.Success) second).result().path("attempts").asInt()).isEqualTo(2);
    }

    @Test
    void flakyHonoursFailTimes() {
        var config = Map.of("fail_times", 2);
        assertThat(TestStepContext.builder().attempt(2).config(config).build().run(DemoHandlers.flaky()))
                .isInstanceOf(StepOutcome.Failure.class);
        assertThat(TestStepContext.builder().attempt(3).config(config).build().run(DemoHandlers.flaky()))
                .isInstanceOf(StepOutcome.Success.class);
    }

    @Test
    void alwaysFailAndNoop() {
        StepOutcome.Failure f = (StepOutcome.Failure) TestStepContext.builder().attempt(7).build()
                .run(DemoHandlers.alwaysFail());
        assertThat(f.retryable()).isTrue();
        assertThat(f.message()).isEqualTo("demo.always_fail: configured to fail");
        StepOutcome.Success ok = (StepOutcome.Success) TestStepContext.builder().build().run(DemoHandlers.noop());
        assertThat(ok.result().toString()).isEqualTo("{\"ok\":true}");
    }
}
