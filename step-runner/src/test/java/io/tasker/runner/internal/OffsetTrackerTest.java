package io.tasker.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private final TopicPartition p0 = new TopicPartition("t", 0);
    private final TopicPartition p1 = new TopicPartition("t", 1);

    @Test
    void outOfOrderCompletionsCommitOnlyTheContiguousPrefix() {
        OffsetTracker t = new OffsetTracker();
        for (long o = 0; o < 5; o++) {
            t.dispatched(p0, o);
        }
        assertThat(t.committable()).isEqualTo(Map.of(p0, new OffsetAndMetadata(0)));
        t.completed(p0, 2);
        t.completed(p0, 3);
        assertThat(t.committable()).isEqualTo(Map.of(p0, new OffsetAndMetadata(0)));
        t.completed(p0, 0);
        assertThat(t.committable()).isEqualTo(Map.of(p0, new OffsetAndMetadata(1)));
        t.completed(p0, 1);
        assertThat(t.committable()).isEqualTo(Map.of(p0, new OffsetAndMetadata(4)));
        t.completed(p0, 4);
        assertThat(t.committable()).isEqualTo(Map.of(p0, new OffsetAndMetadata(5)));
        assertThat(t.pending()).isZero();
    }

    @Test
    void gapsInOffsetsFromTransactionMarkersDoNotBlockCommits() {
        OffsetTracker t = new OffsetTracker();
        t.dispatched(p0, 0);
        t.dispatched(p0, 2); // offset 1 is a commit marker, never delivered
        t.completed(p0, 0);
        assertThat(t.committable()).isEqualTo(Map.of(p0, new OffsetAndMetadata(2)));
        t.completed(p0, 2);
        assertThat(t.committable()).isEqualTo(Map.of(p0, new OffsetAndMetadata(3)));
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
