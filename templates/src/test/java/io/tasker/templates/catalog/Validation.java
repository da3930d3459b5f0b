package io.tasker.templates.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.ValidationMessage;
import java.util.List;

/** Strict validation for the tests: draft 2020-12 (unless $schema says otherwise) with format assertions on. */
final class Validation {
    private static final SchemaValidatorsConfig STRICT = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    private Validation() {
    }

    /** The violations of {@code instance} against {@code schema}; empty = valid. */
    static List<String> problems(JsonNode schema, JsonNode instance) {
        VersionFlag draft = schema.path("$schema").asText("").contains("draft-07") ? VersionFlag.V7 : VersionFlag.V202012;
        return JsonSchemaFactory.getInstance(draft).getSchema(schema, STRICT).validate(instance).stream()
                .map(ValidationMessage::getMessage).toList();
    }
}
