package io.tasker.templates.catalog;

import java.util.List;

/**
 * Who subscribes to an event: the hook through which the live registry of subscribers fills
 * {@link CatalogEntry#subscribedBy()}. The catalog calls it once per entry while it is built; it must be thread-safe,
 * fast (answer from memory) and must not throw.
 */
@FunctionalInterface
public interface SubscribedBy {
    /** Nobody: the catalog lists no subscribers (the default until a registry is wired in). */
    SubscribedBy NONE = (name, namespace) -> List.of();

    /**
     * The names of the subscribers that receive this event.
     *
     * @param eventName the event name, e.g. {@code order.created} or {@code task.failed}
     * @param namespace the declaring namespace of a domain event; {@code null} for a lifecycle event (one topic for
     *                  every namespace)
     * @return subscriber names; {@code null} is read as none
     */
    List<String> subscribers(String eventName, String namespace);
}
