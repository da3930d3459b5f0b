package io.tasker.runner.internal;

import io.tasker.avro.AnnouncedState;
import io.tasker.avro.Announcement;
import io.tasker.avro.ComponentKind;
import io.tasker.runner.RunnerConfig;
import io.tasker.schemas.ComponentIds;
import io.tasker.schemas.TaskerVersion;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunnerAnnouncementsTest {
    private final RunnerConfig config = RunnerConfig.of("b:9092", "http://r").withRunnerId("runner-7").withGroupId("g")
            .withMaxInFlight(64).withAnnounceIntervalMs(5_000);
    private final Instant started = Instant.ofEpochMilli(1_000);
    private final Instant now = Instant.ofEpochMilli(9_000);

    @Test
    void aRunningRunnerAnnouncesWhatItHostsAndItsHealth() {
        Announcement a = RunnerAnnouncements.build("runner-7", config, Set.of("h.ship", "h.charge"), Set.of("shop", "billing"),
                started, new RunnerAnnouncements.Snapshot(List.of(), 3, 8, OptionalInt.of(9100), now, false));

        assertThat(a.getKind()).isEqualTo(ComponentKind.RUNNER);
        assertThat(a.getId()).isEqualTo("runner-7");
        assertThat(a.getName()).isEqualTo("runner-7");
        assertThat(a.getState()).isEqualTo(AnnouncedState.RUNNING);
        assertThat(a.getHost()).isEqualTo(ComponentIds.host());
        assertThat(a.getPid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(a.getVersion()).isEqualTo(TaskerVersion.current());
        assertThat(a.getGroupId()).isEqualTo("g");
        assertThat(a.getHandlers()).containsExactly("h.charge", "h.ship");
        assertThat(a.getNamespaces()).containsExactly("billing", "shop");
        assertThat(a.getEvents()).isEmpty();
        assertThat(a.getThreads()).isEqualTo(8);
        assertThat(a.getMaxInFlight()).isEqualTo(64);
        assertThat(a.getInFlight()).isEqualTo(3);
        assertThat(a.getHealthy()).isTrue();
        assertThat(a.getHealthDetail()).isNull();
        assertThat(a.getStartedAt()).isEqualTo(started);
        assertThat(a.getAnnouncedAt()).isEqualTo(now);
        assertThat(a.getIntervalMs()).isEqualTo(5_000);
        assertThat(a.getAttributes()).containsEntry("http_port", "9100");
    }

    @Test
    void anUnhealthyRunnerSaysWhyAndTheFinalAnnouncementSaysStopped() {
        Announcement a = RunnerAnnouncements.build("runner-7", config, Set.of("h"), Set.of("shop"), started,
                new RunnerAnnouncements.Snapshot(List.of("1 stuck handler", "not polling"), 0, 8, OptionalInt.empty(), now, true));

        assertThat(a.getState()).isEqualTo(AnnouncedState.STOPPED);
        assertThat(a.getHealthy()).isFalse();
        assertThat(a.getHealthDetail()).isEqualTo("1 stuck handler; not polling");
        assertThat(a.getAttributes()).doesNotContainKey("http_port");
    }
}
