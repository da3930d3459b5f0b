package io.tasker.templates.catalog;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes an example instance of a JSON Schema, for events that declare no {@code examples}. Deterministic (the same
 * schema always gives the same example) and offline.
 *
 * <p>Understood: {@code const}, {@code enum} (first value), the schema's own {@code examples} / {@code default},
 * {@code type} (also a list: the first non-null type, so {@code [string, null]} gives a string), {@code properties}
 * (every one, optional ones too), {@code required}, {@code additionalProperties}, {@code minProperties} /
 * {@code maxProperties}, {@code dependentRequired}, {@code items} / {@code prefixItems} / {@code minItems} /
 * {@code maxItems} / {@code uniqueItems}, {@code format} (date-time, date, time, duration, email, hostname, ipv4, ipv6,
 * uri, uri-reference, uuid, ...), {@code minLength} / {@code maxLength}, {@code pattern} (a few candidates are tried),
 * {@code minimum} / {@code maximum} / exclusive bounds / {@code multipleOf}, {@code allOf} (merged), {@code oneOf} /
 * {@code anyOf} (the first branch) and local {@code $ref}s ({@code #/...}). Not understood: {@code not},
 * {@code if}/{@code then}/{@code else}, and patterns none of the candidates match; validate the result when it matters.
 * Thread-safe (stateless).
 */
public final class SchemaExamples {
    private static final int MAX_DEPTH = 16;
    /** Beyond this depth objects get their required properties only, so a recursive schema ends. */
    private static final int OPTIONAL_DEPTH = 6;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SchemaExamples() {
    }

    /**
     * An example of {@code schema}; an empty object for a schema that constrains nothing (event payloads are objects),
     * JSON {@code null} for the {@code false} schema.
     */
    public static JsonNode generate(JsonNode schema) {
        if (schema == null || schema.isMissingNode() || schema.isNull()) {
            return NODES.objectNode();
        }
        return new Walk(schema).value(schema, null, 0, 0, true);
    }

    /** One generation over one root document (the target of local references). */
    private record Walk(JsonNode root) {

        JsonNode value(JsonNode schema, String name, int variant, int depth, boolean isRoot) {
            if (schema.isBoolean()) {
                return schema.asBoolean() ? ScalarExamples.string(NODES.objectNode(), name, variant) : NullNode.getInstance();
            }
            if (!schema.isObject() || depth > MAX_DEPTH) {
                return NullNode.getInstance();
            }
            JsonNode flat = flatten((ObjectNode) schema, depth);
            if (flat.has("const")) return flat.get("const").deepCopy();
            JsonNode choices = flat.path("enum");
            if (choices.isArray() && !choices.isEmpty()) return choices.get(variant % choices.size()).deepCopy();
            JsonNode own = flat.path("examples");
            if (own.isArray() && !own.isEmpty() && variant == 0) return own.get(0).deepCopy();
            if (flat.has("default") && variant == 0) return flat.get("default").deepCopy();
            return switch (type(flat, isRoot)) {
                case "object" -> object(flat, variant, depth);
                case "array" -> array(flat, name, depth);
                case "string" -> ScalarExamples.string(flat, name, variant);
                case "integer" -> ScalarExamples.integer(flat, variant);
                case "number" -> ScalarExamples.number(flat, variant);
                case "boolean" -> NODES.booleanNode(variant % 2 == 0);
                default -> NullNode.getInstance();
            };
        }

        /** The schema with its local {@code $ref}, {@code allOf} and first {@code oneOf}/{@code anyOf} branch merged in. */
        private JsonNode flatten(ObjectNode schema, int depth) {
            ObjectNode flat = schema;
            for (int guard = 0; guard < MAX_DEPTH; guard++) {
                JsonNode ref = flat.get("$ref");
                if (ref != null && ref.isTextual() && ref.asText().startsWith("#")) {
                    ObjectNode rest = flat.deepCopy();
                    rest.remove("$ref");
                    flat = merge(resolve(ref.asText()), rest);
                    continue;
                }
                String composite = flat.has("allOf") ? "allOf" : flat.has("oneOf") ? "oneOf" : flat.has("anyOf") ? "anyOf" : null;
                if (composite == null) {
                    return flat;
                }
                ObjectNode rest = flat.deepCopy();
                JsonNode branches = rest.remove(composite);
                ObjectNode merged = rest;
                int take = composite.equals("allOf") ? branches.size() : Math.min(1, branches.size());
                for (int i = 0; i < take; i++) {
                    JsonNode b = branches.get(i);
                    merged = merge(merged, b.isObject() ? (ObjectNode) b : NODES.objectNode());
                }
                flat = merged;
            }
            return flat;
        }

        private ObjectNode resolve(String ref) {
            String pointer = java.net.URLDecoder.decode(ref.substring(1), java.nio.charset.StandardCharsets.UTF_8);
            JsonNode target = pointer.isEmpty() ? root : root.at(JsonPointer.compile(pointer));
            return target.isObject() ? (ObjectNode) target : NODES.objectNode();
        }

        /** Every property (only the required ones deep down); {@code variant} passes on so array elements differ. */
        private JsonNode object(JsonNode schema, int variant, int depth) {
            ObjectNode out = NODES.objectNode();
            Set<String> required = strings(schema.path("required"));
            JsonNode properties = schema.path("properties");
            Iterator<Map.Entry<String, JsonNode>> it = properties.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> p = it.next();
                if (depth < OPTIONAL_DEPTH || required.contains(p.getKey())) {
                    out.set(p.getKey(), value(p.getValue(), p.getKey(), variant, depth + 1, false));
                }
            }
            JsonNode dependent = schema.path("dependentRequired");
            for (String present : new ArrayList<>(asList(out.fieldNames()))) {
                required.addAll(strings(dependent.path(present)));
            }
            JsonNode extra = schema.path("additionalProperties");
            for (String r : required) {
                if (!out.has(r)) out.set(r, value(extra.isObject() ? extra : NODES.objectNode(), r, 0, depth + 1, false));
            }
            int max = schema.path("maxProperties").asInt(Integer.MAX_VALUE);
            for (String key : asList(out.fieldNames())) {
                if (out.size() <= max) break;
                if (!required.contains(key)) out.remove(key);
            }
            int min = schema.path("minProperties").asInt(0);
            boolean extraAllowed = !(extra.isBoolean() && !extra.asBoolean());
            for (int i = 1; out.size() < min && extraAllowed; i++) {
                out.set("property_" + i, value(extra.isObject() ? extra : NODES.objectNode(), "property_" + i, 0, depth + 1, false));
            }
            return out;
        }

        private JsonNode array(JsonNode schema, String name, int depth) {
            ArrayNode out = NODES.arrayNode();
            JsonNode prefix = schema.path("prefixItems");
            JsonNode items = schema.path("items");
            if (!prefix.isArray() && items.isArray()) { // draft-07 tuple form
                prefix = items;
                items = schema.path("additionalItems");
            }
            if (items.isMissingNode() && schema.has("contains")) {
                items = schema.get("contains");
            }
            int fixed = prefix.isArray() ? prefix.size() : 0;
            int count = Math.max(Math.max(schema.path("minItems").asInt(0), fixed), 1);
            if (schema.has("maxItems")) count = Math.min(count, schema.get("maxItems").asInt());
            if (items.isBoolean() && !items.asBoolean()) count = Math.min(count, fixed);
            for (int i = 0; i < count; i++) {
                JsonNode s = i < fixed ? prefix.get(i) : items.isMissingNode() ? NODES.objectNode() : items;
                out.add(value(s, singular(name), i < fixed ? 0 : i, depth + 1, false));
            }
            return out;
        }

        private static String type(JsonNode schema, boolean isRoot) {
            JsonNode t = schema.get("type");
            if (t != null && t.isTextual()) return t.asText();
            if (t != null && t.isArray()) {
                for (JsonNode each : t) {
                    if (!"null".equals(each.asText())) return each.asText();
                }
                return "null";
            }
            if (schema.has("properties") || schema.has("required") || schema.has("additionalProperties")) return "object";
            if (schema.has("items") || schema.has("prefixItems") || schema.has("minItems")) return "array";
            if (schema.has("format") || schema.has("pattern") || schema.has("minLength") || schema.has("maxLength")) return "string";
            if (schema.has("minimum") || schema.has("maximum") || schema.has("multipleOf")) return "number";
            return isRoot ? "object" : "string";
        }

        /** {@code b}'s keywords added to a copy of {@code a}: properties, required and types combined, else a's first. */
        private static ObjectNode merge(ObjectNode a, ObjectNode b) {
            ObjectNode out = a.deepCopy();
            Iterator<Map.Entry<String, JsonNode>> it = b.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode mine = out.get(f.getKey());
                if (mine == null) {
                    out.set(f.getKey(), f.getValue().deepCopy());
                } else if (f.getKey().equals("properties") && mine.isObject() && f.getValue().isObject()) {
                    ObjectNode props = (ObjectNode) mine;
                    f.getValue().fields().forEachRemaining(p -> props.set(p.getKey(), props.has(p.getKey())
                            ? both(props.get(p.getKey()), p.getValue()) : p.getValue().deepCopy()));
                } else if (f.getKey().equals("required")) {
                    Set<String> all = strings(mine);
                    all.addAll(strings(f.getValue()));
                    ArrayNode req = out.putArray("required");
                    all.forEach(req::add);
                } else if (f.getKey().equals("type") && mine.isArray() && f.getValue().isTextual()) {
                    out.set("type", f.getValue().deepCopy()); // [string, null] and string: string
                }
            }
            return out;
        }

        private static JsonNode both(JsonNode a, JsonNode b) {
            ObjectNode all = NODES.objectNode();
            all.putArray("allOf").add(a.deepCopy()).add(b.deepCopy());
            return all;
        }
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new LinkedHashSet<>();
        if (array.isArray()) array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> asList(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    /** {@code items} -> {@code item}: the name hint of an array's elements. */
    private static String singular(String name) {
        if (name == null) return null;
        return name.endsWith("s") && name.length() > 1 ? name.substring(0, name.length() - 1) : name;
    }
}
