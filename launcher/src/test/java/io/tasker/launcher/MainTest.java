package io.tasker.launcher;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {
    @Test
    void aRefusedStartUpIsOneLineWithTheCausesThatAddSomething() {
        Exception e = new IllegalStateException("could not register templates",
                new RuntimeException("template a/b/1.0.0 is already registered with a different definition"));
        assertThat(Main.describe(e)).isEqualTo("could not register templates: template a/b/1.0.0 is already registered with a different definition");
        assertThat(Main.describe(new IllegalStateException("x", new RuntimeException("x")))).isEqualTo("x");
        assertThat(Main.describe(new NullPointerException())).isEqualTo("java.lang.NullPointerException");
    }
}
