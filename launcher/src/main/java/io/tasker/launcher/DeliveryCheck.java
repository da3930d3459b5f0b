package io.tasker.launcher;

import io.tasker.schemas.LifecycleEventNames;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The end of {@code ./tasker dev --once}: every event the platform emitted for the demo tasks (as the independent
 * {@link EventWitness} read them) must reach each example subscriber that subscribes to its name, handled or
 * dead-lettered, within the timeout. Prints what each subscriber received and what is missing.
 */
final class DeliveryCheck {
    private static final Set<String> TERMINAL = Set.of(LifecycleEventNames.TASK_COMPLETED, LifecycleEventNames.TASK_FAILED,
            LifecycleEventNames.TASK_CANCELLED, LifecycleEventNames.TASK_RESOLVED_MANUALLY);

    private final EventWitness witness;
    private final DemoSubscribers subscribers;
    private final PrintStream out;

    DeliveryCheck(EventWitness witness, DemoSubscribers subscribers, PrintStream out) {
        this.witness = witness;
        this.subscribers = subscribers;
        this.out = out;
    }

    /**
     * @param taskIds   the demo tasks that finished
     * @param completedOrders those that completed through a template declaring {@code order.created}
     * @return whether every expected delivery arrived in time
     */
    boolean await(List<String> taskIds, List<String> completedOrders, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // The terminal lifecycle event is the last one a task emits: once the witness has it, it has them all.
        while (!taskIds.stream().allMatch(this::finished) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        List<EventWitness.Seen> emitted = taskIds.stream().flatMap(id -> witness.events(id).stream()).toList();
        while (System.nanoTime() < deadline && !subscribers.running().stream().allMatch(r -> missing(r, emitted).isEmpty())) {
            Thread.sleep(100);
        }
        out.println();
        boolean ok = true;
        Set<String> withOrderCreated = emitted.stream().filter(e -> e.name().equals("order.created"))
                .map(EventWitness.Seen::taskId).collect(Collectors.toSet());
        long ordersWithEvent = completedOrders.stream().filter(withOrderCreated::contains).count();
        out.printf("%d events emitted for the demo tasks (read_committed); order.created for %d of %d completed orders.%n",
                emitted.size(), ordersWithEvent, completedOrders.size());
        ok &= ordersWithEvent == completedOrders.size();
        List<String> unfinished = taskIds.stream().filter(id -> !finished(id)).toList();
        if (!unfinished.isEmpty()) {
            out.println("  no task.completed/task.failed event seen for " + unfinished);
            ok = false;
        }
        for (DemoSubscribers.Running r : subscribers.running()) {
            long expected = emitted.stream().filter(e -> r.subscriber().wants(e.name())).count();
            Set<String> missing = missing(r, emitted);
            out.printf("  %-21s received %d of %d events%s%n", r.subscriber().name(), expected - missing.size(), expected,
                    missing.isEmpty() ? "" : "; MISSING " + missing);
            ok &= missing.isEmpty();
        }
        return ok;
    }

    private boolean finished(String taskId) {
        return witness.events(taskId).stream().anyMatch(e -> TERMINAL.contains(e.name()));
    }

    private static Set<String> missing(DemoSubscribers.Running r, List<EventWitness.Seen> emitted) {
        return emitted.stream().filter(e -> r.subscriber().wants(e.name())).filter(e -> !r.finished().contains(e.id()))
                .map(e -> e.name() + "/" + e.taskId().substring(0, Math.min(8, e.taskId().length())))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
