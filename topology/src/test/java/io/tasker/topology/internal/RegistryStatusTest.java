package io.tasker.topology.internal;

import io.tasker.avro.AnnouncedState;
import org.junit.jupiter.api.Test;

import static io.tasker.topology.internal.RegistryEntries.runner;
import static org.assertj.core.api.Assertions.assertThat;

class RegistryStatusTest {
    private static final long NOW = 10_000_000;
    private static final long STALE_AFTER = 90_000;

    @Test
    void runningComponentSeenWithinTheStaleTimeIsLive() {
        assertThat(RegistryStatus.of(runner("r", AnnouncedState.RUNNING, NOW - 1_000), NOW, STALE_AFTER)).isEqualTo(RegistryStatus.LIVE);
        assertThat(RegistryStatus.of(runner("r", AnnouncedState.RUNNING, NOW - STALE_AFTER), NOW, STALE_AFTER)).isEqualTo(RegistryStatus.LIVE);
    }

    @Test
    void runningComponentNotSeenForLongerThanTheStaleTimeIsStale() {
        assertThat(RegistryStatus.of(runner("r", AnnouncedState.RUNNING, NOW - STALE_AFTER - 1), NOW, STALE_AFTER))
                .isEqualTo(RegistryStatus.STALE);
    }

    @Test
    void componentThatSaidItStoppedIsStoppedHoweverOldItsAnnouncement() {
        assertThat(RegistryStatus.of(runner("r", AnnouncedState.STOPPED, NOW), NOW, STALE_AFTER)).isEqualTo(RegistryStatus.STOPPED);
        assertThat(RegistryStatus.of(runner("r", AnnouncedState.STOPPED, NOW - 10 * STALE_AFTER), NOW, STALE_AFTER))
                .isEqualTo(RegistryStatus.STOPPED);
    }

    @Test
    void stateFromANewerWriterIsTreatedAsRunning() {
        assertThat(RegistryStatus.of(runner("r", AnnouncedState.UNKNOWN, NOW), NOW, STALE_AFTER)).isEqualTo(RegistryStatus.LIVE);
    }

    @Test
    void statusesHaveLowerCaseWireNamesParsedInAnyCase() {
        assertThat(RegistryStatus.STALE.wireName()).isEqualTo("stale");
        assertThat(RegistryStatus.parse("LIVE")).isEqualTo(RegistryStatus.LIVE);
        assertThat(RegistryStatus.parse("gone")).isNull();
    }
}
