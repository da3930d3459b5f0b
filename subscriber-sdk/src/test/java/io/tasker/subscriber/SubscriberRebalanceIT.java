package io.tasker.subscriber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tasker.avro.DomainEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * Issue test (4): two instances of one subscriber (one consumer group) in this JVM while events keep coming; the
 * second joins mid-stream, later the first closes mid-stream. Revocation and close both drain the in-flight records
 * and commit them before the partitions move, so nothing is lost, nothing is handled twice, and each task's events
 * are handled in order across both hand-overs.
 */
class SubscriberRebalanceIT extends SubscriberITSupport {
    private static final int TOTAL = 6000;
    private static final int CHUNK = 100;
    /** The producer stays at most this far ahead of the handlers, so every group change happens mid-stream. */
    private static final int AHEAD = 400;
    private static final Duration LONG = Duration.ofSeconds(120);

    /** One handler invocation, appended in the handler, so the list's order is the order events were handled in. */
    record Handled(String instance, String taskId, int seq, String id) {
    }

    private final List<Handled> handled = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> handledIds = ConcurrentHashMap.newKeySet();

    @Test
    void instancesJoiningAndLeavingMidStreamLoseNothingRepeatNothingAndKeepEachTasksOrder() throws Exception {
        // periodic commits only every 5 s: a hand-over that did not commit itself would re-deliver hundreds of events
        Map<String, String> settings = Map.of(SubscriberConfig.CONCURRENCY, "2", SubscriberConfig.MAX_IN_FLIGHT, "200",
                SubscriberConfig.COMMIT_INTERVAL_MS, "5000");
        SubscriberRunner a = start(instance("a"), config(settings));
        CompletableFuture<Void> producing = produceContinuously();

        await("a handles").atMost(LONG).until(() -> handledIds.size() >= TOTAL / 6);
        SubscriberRunner b = start(instance("b"), config(settings));
        await("b got partitions and handles").atMost(LONG).until(() -> count("b") >= TOTAL / 20);
        await("a keeps handling after b joined").atMost(LONG).until(() -> afterFirstOf("b", "a") >= TOTAL / 20);

        int handledAtClose = handledIds.size();
        a.close();
        Set<String> byA = ids("a");
        await("every event handled").atMost(LONG).until(() -> producing.isDone() && handledIds.size() >= TOTAL);
        producing.get();
        assertEverythingCommitted(subscriberName, topics.domainEvents(NS));

        List<Handled> all = snapshot();
        int duplicates = all.size() - handledIds.size();
        System.out.printf("SubscriberRebalanceIT: %d events; b joined, then a closed after %d handled; %d handler"
                + " invocations (a %d, b %d), %d duplicates%n", TOTAL, handledAtClose, all.size(), count("a"),
                count("b"), duplicates);
        Set<String> produced = IntStream.range(0, TOTAL).mapToObj(i -> event(i, "order.created").getEventId())
                .collect(Collectors.toSet());
        assertThat(handledIds).as("nothing lost").isEqualTo(produced);
        assertThat(ids("a")).as("a handled nothing after its close() returned").isEqualTo(byA);
        assertThat(ids("b")).as("b never re-handles what a handled and committed").doesNotContainAnyElementsOf(byA);
        assertThat(duplicates).as("clean hand-overs commit what was handled: no duplicates").isZero();
        Map<String, List<Integer>> seqsByTask = new LinkedHashMap<>();
        all.forEach(h -> seqsByTask.computeIfAbsent(h.taskId(), k -> new ArrayList<>()).add(h.seq()));
        seqsByTask.forEach((task, seqs) -> assertThat(seqs).as("events of " + task + " in order, each once")
                .isEqualTo(expectedSeqs(task)));
        assertThat(b.isHealthy()).isTrue();
    }

    private TaskerSubscriber instance(String tag) {
        return TaskerSubscriber.builder(subscriberName).on("order.created", e -> {
            // handler work, so each instance has records in flight when the group changes
            Thread.sleep(ThreadLocalRandom.current().nextInt(0, 3));
            handled.add(new Handled(tag, e.taskId(), e.getInt("seq", -1), e.id()));
            handledIds.add(e.id());
        }).named("recorder").build();
    }

    /** Produces {@link #TOTAL} events in chunks, never more than {@link #AHEAD} (plus a chunk) ahead of the handlers. */
    private CompletableFuture<Void> produceContinuously() {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        toClose.add(() -> {
            thread.shutdownNow();
            thread.awaitTermination(30, TimeUnit.SECONDS);
        });
        return CompletableFuture.runAsync(() -> {
            try (KafkaProducer<String, DomainEvent> p = producer()) {
                for (int from = 0; from < TOTAL; from += CHUNK) {
                    int sent = from;
                    await("handlers catch up").atMost(LONG).until(() -> handledIds.size() >= sent - AHEAD);
                    produce(p, IntStream.range(from, from + CHUNK).mapToObj(i -> event(i, "order.created")).toList());
                }
            }
        }, thread);
    }

    private List<Handled> snapshot() {
        synchronized (handled) {
            return new ArrayList<>(handled);
        }
    }

    private long count(String instance) {
        return snapshot().stream().filter(h -> h.instance().equals(instance)).count();
    }

    private Set<String> ids(String instance) {
        return snapshot().stream().filter(h -> h.instance().equals(instance)).map(Handled::id)
                .collect(Collectors.toCollection(HashSet::new));
    }

    /** Invocations of {@code instance} after the first one of {@code first}. */
    private long afterFirstOf(String first, String instance) {
        List<Handled> all = snapshot();
        int from = IntStream.range(0, all.size()).filter(i -> all.get(i).instance().equals(first)).findFirst()
                .orElse(all.size());
        return all.subList(from, all.size()).stream().filter(h -> h.instance().equals(instance)).count();
    }

    /** The sequence numbers {@link SubscriberITSupport#event} gives {@code task}, in production order. */
    private static List<Integer> expectedSeqs(String task) {
        return IntStream.range(0, TOTAL).filter(i -> ("task-" + (i % 97)).equals(task)).boxed().toList();
    }
}
