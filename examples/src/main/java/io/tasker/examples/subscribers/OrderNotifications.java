package io.tasker.examples.subscribers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasker.examples.EcommerceHandlers;
import io.tasker.schemas.LifecycleEventNames;
import io.tasker.subscriber.Event;
import io.tasker.subscriber.NonRetryableException;
import io.tasker.subscriber.Subscribe;
import io.tasker.subscriber.SubscriberDefinitionException;
import io.tasker.subscriber.TaskerSubscriber;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The order-notification example (class style): one notification file per order, {@code <output_dir>/<order_id>.json},
 * written when the order is created ({@code order.created}, a domain event) and updated when its task completes
 * ({@code task.completed}, a lifecycle event). The two events travel on different topics, so they can arrive in
 * either order: each handler merges its part into the file, and a re-delivered event writes the same content again
 * (idempotent). Files are replaced atomically, so a reader never sees half a notification.
 *
 * <p>Config ({@code config:} of its YAML, or the free map of {@code SubscriberConfig.fromMap}): {@value #OUTPUT_DIR}
 * (required).
 */
@Subscribe({"order.created", LifecycleEventNames.TASK_COMPLETED})
public class OrderNotifications extends TaskerSubscriber {
    /** Free-config key: the directory the notification files go to. */
    public static final String OUTPUT_DIR = "output_dir";
    private static final ObjectMapper JSON = new ObjectMapper();
    private volatile Path dir;

    public OrderNotifications() {
        super(ExampleSubscribers.ORDER_NOTIFICATIONS);
    }

    @Override
    protected void configure(Map<String, Object> config) {
        Object d = config.get(OUTPUT_DIR);
        if (d == null || d.toString().isBlank()) {
            throw new SubscriberDefinitionException("subscriber " + name() + " needs config." + OUTPUT_DIR);
        }
        dir = Path.of(d.toString());
    }

    /** The notification file of {@code orderId}. */
    public Path file(String orderId) {
        return dir.resolve(orderId + ".json");
    }

    void handleOrderCreated(Event e) throws IOException {
        String orderId = e.getString("order_id", null);
        if (orderId == null) {
            throw new NonRetryableException("order.created without order_id: " + e.payloadJson());
        }
        update(orderId, e.taskId(), n -> {
            n.put("customer_id", e.getString("customer_id", "unknown"));
            n.put("total_cents", e.getLong("total_cents", 0));
            n.put("currency", e.getString("currency", "USD"));
            n.put("created_at", String.valueOf(e.firedAt()));
        });
    }

    void handleTaskCompleted(Event e) throws IOException {
        if (e.templateName() == null || !e.templateName().startsWith("order_fulfillment")) {
            return; // not an order
        }
        update(EcommerceHandlers.orderId(e.taskId()), e.taskId(), n -> n.put("fulfilled_at", String.valueOf(e.firedAt())));
    }

    private synchronized void update(String orderId, String taskId, java.util.function.Consumer<ObjectNode> change)
            throws IOException {
        Files.createDirectories(dir);
        Path file = file(orderId);
        ObjectNode n = Files.exists(file) ? (ObjectNode) JSON.readTree(file.toFile()) : JSON.createObjectNode();
        n.put("order_id", orderId);
        n.put("task_id", taskId);
        change.accept(n);
        n.put("message", message(n));
        Path tmp = Files.createTempFile(dir, orderId, ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), n);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** What the customer reads: depends on which of the two events have arrived. */
    static String message(ObjectNode n) {
        String order = "Order " + n.path("order_id").asText();
        if (!n.has("created_at")) {
            return order + " has been fulfilled.";
        }
        String amount = String.format("%d.%02d %s", n.path("total_cents").asLong() / 100,
                n.path("total_cents").asLong() % 100, n.path("currency").asText());
        return n.has("fulfilled_at")
                ? order + " for " + amount + " has been fulfilled. Thank you, " + n.path("customer_id").asText() + "!"
                : order + " for " + amount + " has been received and is being prepared.";
    }
}
