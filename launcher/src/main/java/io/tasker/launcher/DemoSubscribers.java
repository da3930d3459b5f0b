package io.tasker.launcher;

import io.tasker.examples.subscribers.DemoPager;
import io.tasker.examples.subscribers.ExampleSubscribers;
import io.tasker.subscriber.DeliveryListener;
import io.tasker.subscriber.Event;
import io.tasker.subscriber.SubscriberConfig;
import io.tasker.subscriber.SubscriberMetrics;
import io.tasker.subscriber.SubscriberRunner;
import io.tasker.subscriber.TaskerSubscriber;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The example subscribers running in {@code ./tasker dev}: the demo pager and the audit, order-notification and
 * alerting subscribers, each printing one line per delivery outcome (handled, retrying, dead-lettered) and
 * remembering which event ids reached a final outcome, so the demo can check that nothing was missed.
 */
final class DemoSubscribers implements AutoCloseable {
    private static final int NAME_WIDTH = 21;

    /** A running example subscriber and the event ids it finished (handled or dead-lettered). */
    record Running(TaskerSubscriber subscriber, SubscriberRunner runner, Set<String> finished) {
    }

    private final DemoPager pager;
    private final List<Running> running = new ArrayList<>();
    private final PrintStream out;
    private final Path dataDir;

    private DemoSubscribers(DemoPager pager, PrintStream out, Path dataDir) {
        this.pager = pager;
        this.out = out;
        this.dataDir = dataDir;
    }

    /** Starts the pager and the three subscribers against the platform's Kafka and registry. */
    static DemoSubscribers start(Platform platform, Path dataDir, PrintStream out) throws IOException {
        DemoSubscribers d = new DemoSubscribers(DemoPager.start(dataDir.resolve("alerts.jsonl")), out, dataDir);
        try {
            for (ExampleSubscribers.Example ex : ExampleSubscribers.all(dataDir, d.pager.url())) {
                Set<String> finished = ConcurrentHashMap.newKeySet();
                Map<String, String> keys = new java.util.HashMap<>(platform.clients().properties(SubscriberConfig.KAFKA_PREFIX));
                keys.putAll(Map.of(
                        SubscriberConfig.SUBSCRIBER_NAME, ex.subscriber().name(),
                        SubscriberConfig.BOOTSTRAP_SERVERS, platform.bootstrapServers(),
                        SubscriberConfig.SCHEMA_REGISTRY_URL, platform.schemaRegistryUrl(),
                        SubscriberConfig.TOPIC_PREFIX, platform.topics().prefix(),
                        SubscriberConfig.SHUTDOWN_TIMEOUT_MS, "5000"));
                SubscriberConfig config = SubscriberConfig.fromMap(keys, ex.config());
                SubscriberRunner runner = SubscriberRunner.start(ex.subscriber(), config,
                        d.console(ex.subscriber().name(), finished));
                d.running.add(new Running(ex.subscriber(), runner, finished));
            }
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
        return d;
    }

    List<Running> running() {
        return List.copyOf(running);
    }

    DemoPager pager() {
        return pager;
    }

    /** One line per outcome: {@code audit  order.created  task 1a2b3c4d create_order#1  handled}. */
    private DeliveryListener console(String subscriber, Set<String> finished) {
        return new DeliveryListener() {
            @Override
            public void handled(String handler, Event e, int attempt, Duration took) {
                finished.add(e.id());
                print(subscriber, e, attempt == 1 ? "handled" : "handled on attempt " + attempt);
            }

            @Override
            public void retrying(String handler, Event e, int attempt, Throwable error, Duration delay) {
                print(subscriber, e, "attempt " + attempt + " failed (" + error.getMessage() + "), retry in "
                        + delay.toMillis() + " ms");
            }

            @Override
            public void deadLettered(String handler, Event e, String reason, int attempts, Throwable error) {
                finished.add(e.id());
                print(subscriber, e, "DEAD-LETTERED (" + reason + " after " + attempts + " attempt(s): "
                        + error.getMessage() + ")");
            }
        };
    }

    private void print(String subscriber, Event e, String what) {
        String task = e.taskId() == null ? "-" : e.taskId().substring(0, Math.min(8, e.taskId().length()));
        String step = e.step() == null ? "" : e.step() + (e.attempt() == null ? "" : "#" + e.attempt());
        out.printf("  %-" + NAME_WIDTH + "s %-26s task %s %-20s %s%n", "[" + subscriber + "]", e.name(), task, step, what);
    }

    /** Where the subscribers' work can be looked at, and their counters. */
    void printSummary(String bootstrapServers) {
        for (Running r : running) {
            SubscriberMetrics m = r.runner().metrics();
            long handled = 0, retried = 0, dead = 0;
            for (var h : m.handlers()) {
                handled += h.handled();
                retried += h.retried();
                dead += h.deadLettered();
            }
            out.printf("  %-" + NAME_WIDTH + "s handled %d, retried %d, dead-lettered %d%n", r.subscriber().name(),
                    handled, retried, dead);
        }
        out.println("  audit trail:    " + dataDir.resolve(ExampleSubscribers.AUDIT_FILE));
        out.println("  notifications:  " + dataDir.resolve(ExampleSubscribers.NOTIFICATIONS_DIR));
        out.println("  pager alerts:   " + dataDir.resolve("alerts.jsonl") + " (" + pager.accepted().size()
                + " accepted; the pager refuses the first attempt of each alert, and the first "
                + DemoPager.DOWN_ATTEMPTS + " of every " + DemoPager.DOWN_FOR_EVERY + "rd alert)");
        out.println("  dead letters:   ./tasker subscribers dlq list " + ExampleSubscribers.ALERTING
                + " --bootstrap-servers " + bootstrapServers + "   (and: dlq replay " + ExampleSubscribers.ALERTING
                + " ...; while dev serves)");
    }

    @Override
    public void close() {
        for (Running r : running) {
            r.runner().close();
        }
        pager.close();
    }
}
