package io.tasker.subscriber.internal;

import io.tasker.schemas.LifecycleEventNames;
import io.tasker.schemas.LifecycleEventType;
import io.tasker.subscriber.Event;
import io.tasker.subscriber.SubscriberDefinitionException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * An event name pattern: an exact name ({@code order.created}), a prefix ({@code order.*}: every name starting with
 * {@code order.}, at any depth) or {@code *} (everything). An exact system-event name must be one a subscriber can
 * receive: a durable {@link LifecycleEventType} (a telemetry-only one, like {@code step.enqueued}, or a name the
 * platform does not emit, like the former {@code task.retried}, would never be delivered and is refused).
 */
public record EventPattern(String text, String prefix, boolean wildcard) {

    public static EventPattern parse(String text) {
        if (text == null || text.isBlank()) {
            throw new SubscriberDefinitionException("event pattern must not be blank");
        }
        String t = text.trim();
        if (t.equals("*")) {
            return new EventPattern(t, "", true);
        }
        boolean wildcard = t.endsWith(".*");
        String body = wildcard ? t.substring(0, t.length() - 2) : t;
        if (!io.tasker.schemas.EventNamePattern.isValid(t)) {
            throw new SubscriberDefinitionException("bad event pattern '" + text
                    + "': use an exact name (order.created), a prefix (order.*) or *");
        }
        if (!wildcard && LifecycleEventType.isReservedName(body)) {
            requireDeliverable(text, body);
        }
        return new EventPattern(t, wildcard ? body + "." : body, wildcard);
    }

    private static void requireDeliverable(String text, String name) {
        LifecycleEventType type = LifecycleEventType.fromWire(name);
        String durable = Arrays.stream(LifecycleEventType.values()).filter(LifecycleEventType::isPublished)
                .map(LifecycleEventType::wireName).collect(Collectors.joining(", "));
        if (type == null) {
            throw new SubscriberDefinitionException("bad event pattern '" + text + "': the platform emits no system"
                    + " event named " + name + "; subscribers can receive " + durable);
        }
        if (!type.isPublished()) {
            throw new SubscriberDefinitionException("bad event pattern '" + text + "': " + name + " is telemetry only"
                    + " (never published to the lifecycle topic), so no subscriber receives it; subscribers can receive "
                    + durable);
        }
    }

    /** The platform-wide rule ({@link io.tasker.schemas.EventNamePattern}), so the registry agrees with routing. */
    public boolean matches(String name) {
        return io.tasker.schemas.EventNamePattern.matches(text, name);
    }

    /** Whether a lifecycle event can match. */
    public boolean coversLifecycle() {
        if (wildcard && prefix.isEmpty()) {
            return true;
        }
        return Event.isLifecycleName(prefix) || (wildcard && isLifecycleRoot(prefix));
    }

    /** Whether a domain event can match. */
    public boolean coversDomain() {
        return (wildcard && prefix.isEmpty()) || !Event.isLifecycleName(prefix) && !isLifecycleRoot(prefix);
    }

    private static boolean isLifecycleRoot(String p) {
        return LifecycleEventNames.RESERVED_PREFIXES.contains(p);
    }

    /**
     * The handler method for this pattern: {@code order.created} -> {@code handleOrderCreated},
     * {@code payment.*} -> {@code handlePaymentAny}, {@code *} -> {@code handleAny}; {@code _} and {@code -} also
     * split words ({@code order_line.added} -> {@code handleOrderLineAdded}).
     */
    public String methodName() {
        StringBuilder sb = new StringBuilder("handle");
        for (String word : prefix.split("[._-]")) {
            if (!word.isEmpty()) {
                sb.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        if (wildcard) {
            sb.append("Any");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
