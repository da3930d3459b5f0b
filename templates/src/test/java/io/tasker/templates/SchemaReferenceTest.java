package io.tasker.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JSON Schemas inside templates may refer only to themselves. */
class SchemaReferenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER = "name: order\nnamespace: shop\nversion: 1.0.0\n";
    private static final String ONLY_LOCAL = "only local references (#...) are allowed";

    private static TaskTemplate parse(String yaml) {
        return new TemplateLoader(null).parse(yaml, "order.yaml");
    }

    private static List<String> errorsOf(String yaml) {
        TemplateValidationException e = catchThrowableOfType(TemplateValidationException.class, () -> parse(yaml));
        assertThat(e).as("expected a TemplateValidationException").isNotNull();
        return e.errors();
    }

    private static String withInputSchema(String schema) {
        return HEADER + "input_schema: " + schema + "\nsteps: [{name: a, handler: h}]\n";
    }

    @Test
    void refusesAnHttpRefInTheInputSchema() {
        assertThat(errorsOf(withInputSchema("{ $ref: 'http://evil.example/x.json' }"))).containsExactly(
                "order.yaml: input_schema: $ref 'http://evil.example/x.json' points outside the schema; " + ONLY_LOCAL);
    }

    @Test
    void refusesAnHttpsRefInAnEventSchemaNamingTheStepAndEvent() {
        assertThat(errorsOf(HEADER + """
                steps:
                  - {name: a, handler: h}
                  - {name: b, handler: h}
                  - name: c
                    handler: h
                    publishes_events:
                      - name: order.shipped
                        schema: { type: object, properties: { who: { $ref: 'https://evil.example/x.json' } } }
                """)).containsExactly("order.yaml: steps[2].publishes_events[0].schema: $ref"
                + " 'https://evil.example/x.json' at /properties/who points outside the schema; " + ONLY_LOCAL);
    }

    @Test
    void refusesFileAndRelativeRefs() {
        assertThat(errorsOf(withInputSchema("{ properties: { address: { $ref: 'file:///etc/passwd' } } }")))
                .containsExactly("order.yaml: input_schema: $ref 'file:///etc/passwd' at /properties/address points"
                        + " outside the schema; " + ONLY_LOCAL);
        assertThat(errorsOf(withInputSchema("{ allOf: [ { $ref: 'common.json#/$defs/address' } ] }")))
                .containsExactly("order.yaml: input_schema: $ref 'common.json#/$defs/address' at /allOf/0 points"
                        + " outside the schema; " + ONLY_LOCAL);
    }

    @Test
    void refusesDynamicAndRecursiveRefsToOtherDocuments() {
        assertThat(errorsOf(withInputSchema("{ $dynamicRef: 'https://evil.example/meta#node' }"))).containsExactly(
                "order.yaml: input_schema: $dynamicRef 'https://evil.example/meta#node' points outside the schema; "
                        + ONLY_LOCAL);
        assertThat(errorsOf(withInputSchema("{ $schema: 'https://json-schema.org/draft/2019-09/schema',"
                + " items: { $recursiveRef: 'http://evil.example/r' } }"))).containsExactly(
                "order.yaml: input_schema: $recursiveRef 'http://evil.example/r' at /items points outside the"
                        + " schema; " + ONLY_LOCAL);
    }

    @Test
    void refusesAnIdThatMovesTheBaseUri() {
        assertThat(errorsOf(withInputSchema("{ $id: 'http://evil.example/base/', $ref: '#/$defs/a',"
                + " $defs: { a: { type: object } } }"))).containsExactly("order.yaml: input_schema: $id"
                + " 'http://evil.example/base/' sets a base URI, so references would resolve outside the schema;"
                + " remove it (" + ONLY_LOCAL + ")");
        assertThat(errorsOf(withInputSchema("{ $schema: 'http://json-schema.org/draft-04/schema#',"
                + " properties: { a: { id: 'http://evil.example/a' } } }"))).containsExactly("order.yaml:"
                + " input_schema: id 'http://evil.example/a' at /properties/a sets a base URI, so references would"
                + " resolve outside the schema; remove it (" + ONLY_LOCAL + ")");
    }

    @Test
    void refusesANonStandardMetaSchemaAtTheRootOrNested() {
        assertThat(errorsOf(withInputSchema("{ $schema: 'http://evil.example/meta' }"))).containsExactly(
                "order.yaml: input_schema: $schema 'http://evil.example/meta' is not a standard JSON Schema draft"
                        + " (draft-04, draft-06, draft-07, 2019-09, 2020-12); other meta-schemas are never loaded");
        assertThat(errorsOf(withInputSchema("{ properties: { a: { $schema: 'http://evil.example/meta' } } }")))
                .containsExactly("order.yaml: input_schema: $schema 'http://evil.example/meta' at /properties/a is"
                        + " not a standard JSON Schema draft (draft-04, draft-06, draft-07, 2019-09, 2020-12); other"
                        + " meta-schemas are never loaded");
    }

    @Test
    void checksEveryEnvironmentsSchemaToo() {
        assertThat(errorsOf(HEADER + """
                input_schema: { type: object }
                steps: [{name: a, handler: h}]
                environments:
                  prod:
                    input_schema: { properties: { a: { $ref: 'http://evil.example/x.json' } } }
                """)).containsExactly("order.yaml (environment prod): input_schema: $ref 'http://evil.example/x.json'"
                + " at /properties/a points outside the schema; " + ONLY_LOCAL);
    }

    @Test
    void acceptsAndAppliesRefsInsideTheDocument() throws Exception {
        TaskTemplate t = parse(withInputSchema("""
                {
                  type: object, required: [ship_to],
                  properties: { ship_to: { $ref: '#/$defs/address' }, bill_to: { $ref: '#/$defs/address' } },
                  $defs: { address: { type: object, required: [city], properties: { city: { type: string } } } }
                }"""));
        ContextValidator v = ContextValidator.forTemplate(t);
        assertThat(v.validate(JSON.readTree("{\"ship_to\":{\"city\":\"Oslo\"}}"))).isEmpty();
        assertThat(v.validate(JSON.readTree("{\"ship_to\":{\"city\":\"Oslo\"},\"bill_to\":{}}")))
                .singleElement().asString().contains("bill_to").contains("city");
    }

    @Test
    void acceptsDraft7DefinitionsAndAnchors() throws Exception {
        TaskTemplate t = parse(withInputSchema("""
                {
                  $schema: 'http://json-schema.org/draft-07/schema#',
                  properties: { n: { $ref: '#/definitions/small' }, m: { $ref: '#big' } },
                  definitions: { small: { maximum: 5 }, big: { $id: '#big', minimum: 100 } }
                }"""));
        ContextValidator v = ContextValidator.forTemplate(t);
        assertThat(v.validate(JSON.readTree("{\"n\":5,\"m\":100}"))).isEmpty();
        assertThat(v.validate(JSON.readTree("{\"n\":6,\"m\":99}"))).hasSize(2);
    }

    @Test
    void treatsRefKeysInDataAndPropertyNamesAsData() {
        TaskTemplate t = parse(withInputSchema("""
                {
                  properties: { $ref: { type: string }, enum: { const: { $ref: 'http://not.a.reference/' } } },
                  examples: [ { $ref: 'http://also.data/' } ]
                }"""));
        assertThat(t.inputSchema()).isNotNull();
    }

    @Test
    void aTemplateReadFromTheTopicWithARemoteRefIsRefusedWithoutAnyRequest() {
        try (RecordingServer server = new RecordingServer()) {
            String json = "{\"name\":\"n\",\"namespace\":\"ns\",\"version\":\"1\",\"input_schema\":{\"$ref\":\""
                    + server.url("/x.json") + "\"},\"steps\":[{\"name\":\"a\",\"handler\":{\"name\":\"h\"}}]}";
            assertThatThrownBy(() -> TemplateJson.fromJson(json, "templates-topic key ns/n/1"))
                    .isInstanceOfSatisfying(TemplateValidationException.class, e -> assertThat(e.errors())
                            .containsExactly("templates-topic key ns/n/1: input_schema: $ref '" + server.url("/x.json")
                                    + "' points outside the schema; " + ONLY_LOCAL));
            assertThat(server.requests()).isEmpty();
        }
    }

    @Test
    void aTemplateThatBypassedValidationStillCannotMakeTheValidatorFetch() throws Exception {
        try (RecordingServer server = new RecordingServer()) {
            JsonNode schema = JSON.readTree("{\"properties\":{\"a\":{\"$ref\":\"" + server.url("/a.json") + "\"}}}");
            TaskTemplate unchecked = new TaskTemplate("ns", "bypass", "1", null, schema,
                    List.of(StepDefinition.of("a", "h")), null);
            assertThatThrownBy(() -> ContextValidator.forTemplate(unchecked))
                    .isInstanceOf(TemplateValidationException.class)
                    .hasMessageContaining("ns/bypass/1: input_schema: not a valid JSON schema")
                    .hasMessageContaining(server.url("/a.json"));
            assertThat(server.requests()).isEmpty();
        }
    }
}
