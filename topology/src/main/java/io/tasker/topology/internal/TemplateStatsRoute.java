package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.tasker.topology.TaskState;
import io.tasker.topology.internal.auth.Caller;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /v1/templates/stats[?namespace=]}: per namespace, its templates and versions with who registered them and
 * when (from the global templates store, the same on every instance), and the tasks of each per state (scatter-gather:
 * every instance sums the per-template counts of the partitions it owns, {@code scope=local}; the one asked adds them
 * up). Reads counters only, never tasks.
 */
final class TemplateStatsRoute {
    private final TaskStoreView view;
    private final InstanceForwarder forwarder;

    TemplateStatsRoute(TaskStoreView view, InstanceForwarder forwarder) {
        this.view = view;
        this.forwarder = forwarder;
    }

    void stats(Context ctx) {
        Caller caller = Caller.of(ctx);
        if (view.state() != KafkaStreams.State.RUNNING) {
            throw ApiError.unavailable("task stores are not ready (instance state " + view.state() + ")");
        }
        if ("local".equals(ctx.queryParam("scope"))) {
            ApiResponses.json(ctx, 200, localCounts(caller).toString());
            return;
        }
        Map<String, Long> counts = new HashMap<>();
        for (HostInfo instance : view.instances()) {
            JsonNode page;
            if (instance.equals(forwarder.self())) {
                page = localCounts(caller);
            } else {
                InstanceForwarder.Reply reply = forwarder.get(instance, "/v1/templates/stats?scope=local", caller);
                if (!reply.ok()) {
                    throw ApiError.unavailable("instance " + instance + " could not count its tasks: HTTP " + reply.status() + " " + reply.body());
                }
                try {
                    page = Json.MAPPER.readTree(reply.body());
                } catch (IOException e) {
                    throw ApiError.unavailable("instance " + instance + " answered counts that are not JSON");
                }
            }
            for (JsonNode c : page.path("counts")) {
                if (!caller.allows(c.path("namespace").asText())) continue;
                counts.merge(TemplateCounts.key(c.path("namespace").asText(), c.path("name").asText(), c.path("version").asText(),
                        c.path("state").asText()), c.path("tasks").asLong(), Long::sum);
            }
        }
        List<TemplateCatalog.Registration> registrations;
        try {
            registrations = view.registrations().stream().filter(r -> caller.allows(r.namespace())).toList();
        } catch (InvalidStateStoreException e) {
            throw ApiError.unavailable("templates are not loaded yet");
        }
        String namespace = ctx.queryParam("namespace");
        ApiResponses.json(ctx, 200, render(registrations, counts, namespace == null || namespace.isBlank() ? null : namespace).toString());
    }

    private ObjectNode localCounts(Caller caller) {
        Map<String, Long> local;
        try {
            local = view.localTemplateCounts();
        } catch (InvalidStateStoreException e) {
            throw ApiError.unavailable("task stores are not queryable now: " + e.getMessage());
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode list = out.putArray("counts");
        local.forEach((k, v) -> {
            TemplateCounts.Count c = TemplateCounts.parse(k, v);
            if (c != null && caller.allows(c.namespace())) {
                list.addObject().put("namespace", c.namespace()).put("name", c.name()).put("version", c.version())
                        .put("state", c.state()).put("tasks", c.tasks());
            }
        });
        return out;
    }

    /** One version: its registration (null when tasks remain of a version no longer registered) and its tasks per state. */
    private record Version(TemplateCatalog.Registration registration, Map<String, Long> tasks) {
    }

    /** The answer, from registrations and summed counts (keyed like {@link TemplateCounts#key}); testable without Kafka. */
    static ObjectNode render(List<TemplateCatalog.Registration> registrations, Map<String, Long> counts, String onlyNamespace) {
        // namespace -> template -> version
        Map<String, Map<String, Map<String, Version>>> tree = new TreeMap<>();
        for (TemplateCatalog.Registration r : registrations) {
            version(tree, r.namespace(), r.name(), r.version(), r);
        }
        counts.forEach((k, n) -> {
            TemplateCounts.Count c = TemplateCounts.parse(k, n);
            if (c != null) version(tree, c.namespace(), c.name(), c.version(), null).tasks().merge(c.state(), c.tasks(), Long::sum);
        });
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode namespaces = out.putArray("namespaces");
        Map<String, Long> allTasks = emptyStates();
        int templateTotal = 0;
        int versionTotal = 0;
        for (var ns : tree.entrySet()) {
            if (onlyNamespace != null && !onlyNamespace.equals(ns.getKey())) continue;
            ObjectNode nsNode = namespaces.addObject().put("namespace", ns.getKey());
            Map<String, Long> nsTasks = emptyStates();
            long nsLast = 0;
            int nsVersions = 0;
            ArrayNode templates = Json.MAPPER.createArrayNode();
            for (var t : ns.getValue().entrySet()) {
                ObjectNode tNode = templates.addObject().put("name", t.getKey());
                Map<String, Long> tTasks = emptyStates();
                long tLast = 0;
                String latest = null;
                ArrayNode versions = Json.MAPPER.createArrayNode();
                List<String> ordered = new ArrayList<>(t.getValue().keySet());
                ordered.sort(TemplateCatalog.VERSION_ORDER);
                for (String v : ordered) {
                    Version version = t.getValue().get(v);
                    ObjectNode vNode = versions.addObject().put("version", v);
                    TemplateCatalog.Registration r = version.registration();
                    if (r != null) {
                        vNode.put("registered_at", r.registeredAt()).put("registered_by", r.registeredBy());
                        tLast = Math.max(tLast, r.registeredAt());
                        latest = v;
                    } else {
                        vNode.putNull("registered_at").putNull("registered_by");
                    }
                    vNode.put("registered", r != null);
                    vNode.set("tasks", Json.MAPPER.valueToTree(version.tasks()));
                    version.tasks().forEach((s, n) -> tTasks.merge(s, n, Long::sum));
                    if (r != null) nsVersions++;
                }
                tNode.put("latest_version", latest);
                if (tLast > 0) tNode.put("last_registered_at", tLast);
                else tNode.putNull("last_registered_at");
                tNode.set("tasks", Json.MAPPER.valueToTree(tTasks));
                tNode.set("versions", versions);
                tTasks.forEach((s, n) -> nsTasks.merge(s, n, Long::sum));
                nsLast = Math.max(nsLast, tLast);
            }
            nsNode.put("template_count", ns.getValue().size()).put("version_count", nsVersions);
            if (nsLast > 0) nsNode.put("last_registered_at", nsLast);
            else nsNode.putNull("last_registered_at");
            nsNode.set("tasks", Json.MAPPER.valueToTree(nsTasks));
            nsNode.set("templates", templates);
            nsTasks.forEach((s, n) -> allTasks.merge(s, n, Long::sum));
            templateTotal += ns.getValue().size();
            versionTotal += nsVersions;
        }
        ObjectNode totals = out.putObject("totals");
        totals.put("namespaces", namespaces.size()).put("templates", templateTotal).put("versions", versionTotal);
        totals.set("tasks", Json.MAPPER.valueToTree(allTasks));
        return out;
    }

    private static Version version(Map<String, Map<String, Map<String, Version>>> tree, String ns, String name, String v,
                                   TemplateCatalog.Registration registration) {
        Map<String, Version> versions = tree.computeIfAbsent(ns, k -> new TreeMap<>()).computeIfAbsent(name, k -> new TreeMap<>());
        Version existing = versions.get(v);
        if (existing == null || (existing.registration() == null && registration != null)) {
            Version next = new Version(registration, existing == null ? emptyStates() : existing.tasks());
            versions.put(v, next);
            return next;
        }
        return existing;
    }

    /** Every state with 0, in the order of {@link TaskState}, so answers always have the same keys. */
    private static Map<String, Long> emptyStates() {
        Map<String, Long> m = new java.util.LinkedHashMap<>();
        for (TaskState s : TaskState.values()) m.put(s.wireName(), 0L);
        return m;
    }
}
