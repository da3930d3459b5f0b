package io.tasker.subscriber.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasker.schemas.TaskerTopics;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TopicSelectionTest {
    final TaskerTopics topics = TaskerTopics.defaults();

    static List<HandlerBinding> handlers(String... patterns) {
        return Stream.of(patterns).map(p -> new HandlerBinding(p, EventPattern.parse(p), e -> { }, null, null))
                .toList();
    }

    @Test
    void patternsMatchExactNamesPrefixesAtAnyDepthAndEverything() {
        assertThat(EventPattern.parse("order.created").matches("order.created")).isTrue();
        assertThat(EventPattern.parse("order.created").matches("order.created.v2")).isFalse();
        assertThat(EventPattern.parse("order.*").matches("order.line.added")).isTrue();
        assertThat(EventPattern.parse("order.*").matches("orders.created")).isFalse();
        assertThat(EventPattern.parse("*").matches("task.completed")).isTrue();
        assertThat(EventPattern.parse("order_line.added-v2").methodName()).isEqualTo("handleOrderLineAddedV2");
        assertThat(EventPattern.parse("*").methodName()).isEqualTo("handleAny");
    }

    @Test
    void readsTheLifecycleTopicOnlyForLifecycleNames() {
        TopicSelection domainOnly = TopicSelection.of(topics, List.of(), handlers("order.created", "payment.*"));
        assertThat(domainOnly.lifecycle()).isFalse();
        assertThat(domainOnly.reads("tasker.lifecycle")).isFalse();
        assertThat(domainOnly.reads("tasker.domain-events.shop")).isTrue();
        assertThat(domainOnly.reads("tasker.step-results")).isFalse();

        TopicSelection lifecycleOnly = TopicSelection.of(topics, List.of(), handlers("task.failed", "step.*"));
        assertThat(lifecycleOnly.domain()).isFalse();
        assertThat(lifecycleOnly.reads("tasker.lifecycle")).isTrue();
        assertThat(lifecycleOnly.reads("tasker.domain-events.shop")).isFalse();

        TopicSelection all = TopicSelection.of(topics, List.of(), handlers("*"));
        assertThat(all.reads("tasker.lifecycle")).isTrue();
        assertThat(all.reads("tasker.domain-events.any")).isTrue();
        assertThat(all.reads("tasker.dlq.audit")).isFalse();
    }

    @Test
    void readsOnlyConfiguredNamespacesWhenGiven() {
        TopicSelection s = TopicSelection.of(topics, List.of("shop", "billing"), handlers("order.*"));
        assertThat(s.reads("tasker.domain-events.shop")).isTrue();
        assertThat(s.reads("tasker.domain-events.billing")).isTrue();
        assertThat(s.reads("tasker.domain-events.shopping")).isFalse();
    }

    @Test
    void alwaysReadsItsOwnReplayTopic() {
        TopicSelection s = TopicSelection.of(topics, List.of(), handlers("task.failed"), "tasker.dlq.alerts.replay");
        assertThat(s.reads("tasker.dlq.alerts.replay")).isTrue();
        assertThat(s.reads("tasker.dlq.alerts")).isFalse();
        assertThat(s.reads("tasker.lifecycle")).isTrue();
    }
}
