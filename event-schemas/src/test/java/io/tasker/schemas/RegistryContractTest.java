package io.tasker.schemas;

import io.tasker.avro.AnnouncedState;
import io.tasker.avro.Announcement;
import io.tasker.avro.ComponentKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry topic's contract: name, key, topic configs, the Announcement record, component ids and the version. */
class RegistryContractTest {
    private final FakeSchemaRegistry registry = new FakeSchemaRegistry();

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void topicIsNamedWithThePrefixAndKeyedByLowerCaseKindAndId() {
        assertThat(new TaskerTopics("acme.").registry()).isEqualTo("acme.registry");
        assertThat(RegistryTopic.key(ComponentKind.RUNNER, "host-42")).isEqualTo("runner:host-42");
        assertThat(RegistryTopic.key(ComponentKind.SUBSCRIBER, "audit@h:1")).isEqualTo("subscriber:audit@h:1");
    }

    @Test
    void topicIsCompactedAndDropsEntriesOfComponentsGoneForItsRetention() {
        assertThat(RegistryTopic.CONFIGS).containsEntry("cleanup.policy", "compact,delete")
                .containsEntry("retention.ms", "604800000").containsEntry("segment.ms", "3600000");
        assertThat(RegistryTopic.PARTITIONS).isEqualTo(1);
    }

    @Test
    void announcementRoundTripsThroughTheSchemaRegistryWithDefaultsForOptionalFields() {
        TaskerAvroSerde<Announcement> serde = new TaskerAvroSerde<>(Announcement.class, new SchemaRegistryClient(registry.url()), true);
        Announcement a = Announcement.newBuilder().setKind(ComponentKind.SUBSCRIBER).setId("audit@h:1").setName("audit")
                .setState(AnnouncedState.RUNNING).setHost("h").setVersion("0.1.0").setGroupId("audit")
                .setEvents(List.of("order.*", "task.failed")).setStartedAt(Instant.ofEpochMilli(1_000))
                .setAnnouncedAt(Instant.ofEpochMilli(2_000)).build();

        Announcement read = serde.deserializer().deserialize("t.registry", serde.serializer().serialize("t.registry", a));

        assertThat(read).isEqualTo(a);
        assertThat(read.getHandlers()).isEmpty();
        assertThat(read.getIntervalMs()).isEqualTo(30_000);
        assertThat(read.getHealthy()).isTrue();
        assertThat(read.getAttributes()).isEqualTo(Map.of());
    }

    @Test
    void componentIdsAreUniqueWithinTheJvmUntilReleased() {
        String first = ComponentIds.claim(ComponentKind.RUNNER, "contract-test");
        String second = ComponentIds.claim(ComponentKind.RUNNER, "contract-test");
        String otherKind = ComponentIds.claim(ComponentKind.SUBSCRIBER, "contract-test");

        assertThat(first).isEqualTo("contract-test");
        assertThat(second).isEqualTo("contract-test#2");
        assertThat(otherKind).as("kinds have separate keys").isEqualTo("contract-test");
        ComponentIds.release(ComponentKind.RUNNER, first);
        assertThat(ComponentIds.claim(ComponentKind.RUNNER, "contract-test")).isEqualTo("contract-test");
        ComponentIds.release(ComponentKind.RUNNER, "contract-test");
        ComponentIds.release(ComponentKind.RUNNER, second);
        ComponentIds.release(ComponentKind.SUBSCRIBER, otherKind);
    }

    @Test
    void versionIsTheBuildsProjectVersion() {
        assertThat(TaskerVersion.current()).isNotEqualTo("unknown").matches("\\d+\\.\\d+\\.\\d+.*");
    }
}
