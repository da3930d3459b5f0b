package io.tasker.examples.subscribers;

import io.tasker.subscriber.TaskerSubscriber;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The three example subscribers of the demo, ready to start with a {@code SubscriberRunner}: {@value #AUDIT} (every
 * event to {@code audit.jsonl}), {@value #ORDER_NOTIFICATIONS} (one file per order under {@code notifications/}) and
 * {@value #ALERTING} (failures to a pager's HTTP endpoint).
 */
public final class ExampleSubscribers {
    public static final String AUDIT = "audit";
    public static final String ORDER_NOTIFICATIONS = "order-notifications";
    public static final String ALERTING = "alerting";
    /** File names under the data directory. */
    public static final String AUDIT_FILE = "audit.jsonl";
    public static final String NOTIFICATIONS_DIR = "notifications";

    /** A subscriber and the free {@code config} map to start it with. */
    public record Example(TaskerSubscriber subscriber, Map<String, Object> config) {
    }

    private ExampleSubscribers() {
    }

    /** All three, writing under {@code dataDir} and alerting {@code pagerUrl}. */
    public static List<Example> all(Path dataDir, URI pagerUrl) {
        return List.of(
                new Example(AuditTrail.subscriber(dataDir.resolve(AUDIT_FILE)), Map.of()),
                new Example(new OrderNotifications(),
                        Map.of(OrderNotifications.OUTPUT_DIR, dataDir.resolve(NOTIFICATIONS_DIR).toString())),
                new Example(new Alerting(), Map.of(Alerting.PAGER_URL, pagerUrl.toString())));
    }
}
