package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.tasker.topology.TaskState;
import io.tasker.topology.internal.auth.Caller;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code GET /v1/tasks}: scatter-gather. Every instance pages through the partitions it owns
 * ({@code scope=local}); the instance that was asked merges the pages. Every query parameter is checked first: an
 * unknown state, a malformed cursor or a limit out of range is a 400 naming what is allowed.
 */
final class ListTasksRoute {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private final TaskStoreView view;
    private final InstanceForwarder forwarder;

    ListTasksRoute(TaskStoreView view, InstanceForwarder forwarder) {
        this.view = view;
        this.forwarder = forwarder;
    }

    void list(Context ctx) {
        Caller caller = Caller.of(ctx);
        TaskListing.Filter filter = filter(ctx).onlyIn(caller.namespaces());
        if (filter.namespace() != null && !caller.allows(filter.namespace())) {
            // a namespace outside the caller's lists like one without tasks: nothing says whether it exists
            ApiResponses.json(ctx, 200, TaskListing.merge(List.of(), filter.limit()).toString());
            return;
        }
        if (view.state() != KafkaStreams.State.RUNNING) {
            throw ApiError.unavailable("task stores are not ready (instance state " + view.state() + ")");
        }
        if ("local".equals(ctx.queryParam("scope"))) {
            ApiResponses.json(ctx, 200, localPage(filter).toString());
            return;
        }
        List<JsonNode> pages = new ArrayList<>();
        for (HostInfo instance : view.instances()) {
            if (instance.equals(forwarder.self())) {
                pages.add(localPage(filter));
                continue;
            }
            // the other instance filters by the same caller's namespaces: its token goes along
            InstanceForwarder.Reply page = forwarder.get(instance, ApiPaths.TASKS + "?scope=local&limit=" + filter.limit()
                    + ApiPaths.query("state", filter.state()) + ApiPaths.query("namespace", filter.namespace())
                    + ApiPaths.query("template", filter.template()) + ApiPaths.query("cursor", filter.cursor()), caller);
            if (!page.ok()) {
                throw ApiError.unavailable("instance " + instance + " could not list its tasks: HTTP " + page.status() + " " + page.body());
            }
            try {
                pages.add(Json.MAPPER.readTree(page.body()));
            } catch (IOException e) {
                throw ApiError.unavailable("instance " + instance + " answered a list that is not JSON");
            }
        }
        ApiResponses.json(ctx, 200, TaskListing.merge(pages, filter.limit()).toString());
    }

    private JsonNode localPage(TaskListing.Filter filter) {
        try {
            return view.localPage(filter);
        } catch (InvalidStateStoreException e) {
            throw ApiError.unavailable("task stores are not queryable now: " + e.getMessage());
        }
    }

    /** The query parameters as a filter; a 400 naming what is allowed for any that is not. */
    static TaskListing.Filter filter(Context ctx) {
        String limitParam = Optional.ofNullable(ctx.queryParam("limit")).orElse(String.valueOf(DEFAULT_LIMIT));
        int limit;
        try {
            limit = Integer.parseInt(limitParam);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("limit must be an integer, was '" + limitParam + "'");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiError.badRequest("limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
        TaskListing.Filter filter = new TaskListing.Filter(state(blankToNull(ctx.queryParam("state"))), blankToNull(ctx.queryParam("namespace")),
                blankToNull(ctx.queryParam("template")), limit, cursor(blankToNull(ctx.queryParam("cursor"))), null);
        if (filter.template() != null && filter.namespace() == null) {
            throw ApiError.badRequest("template needs namespace (templates are named per namespace)");
        }
        return filter;
    }

    /** A state's wire name (any case); an unknown one would match nothing and look like "no such tasks". */
    private static String state(String param) {
        if (param == null) return null;
        String state = param.toLowerCase(Locale.ROOT);
        List<String> allowed = Arrays.stream(TaskState.values()).map(TaskState::wireName).toList();
        if (!allowed.contains(state)) {
            throw ApiError.badRequest("unknown state '" + param + "'; allowed: " + String.join(", ", allowed))
                    .with("allowed", Json.MAPPER.valueToTree(allowed));
        }
        return state;
    }

    /** A cursor is only ever one this API handed out; anything else would silently restart at the first page. */
    private static String cursor(String param) {
        if (param != null && !TaskListing.isValidCursor(param)) {
            throw ApiError.badRequest("cursor '" + param + "' is malformed: pass the next_cursor of the previous page unchanged");
        }
        return param;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
