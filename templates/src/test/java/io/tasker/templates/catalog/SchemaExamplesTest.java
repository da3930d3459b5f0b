package io.tasker.templates.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Examples generated from JSON Schemas: realistic where possible, and always valid for what the generator understands. */
class SchemaExamplesTest {
    private static final ObjectMapper YAML = new YAMLMapper();

    /** A schema written as YAML flow text, for brevity. */
    private static JsonNode schema(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Generates an example and checks it validates strictly (formats asserted). */
    private static JsonNode valid(String yaml) {
        JsonNode s = schema(yaml);
        JsonNode example = SchemaExamples.generate(s);
        assertThat(Validation.problems(s, example)).as("example %s of %s", example, s).isEmpty();
        return example;
    }

    @Test
    void anObjectGetsEveryPropertyRequiredOrNot() {
        JsonNode e = valid("{type: object, required: [order_id], properties: {order_id: {type: string},"
                + " total_cents: {type: integer, minimum: 0}, paid: {type: boolean}, note: {type: 'null'}}}");

        assertThat(e.path("order_id").asText()).isEqualTo("order-id");
        assertThat(e.path("total_cents").asInt()).isEqualTo(1);
        assertThat(e.path("paid").asBoolean()).isTrue();
        assertThat(e.has("note")).isTrue();
        assertThat(e.get("note").isNull()).isTrue();
    }

    @Test
    void aRequiredKeyWithoutAPropertySchemaIsStillPresent() {
        JsonNode e = valid("{type: object, required: [a, b], properties: {a: {type: integer}}, additionalProperties: {type: string, minLength: 3}}");

        assertThat(e.path("b").asText()).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void aNullableTypeGivesItsNonNullType() {
        assertThat(valid("{type: object, properties: {x: {type: [string, 'null']}, y: {type: ['null', integer]}}}").toString())
                .isEqualTo("{\"x\":\"x\",\"y\":1}");
    }

    @Test
    void constAndEnumWinOverTheType() {
        JsonNode e = valid("{type: object, properties: {kind: {const: order}, currency: {type: string, enum: [USD, EUR]}}}");

        assertThat(e.path("kind").asText()).isEqualTo("order");
        assertThat(e.path("currency").asText()).isEqualTo("USD");
    }

    @Test
    void theSchemasOwnExampleOrDefaultIsUsed() {
        JsonNode e = valid("{type: object, properties: {sku: {type: string, examples: [SKU-1001]}, qty: {type: integer, default: 2}}}");

        assertThat(e.path("sku").asText()).isEqualTo("SKU-1001");
        assertThat(e.path("qty").asInt()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"date-time", "date", "time", "duration", "email", "idn-email", "hostname", "ipv4", "ipv6",
            "uri", "uri-reference", "iri", "uuid", "json-pointer", "relative-json-pointer", "regex", "uri-template"})
    void aKnownFormatGivesAValueOfThatFormat(String format) {
        JsonNode e = valid("{type: object, properties: {v: {type: string, format: " + format + "}}}");

        assertThat(e.path("v").asText()).isNotBlank();
    }

    @Test
    void stringLengthsArePaddedOrCut() {
        JsonNode e = valid("{type: object, properties: {code: {type: string, minLength: 12}, c: {type: string, maxLength: 1}}}");

        assertThat(e.path("code").asText()).isEqualTo("codexxxxxxxx");
        assertThat(e.path("c").asText()).isEqualTo("c");
    }

    @Test
    void aPatternIsMetByACandidateOrItsLiteralPrefix() {
        JsonNode e = valid("{type: object, properties: {iso: {type: string, pattern: '^[A-Z]{3}$'},"
                + " id: {type: string, pattern: '^ord-[0-9]+$'}, digits: {type: string, pattern: '^[0-9]+$'}}}");

        assertThat(e.path("iso").asText()).isEqualTo("ABC");
        assertThat(e.path("id").asText()).isEqualTo("ord-1");
        assertThat(e.path("digits").asText()).isEqualTo("123");
    }

    @Test
    void numbersRespectBoundsExclusiveBoundsAndMultipleOf() {
        JsonNode e = valid("{type: object, properties: {"
                + "a: {type: integer, minimum: 10}, b: {type: integer, maximum: -5}, c: {type: integer, exclusiveMinimum: 1},"
                + "d: {type: integer, minimum: 7, multipleOf: 5}, e: {type: number, minimum: 0.25, maximum: 0.75},"
                + "f: {type: number, exclusiveMaximum: 1}, g: {type: number, multipleOf: 0.01}, h: {type: integer, minimum: 0}}}");

        assertThat(e.path("a").asInt()).isEqualTo(10);
        assertThat(e.path("b").asInt()).isEqualTo(-5);
        assertThat(e.path("c").asInt()).isEqualTo(2);
        assertThat(e.path("d").asInt()).isEqualTo(10);
        assertThat(e.path("h").asInt()).isEqualTo(1);
        assertThat(e.path("e").isNumber()).isTrue();
    }

    @Test
    void arraysHonourMinItemsItemsAndUniqueness() {
        JsonNode e = valid("{type: object, properties: {"
                + "items: {type: array, minItems: 3, uniqueItems: true, items: {type: object, required: [sku],"
                + " properties: {sku: {type: string}, quantity: {type: integer, minimum: 1}}}},"
                + "tags: {type: array, uniqueItems: true, minItems: 2, items: {type: string}},"
                + "codes: {type: array, minItems: 2, uniqueItems: true, items: {enum: [a, b, c]}},"
                + "none: {type: array, maxItems: 0}}}");

        assertThat(e.path("items")).hasSize(3);
        assertThat(e.path("items").get(1).path("sku").asText()).isEqualTo("sku-2");
        assertThat(e.path("tags").toString()).isEqualTo("[\"tag\",\"tag-2\"]");
        assertThat(e.path("codes").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(e.path("none")).isEmpty();
    }

    @Test
    void tuplesFillEveryPosition() {
        JsonNode e = valid("{type: object, properties: {pair: {type: array, prefixItems: [{type: string}, {type: integer}], items: false}}}");
        assertThat(e.path("pair").toString()).isEqualTo("[\"pair\",1]");

        JsonNode schema07 = schema("{$schema: 'http://json-schema.org/draft-07/schema#', type: array,"
                + " items: [{type: boolean}, {type: string, format: date}], additionalItems: false}");
        JsonNode tuple = SchemaExamples.generate(schema07);
        assertThat(Validation.problems(schema07, tuple)).isEmpty();
        assertThat(tuple).hasSize(2);
    }

    @Test
    void oneOfAndAnyOfTakeTheFirstBranchAllOfMergesEveryBranch() {
        JsonNode e = valid("{type: object, properties: {"
                + "id: {oneOf: [{type: string, format: uuid}, {type: integer}]},"
                + "amount: {anyOf: [{type: integer, minimum: 100}, {type: string}]},"
                + "customer: {allOf: [{type: object, required: [id], properties: {id: {type: string}}},"
                + " {required: [email], properties: {email: {type: string, format: email}}}]}}}");

        assertThat(e.path("id").asText()).matches("[0-9a-f-]{36}");
        assertThat(e.path("amount").asInt()).isEqualTo(100);
        assertThat(e.path("customer").has("id")).isTrue();
        assertThat(e.path("customer").path("email").asText()).contains("@");
    }

    @Test
    void localReferencesAreFollowedAndRecursionStops() {
        JsonNode e = valid("{type: object, $defs: {money: {type: object, required: [cents, currency],"
                + " properties: {cents: {type: integer, minimum: 0}, currency: {type: string, pattern: '^[A-Z]{3}$'}}},"
                + " node: {type: object, properties: {next: {$ref: '#/$defs/node'}}}},"
                + " properties: {total: {$ref: '#/$defs/money'}, chain: {$ref: '#/$defs/node'}}}");

        assertThat(e.path("total").toString()).isEqualTo("{\"cents\":1,\"currency\":\"ABC\"}");
        assertThat(e.path("chain").path("next").path("next").isObject()).isTrue();
    }

    @Test
    void propertyCountsAreKeptInBounds() {
        JsonNode e = valid("{type: object, maxProperties: 1, required: [b], properties: {a: {type: string}, b: {type: string}}}");
        assertThat(e.toString()).isEqualTo("{\"b\":\"b\"}");

        JsonNode more = valid("{type: object, minProperties: 2, properties: {a: {type: string}}}");
        assertThat(more.size()).isEqualTo(2);
    }

    @Test
    void dependentRequiredKeysAreAdded() {
        JsonNode e = valid("{type: object, properties: {card: {type: string}}, dependentRequired: {card: [billing_address]}}");
        assertThat(e.has("billing_address")).isTrue();
    }

    @Test
    void aSchemaWithoutTypeInfersItAndAnEmptySchemaIsAnEmptyObject() {
        assertThat(valid("{}").toString()).isEqualTo("{}");
        assertThat(valid("{properties: {n: {minimum: 3}, s: {format: email}, l: {items: {type: integer}}}}").toString())
                .isEqualTo("{\"n\":3,\"s\":\"user1@example.com\",\"l\":[1]}");
        assertThat(SchemaExamples.generate(null).toString()).isEqualTo("{}");
    }

    @Test
    void theSameSchemaAlwaysGivesTheSameExample() {
        String s = "{type: object, properties: {at: {type: string, format: date-time}, id: {type: string, format: uuid}}}";
        assertThat(SchemaExamples.generate(schema(s))).isEqualTo(SchemaExamples.generate(schema(s)));
    }
}
