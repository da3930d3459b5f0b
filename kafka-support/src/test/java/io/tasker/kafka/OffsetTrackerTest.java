package io.tasker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
    final TopicPartition tp = new TopicPartition("t", 0);
    private final TopicPartition p0 = tp;
    private final TopicPartition p1 = new TopicPartition("t", 1);
    final OffsetTracker t = new OffsetTracker();

    long committable() {
        return t.committable().get(tp).offset();
    }

    @Test
    void commitsOnlyTheContiguousDonePrefix() {
        for (long o = 10; o < 15; o++) {
            t.dispatched(tp, o);
        }
        assertThat(committable()).isEqualTo(10);
        t.completed(tp, 12);
        t.completed(tp, 13);
        assertThat(committable()).isEqualTo(10);
        t.completed(tp, 10);
        assertThat(committable()).isEqualTo(11);
        t.completed(tp, 11);
        t.completed(tp, 14);
        assertThat(committable()).isEqualTo(15);
    }

    @Test
    void doesNotCommitTheSameOffsetTwice() {
        t.dispatched(tp, 0);
        t.completed(tp, 0);
        t.markCommitted(t.committable());
        assertThat(t.committable()).isEmpty();
    }

    @Test
    void movesPastTransactionMarkersOnlyWhenNothingIsPending() {
        t.dispatched(tp, 3);
        t.caughtUpTo(tp, 6);
        assertThat(committable()).isEqualTo(3);
        t.completed(tp, 3);
        t.caughtUpTo(tp, 6);
        assertThat(committable()).isEqualTo(6);
        t.dispatched(tp, 7);
        assertThat(committable()).isEqualTo(7);
    }

    @Test
    void ignoresCompletionsOfRevokedPartitionsAndRejectsOutOfOrderDispatch() {
        t.dispatched(tp, 5);
        assertThatThrownBy(() -> t.dispatched(tp, 5)).isInstanceOf(IllegalArgumentException.class);
        t.remove(List.of(tp));
        assertThat(t.completed(tp, 5)).isFalse();
        assertThat(t.committable()).isEmpty();
    }

    @Test
    void committedOffsetsAreNotOfferedAgainAndPartitionsAreIndependent() {
        OffsetTracker t = new OffsetTracker();
        t.dispatched(p0, 10);
        t.dispatched(p1, 3);
        t.completed(p1, 3);
        Map<TopicPartition, OffsetAndMetadata> c = t.committable();
        assertThat(c).isEqualTo(Map.of(p0, new OffsetAndMetadata(10), p1, new OffsetAndMetadata(4)));
        t.markCommitted(c);
        assertThat(t.committable()).isEmpty();
        t.completed(p0, 10);
        assertThat(t.committable()).isEqualTo(Map.of(p0, new OffsetAndMetadata(11)));
        assertThat(t.committable(List.of(p1))).isEmpty();
    }

    @Test
    void revokedPartitionsIgnoreLateCompletions() throws Exception {
        OffsetTracker t = new OffsetTracker();
        t.dispatched(p0, 0);
        assertThat(t.awaitDrained(List.of(p0), 10)).isFalse();
        t.remove(List.of(p0));
        assertThat(t.completed(p0, 0)).isFalse();
        assertThat(t.committable()).isEmpty();
        assertThat(t.awaitDrained(List.of(p0), 10)).isTrue();
    }
}
