package io.tasker.templates.internal;

import static io.tasker.templates.internal.Fields.kind;
import static io.tasker.templates.internal.Fields.present;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges one {@code environments.<env>} section into the base template tree: maps merge key by key, steps are
 * matched by name, and keys that form the template's identity cannot be overridden.
 */
final class EnvironmentOverrides {

    static final List<String> ENV_KEYS = List.of("description", "input_schema", "lifecycle", "steps");

    private EnvironmentOverrides() {
    }

    /** The merged tree, or {@code null} (with a problem recorded) when the section is not a mapping. */
    static ObjectNode apply(ObjectNode base, JsonNode overrides, String path, Problems p) {
        if (!present(overrides)) {
            return base.deepCopy();
        }
        if (!overrides.isObject()) {
            p.error(path, "must be a mapping of overrides, was " + kind(overrides));
            return null;
        }
        ObjectNode merged = base.deepCopy();
        Iterator<Map.Entry<String, JsonNode>> it = overrides.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            String keyPath = path + "." + key;
            switch (key) {
                case "steps" -> mergeSteps(merged, e.getValue(), keyPath, p);
                case "description", "input_schema", "lifecycle" ->
                        merged.set(key, deepMerge(merged.get(key), e.getValue()));
                case "name", "namespace", "version" ->
                        p.error(keyPath, "cannot be overridden per environment (it is part of the template key)");
                default -> p.error(keyPath, "unknown key" + Fields.hint(key, ENV_KEYS) + " (allowed: "
                        + String.join(", ", ENV_KEYS) + ")");
            }
        }
        return merged;
    }

    private static void mergeSteps(ObjectNode merged, JsonNode overrides, String path, Problems p) {
        if (!present(overrides)) {
            return;
        }
        if (!overrides.isArray()) {
            p.error(path, "must be a list of step overrides, was " + kind(overrides));
            return;
        }
        JsonNode baseSteps = merged.get("steps");
        if (baseSteps == null || !baseSteps.isArray()) {
            return; // reported by the base validation
        }
        Map<String, Integer> byName = new LinkedHashMap<>();
        for (int i = 0; i < baseSteps.size(); i++) {
            JsonNode n = baseSteps.get(i).get("name");
            if (n != null && n.isTextual()) {
                byName.putIfAbsent(n.asText(), i);
            }
        }
        Set<String> overridden = new HashSet<>();
        for (int i = 0; i < overrides.size(); i++) {
            JsonNode o = overrides.get(i);
            String oPath = path + "[" + i + "]";
            if (!o.isObject()) {
                p.error(oPath, "must be a mapping naming the step to override, was " + kind(o));
                continue;
            }
            JsonNode name = o.get("name");
            if (name == null || !name.isTextual()) {
                p.error(oPath + ".name", "is required (the name of the step to override)");
                continue;
            }
            Integer idx = byName.get(name.asText());
            if (idx == null) {
                p.error(oPath + ".name", "unknown step '" + name.asText() + "'"
                        + Fields.hint(name.asText(), byName.keySet()) + " (known: "
                        + String.join(", ", byName.keySet()) + ")");
                continue;
            }
            if (!overridden.add(name.asText())) {
                p.error(oPath + ".name", "step '" + name.asText() + "' is overridden more than once");
                continue;
            }
            ((ArrayNode) baseSteps).set(idx,
                    deepMerge(normalizeHandler(baseSteps.get(idx)), normalizeHandler(o)));
        }
    }

    /** Expands the {@code handler: some.name} shorthand so an override can merge into handler.config. */
    private static JsonNode normalizeHandler(JsonNode step) {
        if (step.isObject() && step.path("handler").isTextual()) {
            ObjectNode copy = ((ObjectNode) step).deepCopy();
            ObjectNode handler = copy.objectNode();
            handler.put("name", step.get("handler").asText());
            copy.set("handler", handler);
            return copy;
        }
        return step;
    }

    /** Maps merge key by key; anything else (scalars, lists, explicit null) replaces. */
    static JsonNode deepMerge(JsonNode base, JsonNode override) {
        if (base != null && base.isObject() && override != null && override.isObject()) {
            ObjectNode result = ((ObjectNode) base).deepCopy();
            override.fields().forEachRemaining(e -> result.set(e.getKey(), deepMerge(result.get(e.getKey()),
                    e.getValue())));
            return result;
        }
        return override == null ? null : override.deepCopy();
    }
}
