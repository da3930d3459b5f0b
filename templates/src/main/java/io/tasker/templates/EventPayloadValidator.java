package io.tasker.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.networknt.schema.JsonSchema;
import io.tasker.templates.internal.SchemaSupport;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates domain-event payloads against the {@code schema} of their {@link EventDeclaration} (draft 2020-12 unless
 * the schema's {@code $schema} names another supported draft).
 *
 * <p>{@link #forDeclaration} compiles a schema once and caches the validator by schema, so calling it per published
 * event is cheap. Instances are immutable and thread-safe.
 */
public final class EventPayloadValidator {

    private static final EventPayloadValidator ANY_PAYLOAD = new EventPayloadValidator(null);
    private static final int CACHE_LIMIT = 1024;
    private static final Map<JsonNode, EventPayloadValidator> CACHE = new ConcurrentHashMap<>();

    private final JsonSchema schema;

    private EventPayloadValidator(JsonSchema schema) {
        this.schema = schema;
    }

    /**
     * The validator of {@code declaration}'s payload schema; a declaration without a schema accepts any payload.
     *
     * @param declaration the event declaration; not {@code null}
     * @throws TemplateValidationException naming the event if its schema cannot be compiled, which only happens for
     *                                     declarations that were not built by the {@link TemplateLoader}
     */
    public static EventPayloadValidator forDeclaration(EventDeclaration declaration) {
        Objects.requireNonNull(declaration, "declaration");
        JsonNode eventSchema = declaration.schema();
        if (eventSchema == null) {
            return ANY_PAYLOAD;
        }
        EventPayloadValidator cached = CACHE.get(eventSchema);
        if (cached != null) {
            return cached;
        }
        EventPayloadValidator created;
        try {
            created = new EventPayloadValidator(SchemaSupport.compile(eventSchema));
        } catch (RuntimeException e) {
            throw new TemplateValidationException(List.of("event '" + declaration.name()
                    + "': schema: not a valid JSON schema: " + e.getMessage()), e);
        }
        if (CACHE.size() >= CACHE_LIMIT) {
            CACHE.clear(); // declared schemas are few; a crude bound is enough to stop unbounded growth
        }
        CACHE.put(eventSchema, created);
        return created;
    }

    /**
     * Shorthand for {@code forDeclaration(declaration).validate(payload)}.
     *
     * @see #validate(JsonNode)
     */
    public static List<String> validate(EventDeclaration declaration, JsonNode payload) {
        return forDeclaration(declaration).validate(payload);
    }

    /**
     * Validates one payload.
     *
     * @param payload the payload; {@code null} (and a missing node) is validated as JSON {@code null}
     * @return the violations, readable and prefixed with the location in the payload, such as
     *         {@code $.order_id: is missing but it is required}; empty = valid. Never {@code null}.
     */
    public List<String> validate(JsonNode payload) {
        if (schema == null) {
            return List.of();
        }
        JsonNode instance = payload == null || payload.isMissingNode() ? NullNode.getInstance() : payload;
        return List.copyOf(SchemaSupport.messages(schema.validate(instance)));
    }

    /** Whether this validator checks against a schema ({@code false}: the declaration has none, anything goes). */
    public boolean hasSchema() {
        return schema != null;
    }
}
