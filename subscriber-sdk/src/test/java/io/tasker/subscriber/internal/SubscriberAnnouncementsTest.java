package io.tasker.subscriber.internal;

import io.tasker.avro.AnnouncedState;
import io.tasker.avro.Announcement;
import io.tasker.avro.ComponentKind;
import io.tasker.schemas.ComponentIds;
import io.tasker.subscriber.SubscriberConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriberAnnouncementsTest {
    private final SubscriberConfig config = SubscriberConfig.fromMap(Map.of(
            SubscriberConfig.SUBSCRIBER_NAME, "orders", SubscriberConfig.BOOTSTRAP_SERVERS, "b:9092",
            SubscriberConfig.SCHEMA_REGISTRY_URL, "http://r", SubscriberConfig.NAMESPACES, "shop,billing",
            SubscriberConfig.CONCURRENCY, "4", SubscriberConfig.ANNOUNCE_INTERVAL_MS, "2000"));
    private final List<HandlerBinding> bindings = List.of(
            new HandlerBinding("handleOrderAny", EventPattern.parse("order.*"), e -> { }, null, null),
            new HandlerBinding("handleTaskCompleted", EventPattern.parse("task.completed"), e -> { }, null, null),
            new HandlerBinding("audit", EventPattern.parse("order.*"), e -> { }, null, null));

    @Test
    void aRunningSubscriberAnnouncesItsEventPatternsHandlersAndTopics() {
        Announcement a = SubscriberAnnouncements.build("orders@h:1", config, bindings, Instant.ofEpochMilli(1_000),
                new SubscriberAnnouncements.Snapshot(null, 5, Instant.ofEpochMilli(7_000), false));

        assertThat(a.getKind()).isEqualTo(ComponentKind.SUBSCRIBER);
        assertThat(a.getId()).isEqualTo("orders@h:1");
        assertThat(a.getName()).isEqualTo("orders");
        assertThat(a.getState()).isEqualTo(AnnouncedState.RUNNING);
        assertThat(a.getEvents()).as("each pattern once, in subscription order").containsExactly("order.*", "task.completed");
        assertThat(a.getHandlers()).containsExactly("audit", "handleOrderAny", "handleTaskCompleted");
        assertThat(a.getNamespaces()).containsExactly("billing", "shop");
        assertThat(a.getGroupId()).isEqualTo("orders");
        assertThat(a.getThreads()).isEqualTo(4);
        assertThat(a.getInFlight()).isEqualTo(5);
        assertThat(a.getHealthy()).isTrue();
        assertThat(a.getIntervalMs()).isEqualTo(2_000);
        assertThat(a.getAnnouncedAt()).isEqualTo(Instant.ofEpochMilli(7_000));
        assertThat(a.getAttributes()).containsEntry("dlq_topic", "tasker.dlq.orders")
                .containsEntry("replay_topic", "tasker.dlq.orders.replay");
    }

    @Test
    void theFinalAnnouncementSaysStoppedAndAnUnhealthyOneSaysWhy() {
        Announcement a = SubscriberAnnouncements.build("orders@h:1", config, bindings, Instant.ofEpochMilli(1_000),
                new SubscriberAnnouncements.Snapshot("stopped", 0, Instant.ofEpochMilli(7_000), true));

        assertThat(a.getState()).isEqualTo(AnnouncedState.STOPPED);
        assertThat(a.getHealthy()).isFalse();
        assertThat(a.getHealthDetail()).isEqualTo("stopped");
    }

    @Test
    void idIsNameAtHostAndPid() {
        assertThat(SubscriberAnnouncements.baseId("orders")).isEqualTo("orders@" + ComponentIds.host() + ":" + ProcessHandle.current().pid());
    }

    @Test
    void announceIntervalIsValidated() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SubscriberConfig.fromMap(Map.of(
                        SubscriberConfig.SUBSCRIBER_NAME, "orders", SubscriberConfig.BOOTSTRAP_SERVERS, "b:9092",
                        SubscriberConfig.SCHEMA_REGISTRY_URL, "http://r", SubscriberConfig.ANNOUNCE_INTERVAL_MS, "50")))
                .hasMessageContaining("announce.interval.ms = '50' is invalid");
        assertThat(SubscriberConfig.fromMap(Map.of(SubscriberConfig.SUBSCRIBER_NAME, "o", SubscriberConfig.BOOTSTRAP_SERVERS, "b",
                SubscriberConfig.SCHEMA_REGISTRY_URL, "http://r")).announceInterval().toMillis()).isEqualTo(30_000);
    }
}
