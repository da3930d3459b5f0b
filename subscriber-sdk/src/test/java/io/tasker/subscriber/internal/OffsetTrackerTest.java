package io.tasker.subscriber.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
    final TopicPartition tp = new TopicPartition("t", 0);
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
}
