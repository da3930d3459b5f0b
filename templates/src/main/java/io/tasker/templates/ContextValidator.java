package io.tasker.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import io.tasker.templates.internal.SchemaSupport;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates task contexts against a template's {@code input_schema} (draft 2020-12 unless the schema's
 * {@code $schema} names another supported draft).
 *
 * <p>The schema is compiled once; instances are immutable and thread-safe. {@link #forTemplate} also caches compiled
 * validators by schema, so calling it per record is cheap.
 */
public final class ContextValidator {

    private static final ContextValidator ANY_OBJECT = new ContextValidator(null);
    private static final int CACHE_LIMIT = 512;
    private static final Map<JsonNode, ContextValidator> CACHE = new ConcurrentHashMap<>();

    private final JsonSchema schema;

    private ContextValidator(JsonSchema schema) {
        this.schema = schema;
    }

    /**
     * The validator for {@code t}'s input schema; a template without one accepts any JSON object.
     *
     * @throws TemplateValidationException (prefixed with the template key) if the schema cannot be compiled, which
     *                                     only happens for templates that were not built by the loader
     */
    public static ContextValidator forTemplate(TaskTemplate t) {
        JsonNode inputSchema = t.inputSchema();
        if (inputSchema == null) {
            return ANY_OBJECT;
        }
        ContextValidator cached = CACHE.get(inputSchema);
        if (cached != null) {
            return cached;
        }
        ContextValidator created;
        try {
            created = new ContextValidator(SchemaSupport.compile(inputSchema));
        } catch (RuntimeException e) {
            throw new TemplateValidationException(
                    List.of(t.key() + ": input_schema: not a valid JSON schema: " + e.getMessage()), e);
        }
        if (CACHE.size() >= CACHE_LIMIT) {
            CACHE.clear(); // templates are few; a crude bound is enough to stop unbounded growth
        }
        CACHE.put(inputSchema, created);
        return created;
    }

    /**
     * Validates a task context.
     *
     * @param context the context; must be a JSON object ({@code null} and non-objects are reported, not thrown)
     * @return readable problems such as {@code $: required property 'customer_id' not found}; empty = valid
     */
    public List<String> validate(JsonNode context) {
        if (context == null || context.isNull() || context.isMissingNode()) {
            return List.of("$: context must be a JSON object but was null");
        }
        if (!context.isObject()) {
            return List.of("$: context must be a JSON object but was "
                    + context.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
        if (schema == null) {
            return List.of();
        }
        return List.copyOf(SchemaSupport.messages(schema.validate(context)));
    }
}
