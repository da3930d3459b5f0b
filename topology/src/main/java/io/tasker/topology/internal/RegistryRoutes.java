package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.tasker.avro.ComponentKind;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /v1/runners} and {@code GET /v1/subscribers}: the live registry. Every instance reads the whole registry
 * topic, so any instance answers (no forwarding). {@code ?status=live|stale|stopped} filters; the {@code counts} are
 * over every listed entry. 503 until the instance has read the topic to the end once.
 */
final class RegistryRoutes {
    private final RegistryView registry;

    RegistryRoutes(RegistryView registry) {
        this.registry = registry;
    }

    void runners(Context ctx) {
        list(ctx, ComponentKind.RUNNER, "runners");
    }

    void subscribers(Context ctx) {
        list(ctx, ComponentKind.SUBSCRIBER, "subscribers");
    }

    private void list(Context ctx, ComponentKind kind, String field) {
        RegistryStatus only = status(ctx.queryParam("status"));
        if (!registry.isLoaded()) {
            String why = registry.failure();
            throw ApiError.unavailable("the registry is not loaded yet" + (why == null ? "" : ": " + why));
        }
        List<RegistryView.Listed> all = registry.list(kind);
        Map<String, Long> counts = new TreeMap<>();
        for (RegistryStatus s : RegistryStatus.values()) counts.put(s.wireName(), 0L);
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode list = out.putArray(field);
        for (RegistryView.Listed l : all) {
            counts.merge(l.status().wireName(), 1L, Long::sum);
            if (only == null || l.status() == only) list.add(json(l));
        }
        out.set("counts", Json.MAPPER.valueToTree(counts));
        out.put("stale_after_ms", registry.staleAfterMs());
        ApiResponses.json(ctx, 200, out.toString());
    }

    static ObjectNode json(RegistryView.Listed l) {
        RegistryEntry e = l.entry();
        ObjectNode n = Json.MAPPER.createObjectNode()
                .put("id", e.id()).put("name", e.name()).put("status", l.status().wireName())
                .put("host", e.host());
        if (e.pid() == null) n.putNull("pid");
        else n.put("pid", e.pid());
        n.put("version", e.version()).put("group_id", e.groupId());
        n.set("namespaces", Json.MAPPER.valueToTree(e.namespaces()));
        n.set("handlers", Json.MAPPER.valueToTree(e.handlers()));
        if (e.kind() == ComponentKind.SUBSCRIBER) n.set("events", Json.MAPPER.valueToTree(e.events()));
        n.put("threads", e.threads()).put("max_in_flight", e.maxInFlight()).put("in_flight", e.inFlight())
                .put("healthy", e.healthy()).put("health_detail", e.healthDetail())
                .put("started_at", e.startedAt()).put("last_seen", e.lastSeen())
                .put("last_seen_ago_ms", Math.max(0, l.now() - e.lastSeen()))
                .put("announce_interval_ms", e.intervalMs());
        n.set("attributes", Json.MAPPER.valueToTree(e.attributes()));
        return n;
    }

    private static RegistryStatus status(String param) {
        if (param == null || param.isBlank()) return null;
        RegistryStatus s = RegistryStatus.parse(param.trim());
        if (s == null) {
            List<String> allowed = Arrays.stream(RegistryStatus.values()).map(RegistryStatus::wireName).toList();
            throw ApiError.badRequest("unknown status '" + param + "'; allowed: " + String.join(", ", allowed))
                    .with("allowed", Json.MAPPER.valueToTree(allowed));
        }
        return s;
    }
}
