package io.tasker.topology.internal;

import io.javalin.http.Context;
import io.tasker.schemas.TaskerTopics;
import io.tasker.templates.catalog.AsyncApiDocument;
import io.tasker.templates.catalog.CatalogEntry;
import io.tasker.templates.catalog.CatalogFilter;
import io.tasker.templates.catalog.CatalogJson;
import io.tasker.templates.catalog.EventCatalog;
import io.tasker.templates.catalog.SubscribedBy;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

import java.util.List;

/**
 * {@code GET /v1/events}, {@code GET /v1/events/{name}} and {@code GET /v1/events/asyncapi}: the event catalog of the
 * templates registered now (this instance's global templates store, the same on every instance) and the subscribers
 * {@link SubscribedBy} knows of. Built per request: templates are few and their parsed form is cached.
 */
final class EventsRoute {
    private final TaskStoreView view;
    private final TaskerTopics topics;
    private final SubscribedBy subscribedBy;

    EventsRoute(TaskStoreView view, TaskerTopics topics, SubscribedBy subscribedBy) {
        this.view = view;
        this.topics = topics;
        this.subscribedBy = subscribedBy;
    }

    /** Query {@code category} (task, step, workflow, domain; any case), {@code namespace}, {@code name} (pattern). */
    void list(Context ctx) {
        CatalogFilter filter;
        try {
            filter = CatalogFilter.parse(ctx.queryParam("category"), ctx.queryParam("namespace"), ctx.queryParam("name"));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage()).with("allowed", Json.MAPPER.valueToTree(CatalogFilter.CATEGORIES));
        }
        ApiResponses.json(ctx, 200, CatalogJson.toJson(catalog(ctx).select(filter)).toString());
    }

    /** One event; {@code ?namespace=} picks one when several namespaces declare the name. */
    void show(Context ctx) {
        String name = ctx.pathParam("name");
        String namespace = blankToNull(ctx.queryParam("namespace"));
        List<CatalogEntry> found = catalog(ctx).named(name, namespace);
        if (found.isEmpty()) {
            throw ApiError.of(404, "no event named '" + name + "'" + (namespace == null ? "" : " in namespace '" + namespace + "'")
                    + ": not a lifecycle event nor declared by a registered template (GET /v1/events lists them)");
        }
        if (found.size() > 1) {
            List<String> namespaces = found.stream().map(CatalogEntry::namespace).toList();
            throw ApiError.badRequest("event '" + name + "' is declared in several namespaces (" + String.join(", ", namespaces)
                    + "): add ?namespace=<one of them>").with("namespaces", Json.MAPPER.valueToTree(namespaces));
        }
        ApiResponses.json(ctx, 200, CatalogJson.toJson(found.get(0)).toString());
    }

    /** The AsyncAPI 3.0 document; {@code ?bootstrap_servers=} lists the Kafka servers readers should use. */
    void asyncApi(Context ctx) {
        ApiResponses.json(ctx, 200, AsyncApiDocument.build(catalog(ctx), topics, blankToNull(ctx.queryParam("bootstrap_servers"))).toString());
    }

    /** The catalog of the templates of the caller's namespaces (lifecycle events are everyone's). */
    private EventCatalog catalog(Context ctx) {
        io.tasker.topology.internal.auth.Caller caller = io.tasker.topology.internal.auth.Caller.of(ctx);
        try {
            return EventCatalog.of(view.templates().stream().filter(t -> caller.allows(t.namespace())).toList(), subscribedBy, topics);
        } catch (InvalidStateStoreException e) {
            throw ApiError.unavailable("templates are not loaded yet");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
