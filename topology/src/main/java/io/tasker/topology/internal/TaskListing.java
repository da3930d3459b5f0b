package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasker.topology.TopologyNames;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Listing of tasks, newest first: each instance range-scans the secondary index of the partitions it owns
 * ({@link #localPage}), the instance that was asked merges the pages of every instance ({@link #merge}).
 * The cursor is the sort key {@code <created>|<task id>} of the last task returned, so it is valid on every
 * instance and survives rebalances.
 */
final class TaskListing {
    /** @param allowed the only namespaces whose tasks and counts may be listed (the caller's); null = every namespace */
    record Filter(String state, String namespace, String template, int limit, String cursor, java.util.Set<String> allowed) {
        Filter onlyIn(java.util.Set<String> namespaces) {
            return new Filter(state, namespace, template, limit, cursor, namespaces);
        }

        boolean shows(TaskRecord t) {
            return allowed == null || allowed.contains(t.namespace());
        }

        /** The index whose entries are exactly the matching tasks: no filtering after the scan, so no page can miss one. */
        String prefix() {
            if (template != null) {
                return state != null ? TaskIndex.stateTemplatePrefix(state, namespace, template) : TaskIndex.templatePrefix(namespace, template);
            }
            if (namespace != null) {
                return state != null ? TaskIndex.stateNamespacePrefix(state, namespace) : TaskIndex.namespacePrefix(namespace);
            }
            return state != null ? TaskIndex.statePrefix(state) : TaskIndex.allPrefix();
        }
    }

    /** The shape of {@link TaskIndex#sortKey}: 13 digits of creation time, {@code |}, the task id. */
    private static final Pattern CURSOR = Pattern.compile("\\d{13}\\|.+");

    private TaskListing() {
    }

    /** Whether {@code cursor} has the shape of a cursor this listing hands out as {@code next_cursor}. */
    static boolean isValidCursor(String cursor) {
        return CURSOR.matcher(cursor).matches();
    }

    /** Up to {@code limit + 1} matching tasks of this instance's partitions (the extra one says "there is more"), plus counts. */
    static ObjectNode localPage(KafkaStreams streams, Filter f) {
        TreeSet<String> keys = new TreeSet<>(Comparator.reverseOrder());
        Map<String, TaskRecord> byKey = new java.util.HashMap<>();
        Map<String, Long> counts = new TreeMap<>();
        String prefix = f.prefix();
        String upper = f.cursor() == null ? prefix + "\uffff" : prefix + f.cursor();
        for (int partition : localPartitions(streams)) {
            ReadOnlyKeyValueStore<String, String> index = store(streams, TopologyNames.TASK_INDEX_STORE, partition);
            ReadOnlyKeyValueStore<String, TaskRecord> tasks = store(streams, TopologyNames.TASKS_STORE, partition);
            ReadOnlyKeyValueStore<String, Long> countStore = store(streams, TopologyNames.TASK_COUNTS_STORE, partition);
            int found = 0;
            try (KeyValueIterator<String, String> it = index.reverseRange(prefix, upper)) {
                while (it.hasNext() && found <= f.limit()) {
                    KeyValue<String, String> kv = it.next();
                    String sortKey = kv.key.substring(prefix.length());
                    if (sortKey.equals(f.cursor())) continue; // the cursor itself was on the previous page
                    TaskRecord t = tasks.get(sortKey.substring(sortKey.indexOf('|') + 1));
                    // skipped, not counted: the scan goes on, so a page of a restricted caller is still full
                    if (t != null && f.shows(t)) { // written in the same transaction as the index, so present
                        keys.add(sortKey);
                        byKey.put(sortKey, t);
                        found++;
                    }
                }
            }
            if (f.allowed() == null) {
                try (KeyValueIterator<String, Long> it = countStore.all()) {
                    it.forEachRemaining(kv -> {
                        if (!TaskIndex.isGaugeCount(kv.key)) counts.merge(kv.key, kv.value, Long::sum);
                    });
                }
            } else { // the per-state counts of the caller's namespaces only, from the per-template counts
                Map<String, Long> perTemplate = new TreeMap<>();
                TemplateCounts.sum(store(streams, TopologyNames.TASK_TEMPLATE_COUNTS_STORE, partition), perTemplate);
                perTemplate.forEach((k, v) -> {
                    TemplateCounts.Count c = TemplateCounts.parse(k, v);
                    if (c != null && f.allowed().contains(c.namespace())) counts.merge(c.state(), c.tasks(), Long::sum);
                });
            }
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode list = out.putArray("tasks");
        int n = 0;
        for (String k : keys) {
            if (n++ > f.limit()) break;
            list.add(summary(byKey.get(k), k));
        }
        out.set("counts", Json.MAPPER.valueToTree(counts));
        return out;
    }

    /** Merges the local pages of every instance into one page of at most {@code limit} tasks. */
    static ObjectNode merge(List<JsonNode> pages, int limit) {
        List<JsonNode> all = new ArrayList<>();
        Map<String, Long> counts = new TreeMap<>();
        for (JsonNode page : pages) {
            page.path("tasks").forEach(all::add);
            page.path("counts").fields().forEachRemaining(e -> counts.merge(e.getKey(), e.getValue().asLong(), Long::sum));
        }
        all.sort(Comparator.comparing((JsonNode t) -> t.path("cursor").asText()).reversed());
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode list = out.putArray("tasks");
        for (int i = 0; i < Math.min(limit, all.size()); i++) list.add(all.get(i));
        if (all.size() > limit) {
            out.put("next_cursor", all.get(limit - 1).path("cursor").asText());
        } else {
            out.putNull("next_cursor");
        }
        out.set("counts", Json.MAPPER.valueToTree(counts));
        return out;
    }

    private static ObjectNode summary(TaskRecord t, String cursor) {
        return Json.MAPPER.createObjectNode()
                .put("task_id", t.taskId()).put("namespace", t.namespace()).put("template_name", t.templateName())
                .put("template_version", t.templateVersion()).put("state", t.state().wireName())
                .put("created_at", t.createdAt()).put("updated_at", t.updatedAt()).put("cursor", cursor);
    }

    private static List<Integer> localPartitions(KafkaStreams streams) {
        List<Integer> out = new ArrayList<>();
        streams.metadataForLocalThreads().forEach(thread -> thread.activeTasks()
                .forEach(task -> out.add(task.taskId().partition())));
        return out;
    }

    private static <V> ReadOnlyKeyValueStore<String, V> store(KafkaStreams streams, String name, int partition) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore())
                .withPartition(partition));
    }
}
