package io.tasker.schemas;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class EventNamePatternTest {
    @ParameterizedTest
    @CsvSource({
            "*, order.created, true",
            "*, task.failed, true",
            "order.*, order.created, true",
            "order.*, order.line.added, true",
            "order.*, order, false",
            "order.*, orders.created, false",
            "order.created, order.created, true",
            "order.created, order.created.v2, false",
            "' order.created ', order.created, true",
            "task.*, task.completed, true",
            "task.*, step.failed, false"})
    void matchesExactNamesPrefixesAtAnyDepthAndEverything(String pattern, String name, boolean matches) {
        assertThat(EventNamePattern.matches(pattern, name)).isEqualTo(matches);
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "order.*", "order.created", "order_line-x.added"})
    void wellFormedPatterns(String pattern) {
        assertThat(EventNamePattern.isValid(pattern)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".*", "order.", "order..created", "or der", "order*", "*.created"})
    void malformedPatternsMatchNothingUseful(String pattern) {
        assertThat(EventNamePattern.isValid(pattern)).isFalse();
    }
}
