package io.tasker.templates.catalog;

import io.tasker.schemas.TaskerTopics;
import io.tasker.templates.TaskTemplate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Everything a subscriber can receive: every lifecycle event the platform defines
 * ({@link io.tasker.schemas.LifecycleEventType}) and every domain event declared by the registered template versions,
 * each with its description, payload schema, an example payload, who fires it, how it is delivered, on which topic
 * and who subscribes to it. A snapshot: build a new one when templates or subscribers change. Immutable and
 * thread-safe; pure (no Kafka).
 */
public final class EventCatalog {
    private final List<CatalogEntry> entries;

    private EventCatalog(List<CatalogEntry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The catalog of these templates, with no subscribers and the default topic names. */
    public static EventCatalog of(Collection<TaskTemplate> registered) {
        return of(registered, SubscribedBy.NONE, TaskerTopics.defaults());
    }

    /** The catalog of these templates with the default topic names. */
    public static EventCatalog of(Collection<TaskTemplate> registered, SubscribedBy subscribedBy) {
        return of(registered, subscribedBy, TaskerTopics.defaults());
    }

    /**
     * The catalog: lifecycle events in {@link io.tasker.schemas.LifecycleEventType} order, then domain events by
     * namespace and name.
     *
     * @param registered   every registered template version (a version given twice counts once)
     * @param subscribedBy who subscribes to what; {@link SubscribedBy#NONE} when no registry is known
     * @param topics       the platform's topic names
     */
    public static EventCatalog of(Collection<TaskTemplate> registered, SubscribedBy subscribedBy, TaskerTopics topics) {
        Objects.requireNonNull(subscribedBy, "subscribedBy");
        List<CatalogEntry> all = new ArrayList<>(LifecycleEntries.all(topics));
        all.addAll(DomainEntries.all(registered, topics));
        List<CatalogEntry> out = new ArrayList<>(all.size());
        for (CatalogEntry e : all) {
            List<String> subscribers = subscribedBy.subscribers(e.name(), e.namespace());
            out.add(subscribers == null || subscribers.isEmpty() ? e : e.withSubscribers(subscribers));
        }
        return new EventCatalog(out);
    }

    /** Every entry. */
    public List<CatalogEntry> entries() {
        return entries;
    }

    /** The entries {@code filter} matches, in catalog order. */
    public List<CatalogEntry> select(CatalogFilter filter) {
        return entries.stream().filter(filter::matches).toList();
    }

    /**
     * The entries named exactly {@code name}: one for a lifecycle event, one per declaring namespace for a domain
     * event (the same name may mean different things in different namespaces); empty when there is none.
     *
     * @param namespace only the domain event of this namespace; {@code null} for any
     */
    public List<CatalogEntry> named(String name, String namespace) {
        return entries.stream().filter(e -> e.name().equals(name))
                .filter(e -> namespace == null || e.isLifecycle() || namespace.equals(e.namespace())).toList();
    }

    /** The namespaces that declare domain events, sorted. */
    public SortedSet<String> namespaces() {
        SortedSet<String> out = new TreeSet<>();
        entries.stream().filter(e -> !e.isLifecycle()).forEach(e -> out.add(e.namespace()));
        return out;
    }
}
