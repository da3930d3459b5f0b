package io.tasker.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class EventPayloadValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final TaskTemplate TEMPLATE = new TemplateLoader(null).parse("""
            name: events
            namespace: ns
            version: '1'
            steps:
              - name: create_order
                handler: { name: h }
                publishes_events:
                  - name: order.created
                    schema:
                      type: object
                      required: [order_id, total]
                      properties:
                        order_id: { type: string }
                        total: { type: number, minimum: 0 }
                  - name: order.legacy
                    schema:
                      $schema: http://json-schema.org/draft-07/schema#
                      type: object
                      required: [id]
              - name: other
                handler: { name: h }
                publishes_events:
                  - name: order.created.too
                    schema:
                      type: object
                      required: [order_id, total]
                      properties:
                        order_id: { type: string }
                        total: { type: number, minimum: 0 }
            """, "events.yaml");

    private static EventDeclaration event(String name) {
        return TEMPLATE.steps().stream().flatMap(s -> s.publishesEvents().stream())
                .filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void acceptsAPayloadThatMatchesTheSchema() throws Exception {
        assertThat(EventPayloadValidator.validate(event("order.created"),
                json("{\"order_id\":\"o-1\",\"total\":12.5}"))).isEmpty();
    }

    @Test
    void reportsEveryViolationWithItsLocation() throws Exception {
        List<String> violations = EventPayloadValidator.validate(event("order.created"),
                json("{\"order_id\":7,\"total\":-1}"));
        assertThat(violations).hasSize(2);
        assertThat(violations).anySatisfy(v -> assertThat(v).startsWith("$.order_id").contains("string"));
        assertThat(violations).anySatisfy(v -> assertThat(v).startsWith("$.total").contains("0"));
    }

    @Test
    void reportsAMissingRequiredProperty() throws Exception {
        assertThat(EventPayloadValidator.validate(event("order.created"), json("{\"total\":1}")))
                .singleElement().asString().startsWith("$").contains("order_id");
    }

    @Test
    void nullAndMissingPayloadsAreValidatedAsJsonNull() {
        assertThat(EventPayloadValidator.validate(event("order.created"), null)).singleElement().asString()
                .contains("null");
        assertThat(EventPayloadValidator.validate(event("order.created"),
                JSON.createObjectNode().path("nothing"))).singleElement().asString().contains("null");
    }

    @Test
    void aDeclarationWithoutSchemaAcceptsAnyPayload() throws Exception {
        // templates require a schema now; a declaration built in code (e.g. an older definition) may still lack one
        EventPayloadValidator any = EventPayloadValidator.forDeclaration(new EventDeclaration("order.noted", null, null, null, null));
        assertThat(any.hasSchema()).isFalse();
        assertThat(any.validate(json("[1,\"two\"]"))).isEmpty();
        assertThat(any.validate(null)).isEmpty();
    }

    @Test
    void honoursTheSchemasDeclaredDraft() throws Exception {
        assertThat(EventPayloadValidator.validate(event("order.legacy"), json("{}"))).singleElement().asString()
                .contains("id");
    }

    @Test
    void compilesEachSchemaOnceAndSharesItAcrossDeclarations() {
        EventPayloadValidator first = EventPayloadValidator.forDeclaration(event("order.created"));
        assertThat(EventPayloadValidator.forDeclaration(event("order.created"))).isSameAs(first);
        // an identical schema declared elsewhere shares the compiled validator
        assertThat(EventPayloadValidator.forDeclaration(event("order.created.too"))).isSameAs(first);
        assertThat(first.hasSchema()).isTrue();
    }

    @Test
    void aSchemaThatDoesNotCompileIsAnErrorNamingTheEvent() throws Exception {
        EventDeclaration broken = declaration("bad.event",
                json("{\"type\":\"object\",\"$ref\":\"http://example.com/elsewhere.json\"}"));
        assertThatThrownBy(() -> EventPayloadValidator.forDeclaration(broken))
                .isInstanceOf(TemplateValidationException.class)
                .hasMessageContaining("event 'bad.event': schema: not a valid JSON schema");
    }

    @Test
    void isSafeToUseFromManyThreads() throws Exception {
        EventPayloadValidator v = EventPayloadValidator.forDeclaration(event("order.created"));
        JsonNode good = json("{\"order_id\":\"o\",\"total\":1}");
        JsonNode bad = json("{\"order_id\":\"o\"}");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                boolean valid = i % 2 == 0;
                calls.add(() -> v.validate(valid ? good : bad).isEmpty() == valid);
            }
            for (Future<Boolean> f : pool.invokeAll(calls)) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A declaration the loader would refuse, built in code (the record's defaults fill the rest). */
    private static EventDeclaration declaration(String name, JsonNode schema) {
        return new EventDeclaration(name, null, schema, null, null);
    }
}
