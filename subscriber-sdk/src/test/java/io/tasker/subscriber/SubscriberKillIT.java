package io.tasker.subscriber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tasker.avro.DomainEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Properties;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Issue test (3): a subscriber JVM SIGKILLed mid-stream and restarted in the same group. Proven by event id against
 * the group's committed offsets at the kill: everything below them was handled before the kill, the restart handles
 * exactly the records from them on, so nothing is missing and the only duplicates are records the killed JVM handled
 * but had not committed.
 */
class SubscriberKillIT extends SubscriberITSupport {
    private static final int KILL_EVENTS = 3000;
    private static final int KILL_AFTER = 300;
    private static final Duration LONG = Duration.ofSeconds(120);

    @Test
    void aSubscriberKilledMidStreamAndRestartedHandlesEveryEventAndRepeatsOnlyWhatWasNotCommitted() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "kill-it", subscriberName)).toAbsolutePath();
        Path config = writeConfig(dir.resolve("subscriber.properties"));
        List<DomainEvent> events = IntStream.range(0, KILL_EVENTS).mapToObj(i -> event(i, "order.created")).toList();
        produce(events);
        Set<String> produced = new HashSet<>(events.stream().map(DomainEvent::getEventId).toList());
        String topic = topics.domainEvents(NS);

        Path firstIds = dir.resolve("handled-1.txt");
        ChildJvm first = child(dir, config, firstIds, 1);
        await("the first subscriber JVM handled " + KILL_AFTER + " events").atMost(LONG)
                .pollInterval(Duration.ofMillis(10)).until(() -> alive(first) && handled(firstIds).size() >= KILL_AFTER);
        int exit = first.killHard();
        List<String> beforeKill = handled(firstIds);

        assertThat(exit).as("the subscriber JVM died by SIGKILL, not a clean exit").isEqualTo(ChildJvm.SIGKILL_EXIT);
        assertThat(beforeKill).as("killed mid-stream").hasSizeLessThan(KILL_EVENTS);
        // Once the dead member's session expired the group is empty and a late commit of the killed JVM is refused:
        // the committed offsets are final, and they are where the restart begins.
        await("the killed member left the group").atMost(LONG).until(() -> admin.describeConsumerGroups(
                List.of(subscriberName)).all().get().get(subscriberName).groupState() == GroupState.EMPTY);
        Map<TopicPartition, Long> committed = committedOffsets(subscriberName, topic);
        Set<String> belowCommitted = new HashSet<>();
        Set<String> fromCommitted = new HashSet<>();
        eventIdsByOffset(KILL_EVENTS).forEach((tp, ids) -> {
            long from = committed.getOrDefault(tp, 0L);
            NavigableMap<Long, String> head = ids.headMap(from, false);
            belowCommitted.addAll(head.values());
            fromCommitted.addAll(ids.tailMap(from, true).values());
        });

        Path secondIds = dir.resolve("handled-2.txt");
        ChildJvm second = child(dir, config, secondIds, 2);
        await("the restarted subscriber JVM handled every event the first one had not").atMost(LONG)
                .until(() -> alive(second) && union(beforeKill, handled(secondIds)).containsAll(produced));
        assertEverythingCommitted(subscriberName, topic);
        second.stop();
        List<String> afterRestart = handled(secondIds);

        assertThat(union(beforeKill, afterRestart)).as("no event is missing").isEqualTo(produced);
        assertThat(new HashSet<>(beforeKill)).as("every committed event was handled before the kill")
                .containsAll(belowCommitted);
        assertThat(afterRestart).as("the restart handles exactly the uncommitted records, each once")
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(fromCommitted);
        assertThat(beforeKill).as("no record was delivered twice before the kill").doesNotHaveDuplicates();
        Set<String> duplicates = new HashSet<>(beforeKill);
        duplicates.retainAll(afterRestart);
        assertThat(duplicates).as("only uncommitted records are handled twice").isSubsetOf(fromCommitted);
        System.out.printf("SubscriberKillIT: %d events; SIGKILL after %d handled, %d committed; the restart re-read"
                + " %d records, of which %d had been handled before the kill (duplicates)%n", KILL_EVENTS,
                beforeKill.size(), belowCommitted.size(), fromCommitted.size(), duplicates.size());
    }

    private Path writeConfig(Path file) throws IOException {
        Properties props = new Properties();
        // session timeout: how long the dead member holds its partitions; heartbeats run on their own thread
        props.putAll(configMap(Map.of(SubscriberConfig.CONCURRENCY, "2",
                SubscriberConfig.KAFKA_PREFIX + "session.timeout.ms", "10000",
                SubscriberConfig.KAFKA_PREFIX + "heartbeat.interval.ms", "1000")));
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, "SubscriberKillIT " + subscriberName);
        }
        return file;
    }

    private ChildJvm child(Path dir, Path config, Path idsFile, int n) {
        ChildJvm c = ChildJvm.start(KillableSubscriberMain.class, dir.resolve("child-" + n + ".log"),
                config.toString(), idsFile.toString());
        toClose.add(c);
        return c;
    }

    private static boolean alive(ChildJvm c) throws IOException {
        if (!c.isAlive()) {
            throw new IllegalStateException("subscriber JVM exited early; output:\n" + Files.readString(c.log()));
        }
        return true;
    }

    /** The ids in the file, one per complete line (a SIGKILL may cut the last line: that handler did not finish). */
    private static List<String> handled(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : new ArrayList<>(Arrays.asList(text.substring(0, end).split("\n")));
    }

    private static Set<String> union(List<String> a, List<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
