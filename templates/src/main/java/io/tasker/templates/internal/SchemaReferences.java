package io.tasker.templates.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.SpecVersionDetector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds everything in a JSON Schema that would make a validator load another document: a {@code $ref} (or
 * {@code $dynamicRef}, {@code $recursiveRef}) that is not a fragment of this document, an {@code $id} that moves the
 * base URI, and a {@code $schema} that is not one of the standard drafts. Templates are compiled inside the topology,
 * so any of these would be a request from the server to a host the template's author chose.
 */
final class SchemaReferences {

    static final String ONLY_LOCAL = "only local references (#...) are allowed";

    private static final Set<String> REFERENCES = Set.of("$ref", "$dynamicRef", "$recursiveRef");
    /** Keywords whose values are instance data, not subschemas: a {@code "$ref"} key in there is just data. */
    private static final Set<String> DATA = Set.of("const", "enum", "default", "examples");
    /** Keywords whose values map names to subschemas. */
    private static final Set<String> NAMED_SCHEMAS = Set.of("properties", "patternProperties", "$defs",
            "definitions", "dependentSchemas", "dependencies");

    private SchemaReferences() {
    }

    /**
     * Problems as readable lines without a field prefix, e.g. {@code $ref 'http://x/y.json' points outside the schema;
     * only local references (#...) are allowed}; empty when the schema only refers to itself.
     *
     * @param draft the draft the schema declares; decides whether {@code id} (draft-04) sets a base URI
     */
    static List<String> outside(JsonNode schema, VersionFlag draft) {
        List<String> problems = new ArrayList<>();
        walk(schema, "", draft, problems);
        return problems;
    }

    private static void walk(JsonNode node, String pointer, VersionFlag draft, List<String> problems) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), pointer + "/" + i, draft, problems);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = f.getKey();
            JsonNode value = f.getValue();
            String here = pointer + "/" + escape(key);
            if (value.isTextual()) {
                check(key, value.asText(), pointer, draft, problems);
            } else if (NAMED_SCHEMAS.contains(key) && value.isObject()) {
                // keys here are property or definition names (a property may be called "enum"), values schemas
                value.fields().forEachRemaining(e -> walk(e.getValue(), here + "/" + escape(e.getKey()), draft,
                        problems));
            } else if (!DATA.contains(key)) {
                walk(value, here, draft, problems);
            }
        }
    }

    private static void check(String key, String value, String pointer, VersionFlag draft, List<String> problems) {
        String at = pointer.isEmpty() ? "" : " at " + pointer;
        if (REFERENCES.contains(key) && !value.startsWith("#")) {
            problems.add(key + " '" + value + "'" + at + " points outside the schema; " + ONLY_LOCAL);
        } else if (("$id".equals(key) || "id".equals(key) && draft == VersionFlag.V4) && !value.startsWith("#")) {
            problems.add(key + " '" + value + "'" + at + " sets a base URI, so references would resolve outside the"
                    + " schema; remove it (" + ONLY_LOCAL + ")");
        } else if ("$schema".equals(key) && standardDraft(value).isEmpty()) {
            problems.add("$schema '" + value + "'" + at + " is not a standard JSON Schema draft (draft-04, draft-06,"
                    + " draft-07, 2019-09, 2020-12); other meta-schemas are never loaded");
        }
    }

    static Optional<VersionFlag> standardDraft(String metaSchemaUri) {
        try {
            return SpecVersionDetector.detectOptionalVersion(metaSchemaUri);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** JSON Pointer escaping (RFC 6901), so the location can be pasted into a {@code $ref} or a search. */
    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
