package io.tasker.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HandlerRegistryTest {

    @Test
    void registersAndFinds() {
        StepHandler h = ctx -> StepOutcome.success(null);
        HandlerRegistry r = new HandlerRegistry().register("b", h).register("a", ctx -> StepOutcome.success(1));
        assertThat(r.find("b")).containsSame(h);
        assertThat(r.find("c")).isEmpty();
        assertThat(r.find(null)).isEmpty();
        assertThat(r.names()).containsExactly("a", "b");
    }

    @Test
    void duplicateNameIsRejected() {
        HandlerRegistry r = new HandlerRegistry().register("a", ctx -> StepOutcome.success(1));
        assertThatThrownBy(() -> r.register("a", ctx -> StepOutcome.success(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a' is already registered");
    }
}
