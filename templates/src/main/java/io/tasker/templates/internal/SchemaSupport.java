package io.tasker.templates.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * JSON Schema compilation and meta-validation via networknt; draft 2020-12 unless {@code $schema} says otherwise.
 *
 * <p>Schemas are self-contained: {@link #problems} refuses references to other documents, and the factories load no
 * document but the standard meta-schemas bundled with networknt ({@link BundledMetaSchemaLoader}), so compiling a
 * schema never does network or file I/O.
 */
public final class SchemaSupport {

    private static final Map<VersionFlag, JsonSchemaFactory> FACTORIES = new EnumMap<>(VersionFlag.class);
    private static final Map<VersionFlag, JsonSchema> META_SCHEMAS = new EnumMap<>(VersionFlag.class);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().pathType(PathType.JSON_PATH).build();

    private SchemaSupport() {
    }

    /** The draft a schema declares via {@code $schema}; empty if it declares an unsupported one. */
    public static Optional<VersionFlag> version(JsonNode schema) {
        JsonNode declared = schema.get("$schema");
        if (declared == null || !declared.isTextual()) {
            return Optional.of(VersionFlag.V202012);
        }
        return SchemaReferences.standardDraft(declared.asText());
    }

    /**
     * Problems that make {@code schema} unusable as a JSON Schema, as readable lines without a prefix; empty when
     * valid. Checks the node kind, references to other documents, the declared draft, the draft's meta-schema, and
     * that it compiles.
     */
    public static List<String> problems(JsonNode schema) {
        List<String> problems = new ArrayList<>();
        if (!schema.isObject()) {
            problems.add("must be a JSON schema object, was " + schema.getNodeType().toString().toLowerCase());
            return problems;
        }
        Optional<VersionFlag> version = version(schema);
        problems.addAll(SchemaReferences.outside(schema, version.orElse(VersionFlag.V202012)));
        if (!problems.isEmpty() || version.isEmpty()) {
            return problems; // an unknown root $schema is among the problems
        }
        try {
            for (ValidationMessage m : metaSchema(version.get()).validate(schema)) {
                problems.add("not a valid JSON schema: " + m.getMessage());
            }
            if (problems.isEmpty()) {
                compile(schema);
            }
        } catch (RuntimeException e) {
            problems.add("not a valid JSON schema: " + e.getMessage());
        }
        return problems;
    }

    /**
     * Compiles a schema for repeated, thread-safe validation.
     *
     * @throws RuntimeException (networknt's JsonSchemaException) if it cannot be compiled
     */
    public static JsonSchema compile(JsonNode schema) {
        VersionFlag v = version(schema).orElseThrow(
                () -> new IllegalArgumentException("unsupported $schema " + schema.get("$schema")));
        JsonSchema compiled = factory(v).getSchema(schema, CONFIG);
        // resolve $refs now rather than on the first validated record
        compiled.initializeValidators();
        return compiled;
    }

    /** Formats validation messages; networknt already prefixes each with the instance location ({@code $.x}). */
    public static List<String> messages(Set<ValidationMessage> messages) {
        List<String> out = new ArrayList<>(messages.size());
        for (ValidationMessage m : messages) {
            out.add(m.getMessage());
        }
        return out;
    }

    /** Keywords of ours that mark fields for redaction; they do not validate anything. */
    public static final java.util.List<String> ANNOTATION_KEYWORDS = java.util.List.of("x-sensitive");

    private static synchronized JsonSchemaFactory factory(VersionFlag v) {
        return FACTORIES.computeIfAbsent(v, flag -> {
            // the standard meta-schema plus our annotation keywords, so networknt knows them instead of warning
            com.networknt.schema.JsonMetaSchema.Builder meta = com.networknt.schema.JsonMetaSchema.builder(standard(flag));
            ANNOTATION_KEYWORDS.forEach(k -> meta.keyword(new com.networknt.schema.NonValidationKeyword(k)));
            com.networknt.schema.JsonMetaSchema withOurs = meta.build();
            return JsonSchemaFactory.getInstance(flag, builder -> builder.metaSchema(withOurs)
                    .schemaLoaders(loaders -> loaders.add(BundledMetaSchemaLoader.INSTANCE)));
        });
    }

    private static com.networknt.schema.JsonMetaSchema standard(VersionFlag v) {
        return switch (v) {
            case V4 -> com.networknt.schema.JsonMetaSchema.getV4();
            case V6 -> com.networknt.schema.JsonMetaSchema.getV6();
            case V7 -> com.networknt.schema.JsonMetaSchema.getV7();
            case V201909 -> com.networknt.schema.JsonMetaSchema.getV201909();
            case V202012 -> com.networknt.schema.JsonMetaSchema.getV202012();
        };
    }

    private static synchronized JsonSchema metaSchema(VersionFlag v) {
        // networknt maps the json-schema.org meta-schema URIs to copies on its classpath, so this stays offline
        return META_SCHEMAS.computeIfAbsent(v, flag -> {
            JsonSchema meta = factory(flag).getSchema(SchemaLocation.of(flag.getId()), CONFIG);
            meta.initializeValidators();
            return meta;
        });
    }
}
