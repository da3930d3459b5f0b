package io.tasker.schemas.redaction;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The fields a JSON Schema marks sensitive, as dotted paths for {@link RedactionConfig#withPaths}: schema-driven
 * redaction of a template's {@code input_schema} or an event's schema.
 */
public final class SensitiveFields {
    /** The schema keyword Tasker adds: {@code "x-sensitive": true}. */
    public static final String X_SENSITIVE = "x-sensitive";
    /** The standard keyword that also marks a field sensitive: {@code "writeOnly": true}. */
    public static final String WRITE_ONLY = "writeOnly";

    private SensitiveFields() {
    }

    /**
     * Dotted paths of the properties marked {@value #X_SENSITIVE} or {@value #WRITE_ONLY}, following {@code properties},
     * {@code items} (array elements are transparent in paths), {@code prefixItems}, {@code allOf}/{@code anyOf}/
     * {@code oneOf}, {@code then}/{@code else}, {@code additionalProperties} and {@code patternProperties} (as the
     * segment {@code *}) and local {@code $ref}s ({@code #/...}; the fields of a recursive reference are listed under the key that recurses, e.g. {@code child.key}, which matches at every depth). A marked
     * node's whole value is masked, so nothing below it is listed. An empty set for a null schema.
     */
    public static Set<String> paths(JsonNode schema) {
        Set<String> out = new LinkedHashSet<>();
        if (schema != null && schema.isObject()) walk(schema, schema, "", out, new ArrayDeque<>());
        return out;
    }

    /** Keywords that show a value of the field: removed from sensitive fields by {@link #withoutExampleValues}. */
    public static final java.util.List<String> EXAMPLE_KEYWORDS = java.util.List.of("examples", "example", "default");

    /**
     * A copy of {@code schema} where no field marked {@value #X_SENSITIVE} or {@value #WRITE_ONLY} shows a value: their
     * {@link #EXAMPLE_KEYWORDS annotations that hold example values} are removed, at any depth (validation is not
     * changed: these keywords only annotate). For schemas shown to users (the event catalog, AsyncAPI). Null stays
     * null.
     */
    public static JsonNode withoutExampleValues(JsonNode schema) {
        if (schema == null) return null;
        JsonNode copy = schema.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode obj && marked(obj)) {
            obj.remove(EXAMPLE_KEYWORDS);
        }
        if (node != null && node.isContainerNode()) node.forEach(SensitiveFields::strip);
    }

    private static void walk(JsonNode node, JsonNode root, String prefix, Set<String> out, Deque<String> refs) {
        if (node == null || !node.isObject()) return;
        if (!prefix.isEmpty() && marked(node)) {
            out.add(prefix);
            return;
        }
        JsonNode ref = node.get("$ref");
        if (ref != null && ref.isTextual() && ref.asText().startsWith("#")) {
            String r = ref.asText();
            JsonNode target = root.at(r.substring(1));
            if (!refs.contains(r)) {
                refs.push(r);
                walk(target.isMissingNode() ? null : target, root, prefix, out, refs);
                refs.pop();
            } else if (!refs.contains("again:" + r)) {
                // A recursive structure: its fields repeat at every depth. Paths match at any depth, so listing them
                // under the last key (child.key rather than tree.child.key) covers all depths.
                refs.push("again:" + r);
                walk(target.isMissingNode() ? null : target, root, prefix.substring(prefix.lastIndexOf('.') + 1), out, refs);
                refs.pop();
            }
        }
        JsonNode props = node.get("properties");
        if (props != null && props.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = props.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                walk(f.getValue(), root, join(prefix, f.getKey()), out, refs);
            }
        }
        JsonNode patternProps = node.get("patternProperties");
        if (patternProps != null && patternProps.isObject()) patternProps.forEach(p -> walk(p, root, join(prefix, "*"), out, refs));
        walk(node.get("additionalProperties"), root, join(prefix, "*"), out, refs);
        JsonNode items = node.get("items");
        if (items != null && items.isArray()) items.forEach(i -> walk(i, root, prefix, out, refs));
        else walk(items, root, prefix, out, refs);
        for (String list : new String[] {"prefixItems", "allOf", "anyOf", "oneOf"}) {
            JsonNode l = node.get(list);
            if (l != null && l.isArray()) l.forEach(s -> walk(s, root, prefix, out, refs));
        }
        walk(node.get("then"), root, prefix, out, refs);
        walk(node.get("else"), root, prefix, out, refs);
    }

    private static boolean marked(JsonNode node) {
        return node.path(X_SENSITIVE).asBoolean(false) || node.path(WRITE_ONLY).asBoolean(false);
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }
}
