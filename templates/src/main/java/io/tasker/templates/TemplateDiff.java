package io.tasker.templates;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasker.templates.internal.Mappers;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What differs between two definitions of a template, in the words a person needs to see why a re-registration was
 * refused.
 *
 * <p>Two templates are the same when their canonical JSON ({@link TemplateJson#toJson}) is identical: that form
 * holds everything that affects execution, with defaults written out, so {@code handler: x} and
 * {@code handler: {name: x}} are equal, and so are an omitted retry policy and the defaults spelled out.
 */
public final class TemplateDiff {

    private static final String INPUT_SCHEMA = "input_schema";
    private static final String SCHEMA = "schema";
    private static final String EXAMPLES = "examples";
    private static final String NONE = "(none)";

    private TemplateDiff() {
    }

    /**
     * The changed parts, one readable line each, e.g. {@code step 'fetch_cart' removed},
     * {@code steps.fetch_cart.handler.name: 'a' -> 'b'}, {@code steps.fetch_cart.retry.max_attempts: 3 -> 5},
     * {@code input_schema changed}, {@code description: 'x' -> 'y'}.
     *
     * @param registered the definition already known (the "before" side)
     * @param candidate  the definition offered now (the "after" side)
     * @return the differences in template order; empty exactly when both canonical JSON forms are identical
     *         (ignoring key order and layout, and counting an omitted {@code depends_on}, {@code publishes_events} or
     *         {@code examples} as the empty list an older writer left out)
     */
    public static List<String> between(TaskTemplate registered, TaskTemplate candidate) {
        return betweenJson(TemplateJson.toJson(registered), TemplateJson.toJson(candidate));
    }

    /**
     * Like {@link #between(TaskTemplate, TaskTemplate)} for two canonical JSON forms, e.g. the bytes on the templates
     * topic or the {@code definition} that {@code GET /v1/templates} returns. Comparing the text, not a parsed
     * template, keeps this working for a registered definition the current validation would no longer accept.
     *
     * @throws IllegalArgumentException if either text is not a JSON object
     */
    public static List<String> betweenJson(String registeredJson, String candidateJson) {
        if (registeredJson.equals(candidateJson)) {
            return List.of();
        }
        JsonNode a = withListDefaults(tree(registeredJson));
        JsonNode b = withListDefaults(tree(candidateJson));
        if (a.equals(b)) {
            return List.of(); // same content, other key order or spacing, or an empty list left out
        }
        List<String> out = new ArrayList<>();
        for (String key : keys(a, b)) {
            if ("steps".equals(key)) {
                steps(a.path(key), b.path(key), out);
            } else {
                compare(key, a.path(key), b.path(key), out);
            }
        }
        if (out.isEmpty()) {
            out.add("definition changed"); // only if a future format adds a shape this diff does not know
        }
        return List.copyOf(out);
    }

    /**
     * The error for registering {@code candidate} under a key that already holds another definition, e.g.
     * {@code version 1.0.0 of ecommerce/order_fulfillment is already registered with a different definition: step
     * 'ship' removed; bump the version}. One wording for the runner and the CLI.
     *
     * @param differences what {@link #between} returned; not empty
     */
    public static String redefinitionError(TaskTemplate candidate, List<String> differences) {
        return "version " + candidate.version() + " of " + candidate.namespace() + "/" + candidate.name()
                + " is already registered with a different definition: " + String.join("; ", differences)
                + "; bump the version";
    }

    private static void steps(JsonNode before, JsonNode after, List<String> out) {
        Map<String, JsonNode> a = byName(before);
        Map<String, JsonNode> b = byName(after);
        a.keySet().stream().filter(n -> !b.containsKey(n)).forEach(n -> out.add("step '" + n + "' removed"));
        b.keySet().stream().filter(n -> !a.containsKey(n)).forEach(n -> out.add("step '" + n + "' added"));
        order("steps", a, b, out);
        for (Map.Entry<String, JsonNode> e : a.entrySet()) {
            JsonNode other = b.get(e.getKey());
            if (other == null) {
                continue;
            }
            String path = "steps." + e.getKey();
            for (String key : keys(e.getValue(), other)) {
                if ("publishes_events".equals(key)) {
                    events(path, e.getValue().path(key), other.path(key), out);
                } else {
                    compare(path + "." + key, e.getValue().path(key), other.path(key), out);
                }
            }
        }
    }

    private static void events(String stepPath, JsonNode before, JsonNode after, List<String> out) {
        Map<String, JsonNode> a = byName(before);
        Map<String, JsonNode> b = byName(after);
        a.keySet().stream().filter(n -> !b.containsKey(n))
                .forEach(n -> out.add(stepPath + ": event '" + n + "' removed"));
        b.keySet().stream().filter(n -> !a.containsKey(n))
                .forEach(n -> out.add(stepPath + ": event '" + n + "' added"));
        order(stepPath + ".publishes_events", a, b, out);
        for (Map.Entry<String, JsonNode> e : a.entrySet()) {
            JsonNode other = b.get(e.getKey());
            if (other == null) {
                continue;
            }
            String path = stepPath + ".publishes_events." + e.getKey();
            for (String key : keys(e.getValue(), other)) {
                if (EXAMPLES.equals(key)) {
                    examples(path + "." + key, e.getValue().path(key), other.path(key), out);
                } else {
                    compare(path + "." + key, e.getValue().path(key), other.path(key), out);
                }
            }
        }
    }

    /** By position: an example is data, so "changed" says enough and keeps a large payload out of the line. */
    private static void examples(String path, JsonNode before, JsonNode after, List<String> out) {
        for (int i = 0; i < Math.max(before.size(), after.size()); i++) {
            if (i >= after.size()) {
                out.add(path + "[" + i + "] removed");
            } else if (i >= before.size()) {
                out.add(path + "[" + i + "] added");
            } else if (!before.get(i).equals(after.get(i))) {
                out.add(path + "[" + i + "] changed");
            }
        }
    }

    /**
     * Adds the lists the canonical form always writes, where an older writer left an empty one out, so such a
     * definition compares equal to today's form of it.
     */
    private static JsonNode withListDefaults(JsonNode root) {
        for (JsonNode step : root.path("steps")) {
            if (step instanceof ObjectNode s) {
                for (String list : List.of("depends_on", "publishes_events")) {
                    if (!s.has(list)) {
                        s.putArray(list);
                    }
                }
                for (JsonNode event : s.path("publishes_events")) {
                    if (event instanceof ObjectNode e && !e.has(EXAMPLES)) {
                        e.putArray(EXAMPLES);
                    }
                }
            }
        }
        return root;
    }

    /** Reports a new order of the entries both sides share (the runner and the engine follow template order). */
    private static void order(String path, Map<String, JsonNode> a, Map<String, JsonNode> b, List<String> out) {
        List<String> common = a.keySet().stream().filter(b::containsKey).toList();
        List<String> commonAfter = b.keySet().stream().filter(a::containsKey).toList();
        if (!common.equals(commonAfter)) {
            out.add(path + " reordered: " + String.join(", ", common) + " -> " + String.join(", ", commonAfter));
        }
    }

    private static void compare(String path, JsonNode a, JsonNode b, List<String> out) {
        if (a.equals(b)) {
            return;
        }
        if (path.equals(INPUT_SCHEMA) || path.endsWith("." + SCHEMA)) {
            out.add(path + (a.isMissingNode() ? " added" : b.isMissingNode() ? " removed" : " changed"));
        } else if (a.isObject() && b.isObject()) {
            for (String key : keys(a, b)) {
                compare(path + "." + key, a.path(key), b.path(key), out);
            }
        } else {
            out.add(path + ": " + show(a) + " -> " + show(b));
        }
    }

    /** Keys of both objects, sorted like the canonical JSON. */
    private static TreeSet<String> keys(JsonNode a, JsonNode b) {
        TreeSet<String> keys = new TreeSet<>();
        a.fieldNames().forEachRemaining(keys::add);
        b.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static Map<String, JsonNode> byName(JsonNode list) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (Iterator<JsonNode> it = list.elements(); it.hasNext(); ) {
            JsonNode n = it.next();
            byName.put(n.path("name").asText(), n);
        }
        return byName;
    }

    private static String show(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return NONE;
        }
        return n.isTextual() ? "'" + n.asText() + "'" : n.toString();
    }

    private static JsonNode tree(String json) {
        JsonNode n;
        try {
            n = Mappers.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a template's JSON: " + e.getOriginalMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a template's JSON: expected an object");
        }
        return n;
    }
}
