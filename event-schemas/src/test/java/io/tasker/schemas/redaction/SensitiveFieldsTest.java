package io.tasker.schemas.redaction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SensitiveFieldsTest {
    private static JsonNode json(String s) {
        try {
            return new ObjectMapper().readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void findsXSensitiveAndWriteOnlyPropertiesNestedAndInArrayItems() {
        JsonNode schema = json("""
                {'type':'object','properties':{
                  'order_id':{'type':'string'},
                  'ssn_like':{'type':'string','x-sensitive':true},
                  'login':{'type':'object','properties':{'pw':{'type':'string','writeOnly':true},'user':{'type':'string'}}},
                  'cards':{'type':'array','items':{'type':'object','properties':{'pan':{'type':'string','x-sensitive':true}}}}}}
                """);
        assertThat(SensitiveFields.paths(schema)).containsExactlyInAnyOrder("ssn_like", "login.pw", "cards.pan");
    }

    @Test
    void resolvesLocalRefsCombinatorsAndAdditionalPropertiesAndSurvivesRecursion() {
        JsonNode schema = json("""
                {'$defs':{'secret':{'type':'string','x-sensitive':true},
                          'node':{'type':'object','properties':{'key':{'$ref':'#/$defs/secret'},'child':{'$ref':'#/$defs/node'}}}},
                 'type':'object','properties':{
                   'a':{'$ref':'#/$defs/secret'},
                   'tree':{'$ref':'#/$defs/node'},
                   'b':{'allOf':[{'type':'object','properties':{'c':{'writeOnly':true}}}]},
                   'vault':{'type':'object','additionalProperties':{'x-sensitive':true}},
                   'bad':{'$ref':'#/nowhere'}}}
                """);
        assertThat(SensitiveFields.paths(schema))
                .containsExactlyInAnyOrder("a", "tree.key", "child.key", "b.c", "vault.*");
    }

    @Test
    void falseMarksAndMissingSchemaGiveNothing() {
        assertThat(SensitiveFields.paths(json("{'properties':{'a':{'x-sensitive':false}}}"))).isEmpty();
        assertThat(SensitiveFields.paths(null)).isEmpty();
    }

    @Test
    void exampleValuesOfSensitiveFieldsAreRemovedFromTheSchemaShownAndOthersKept() {
        JsonNode schema = json("""
                {'type':'object','properties':{
                  'order_id':{'type':'string','examples':['ord-1']},
                  'login':{'type':'object','properties':{'pw':{'type':'string','writeOnly':true,'default':'hunter2','examples':['hunter3']}}},
                  'pan':{'type':'string','x-sensitive':true,'example':'4111'}}}
                """);
        JsonNode shown = SensitiveFields.withoutExampleValues(schema);

        assertThat(shown.toString()).doesNotContain("hunter2", "hunter3", "4111").contains("ord-1", "writeOnly", "x-sensitive");
        assertThat(schema.toString()).as("the original is not changed").contains("hunter2");
        assertThat(SensitiveFields.withoutExampleValues(null)).isNull();
    }
}
