package io.tasker.templates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ContextValidator validator =
            ContextValidator.forTemplate(new TemplateLoader(null).loadResource("templates/order.yaml"));

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void acceptsAValidContext() throws Exception {
        assertThat(validator.validate(json("{\"customer_id\":\"c1\",\"cart_id\":\"k1\",\"extra\":1}"))).isEmpty();
    }

    @Test
    void reportsAMissingRequiredFieldByName() throws Exception {
        List<String> errors = validator.validate(json("{\"cart_id\":\"k1\"}"));
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).startsWith("$").contains("customer_id").contains("required");
    }

    @Test
    void reportsAWrongTypeWithItsPath() throws Exception {
        List<String> errors = validator.validate(json("{\"customer_id\":42,\"cart_id\":\"k1\"}"));
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).contains("customer_id").contains("string").contains("integer");
    }

    @Test
    void rejectsANonObjectContext() throws Exception {
        assertThat(validator.validate(json("[1]"))).containsExactly("$: context must be a JSON object but was array");
        assertThat(validator.validate(null)).containsExactly("$: context must be a JSON object but was null");
    }

    @Test
    void nullSchemaAcceptsAnyObjectButStillRequiresAnObject() throws Exception {
        TaskTemplate noSchema = new TaskTemplate("ns", "t", "1", null, null, List.of(StepDefinition.of("a", "h")), null);
        ContextValidator any = ContextValidator.forTemplate(noSchema);
        assertThat(any.validate(json("{\"whatever\":[1,2,3]}"))).isEmpty();
        assertThat(any.validate(json("\"text\""))).containsExactly("$: context must be a JSON object but was string");
    }

    @Test
    void honoursADeclaredSchemaDraft() throws Exception {
        TaskTemplate draft7 = new TemplateLoader(null).parse("""
                name: n
                namespace: ns
                version: '1'
                input_schema:
                  $schema: http://json-schema.org/draft-07/schema#
                  type: object
                  properties: { n: { type: integer, exclusiveMinimum: 5 } }
                steps: [ { name: a, handler: h } ]
                """, "d7.yaml");
        ContextValidator v = ContextValidator.forTemplate(draft7);
        assertThat(v.validate(json("{\"n\":6}"))).isEmpty();
        assertThat(v.validate(json("{\"n\":5}"))).hasSize(1);
    }

    @Test
    void reusesTheCompiledValidatorForTheSameSchema() {
        TaskTemplate t = new TemplateLoader(null).loadResource("templates/order.yaml");
        assertThat(ContextValidator.forTemplate(t)).isSameAs(ContextValidator.forTemplate(t));
    }
}
