package io.tasker.topology.internal;

import io.tasker.avro.AnnouncedState;
import io.tasker.avro.ComponentKind;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static io.tasker.topology.internal.RegistryEntries.runner;
import static io.tasker.topology.internal.RegistryEntries.subscriber;
import static org.assertj.core.api.Assertions.assertThat;

class RegistryViewTest {
    private static final long NOW = 10_000_000_000L;
    private final RegistryView view = new RegistryView(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC), 90_000, 3_600_000);

    @Test
    void subscribersOfAnEventAreTheLiveOnesWithAMatchingExactPrefixOrCatchAllPattern() {
        view.put("subscriber:audit@h:1", subscriber("audit", "audit@h:1", AnnouncedState.RUNNING, NOW, "*"));
        view.put("subscriber:orders@h:2", subscriber("orders", "orders@h:2", AnnouncedState.RUNNING, NOW, "order.*", "task.completed"));
        view.put("subscriber:alerts@h:3", subscriber("alerts", "alerts@h:3", AnnouncedState.RUNNING, NOW, "task.failed", "step.failed"));

        assertThat(view.subscribersOf("order.created")).containsExactly("audit", "orders");
        assertThat(view.subscribersOf("order.line.added")).as("a prefix matches at any depth").containsExactly("audit", "orders");
        assertThat(view.subscribersOf("task.completed")).containsExactly("audit", "orders");
        assertThat(view.subscribersOf("task.failed")).containsExactly("alerts", "audit");
        assertThat(view.subscribersOf("orders.created")).as("order.* is not a string prefix").containsExactly("audit");
        assertThat(view.subscribersOf("order")).as("order.* needs the dot").containsExactly("audit");
    }

    @Test
    void stoppedAndStaleSubscribersAndRunnersSubscribeToNothing() {
        view.put("subscriber:a@h:1", subscriber("gone", "a@h:1", AnnouncedState.STOPPED, NOW, "*"));
        view.put("subscriber:b@h:2", subscriber("silent", "b@h:2", AnnouncedState.RUNNING, NOW - 90_001, "*"));
        view.put("runner:r1", runner("r1", AnnouncedState.RUNNING, NOW, "h.charge"));

        assertThat(view.subscribersOf("order.created")).isEmpty();
    }

    @Test
    void aSubscriberRunningSeveralInstancesIsNamedOnce() {
        view.put("subscriber:audit@h:1", subscriber("audit", "audit@h:1", AnnouncedState.RUNNING, NOW, "*"));
        view.put("subscriber:audit@h:2", subscriber("audit", "audit@h:2", AnnouncedState.RUNNING, NOW, "*"));

        assertThat(view.subscribersOf("order.created")).containsExactly("audit");
    }

    @Test
    void listsOneKindSortedByNameWithStatusAndForgetsEntriesNotSeenForTheForgetTime() {
        view.put("runner:b", runner("b", AnnouncedState.RUNNING, NOW));
        view.put("runner:a", runner("a", AnnouncedState.STOPPED, NOW - 1_000));
        view.put("runner:c", runner("c", AnnouncedState.RUNNING, NOW - 100_000));
        view.put("runner:old", runner("old", AnnouncedState.STOPPED, NOW - 3_600_001));
        view.put("subscriber:s@h:1", subscriber("s", "s@h:1", AnnouncedState.RUNNING, NOW, "*"));

        assertThat(view.list(ComponentKind.RUNNER)).extracting(l -> l.entry().id() + "=" + l.status().wireName())
                .containsExactly("a=stopped", "b=live", "c=stale");
    }

    @Test
    void aTombstoneRemovesTheEntry() {
        view.put("runner:a", runner("a", AnnouncedState.RUNNING, NOW));
        view.remove("runner:a");

        assertThat(view.list(ComponentKind.RUNNER)).isEmpty();
    }
}
