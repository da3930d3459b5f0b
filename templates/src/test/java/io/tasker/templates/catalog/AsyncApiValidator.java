package io.tasker.templates.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.MapSchemaLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The AsyncAPI 3.0.0 JSON Schema (test resource {@code asyncapi/asyncapi-3.0.0.json}, see its README) as a networknt
 * validator that never leaves the process: every {@code $id} of the bundle's {@code definitions} is served from the
 * bundle itself, the draft-07 meta-schema from networknt's classpath, and any other document is refused.
 */
final class AsyncApiValidator {
    static final String ROOT_ID = "http://asyncapi.com/definitions/3.0.0/asyncapi.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema SCHEMA = load();

    private AsyncApiValidator() {
    }

    /** The violations of {@code document}; empty = a valid AsyncAPI 3.0.0 document. */
    static List<String> problems(JsonNode document) {
        return SCHEMA.validate(document).stream().map(ValidationMessage::getMessage).toList();
    }

    private static JsonSchema load() {
        JsonNode bundle;
        try (InputStream in = AsyncApiValidator.class.getResourceAsStream("/asyncapi/asyncapi-3.0.0.json")) {
            bundle = JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> byId = new HashMap<>();
        byId.put(ROOT_ID, bundle.toString());
        bundle.path("definitions").fields().forEachRemaining(d -> {
            if (!d.getKey().startsWith("http://json-schema.org/")) byId.put(d.getKey(), d.getValue().toString());
        });
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(VersionFlag.V7, b -> b.schemaLoaders(loaders -> loaders
                .add(new MapSchemaLoader(byId))
                .add(iri -> {
                    if (iri.toString().startsWith("classpath:")) return null; // networknt's bundled meta-schemas
                    throw new IllegalStateException("the AsyncAPI schema refers to " + iri + ", which is not in the bundle");
                })));
        JsonSchema schema = factory.getSchema(SchemaLocation.of(ROOT_ID));
        schema.initializeValidators();
        return schema;
    }
}
