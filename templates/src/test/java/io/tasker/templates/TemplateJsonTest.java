package io.tasker.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TemplateJsonTest {

    @Test
    void roundTripsTheExampleExactly() {
        TaskTemplate t = new TemplateLoader(null).loadResource("templates/order.yaml");

        String json = TemplateJson.toJson(t);
        TaskTemplate back = TemplateJson.fromJson(json);

        assertThat(back).isEqualTo(t);
        assertThat(TemplateJson.toJson(back)).isEqualTo(json);
    }

    @Test
    void roundTripsEnvironmentMergedTemplatesAndWritesNoEnvironments() {
        TaskTemplate t = new TemplateLoader("test").loadResource("templates/order.yaml");
        String json = TemplateJson.toJson(t);

        assertThat(json).doesNotContain("environments").contains("\"source\":\"fixture\"");
        assertThat(TemplateJson.fromJson(json)).isEqualTo(t);
    }

    @Test
    void roundTripsMixedConfigValuesAndNullableFields() {
        TaskTemplate t = new TemplateLoader(null).parse("""
                name: n
                namespace: ns
                version: 1.0
                steps:
                  - name: a
                    handler: { name: h, config: { i: 1, big: 10000000000, d: 1.5, b: true, n: ~, l: [x, 2] } }
                    publishes_events: [ { name: a.e, schema: {}, condition: always, delivery: fire_and_forget } ]
                  - name: b
                    handler: h
                    depends_on: [a]
                    retry: { backoff: none, jitter: 0.25 }
                """, "x.yaml");

        assertThat(TemplateJson.fromJson(TemplateJson.toJson(t))).isEqualTo(t);
        assertThat(t.version()).isEqualTo("1.0");
    }

    @Test
    void roundTripsEventExamplesAsCanonicalJson() {
        TaskTemplate t = new TemplateLoader(null).parse("""
                name: n
                namespace: ns
                version: '1'
                steps:
                  - name: a
                    handler: h
                    publishes_events:
                      - name: order.created
                        schema: { type: object, properties: { id: {type: string}, n: {type: integer} } }
                        examples: [ { n: 2, id: x }, { id: y } ]
                      - { name: order.seen, schema: {} }
                """, "x.yaml");

        String json = TemplateJson.toJson(t);

        assertThat(json).contains("\"examples\":[{\"id\":\"x\",\"n\":2},{\"id\":\"y\"}]")
                .contains("\"name\":\"order.seen\",\"schema\":{}}");
        assertThat(json).containsOnlyOnce("\"examples\":[]");
        TaskTemplate back = TemplateJson.fromJson(json);
        assertThat(back).isEqualTo(t);
        assertThat(back.steps().get(0).publishesEvents().get(0).examples()).hasSize(2);
        assertThat(TemplateJson.toJson(back)).isEqualTo(json);
    }

    @Test
    void readsJsonWithoutExamplesAsNoExamplesAndRejectsAFailingOne() {
        String json = "{\"name\":\"n\",\"namespace\":\"ns\",\"version\":\"1\",\"steps\":[{\"name\":\"a\","
                + "\"handler\":{\"name\":\"h\"},\"publishes_events\":[{\"name\":\"order.created\","
                + "\"schema\":{\"type\":\"object\"}}]}]}";
        assertThat(TemplateJson.fromJson(json).steps().get(0).publishesEvents().get(0).examples()).isEmpty();
        assertThatThrownBy(() -> TemplateJson.fromJson(json.replace("}}]}]}", "},\"examples\":[5]}]}]}"), "topic"))
                .isInstanceOf(TemplateValidationException.class)
                .hasMessage("topic: steps[0].publishes_events[0].examples[0]: does not match the event's schema: $:"
                        + " integer found, object expected");
    }

    @Test
    void isCanonicalRegardlessOfKeyOrderInTheSource() {
        TemplateLoader loader = new TemplateLoader(null);
        TaskTemplate one = loader.parse("name: n\nnamespace: ns\nversion: '1'\ninput_schema: {type: object, "
                + "required: [a]}\nsteps: [{name: a, handler: {name: h, config: {x: 1, y: 2}}}]\n", "1.yaml");
        TaskTemplate two = loader.parse("steps: [{handler: {config: {y: 2, x: 1}, name: h}, name: a}]\n"
                + "input_schema: {required: [a], type: object}\nversion: '1'\nnamespace: ns\nname: n\n", "2.yaml");

        assertThat(TemplateJson.toJson(one)).isEqualTo(TemplateJson.toJson(two));
    }

    @Test
    void rejectsMalformedOrInvalidJson() {
        assertThatThrownBy(() -> TemplateJson.fromJson("{not json"))
                .isInstanceOf(TemplateValidationException.class)
                .hasMessageStartingWith("json: line 1");
        assertThatThrownBy(() -> TemplateJson.fromJson("{\"name\":\"n\",\"namespace\":\"ns\",\"version\":\"1\","
                + "\"steps\":[{\"name\":\"a\",\"handler\":{\"name\":\"h\"},\"depends_on\":[\"b\"]}]}", "topic"))
                .isInstanceOf(TemplateValidationException.class)
                .hasMessage("topic: steps[0].depends_on: unknown step 'b' (known: )");
    }
}
