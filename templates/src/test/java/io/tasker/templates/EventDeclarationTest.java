package io.tasker.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules for {@code publishes_events}: names, required schema, examples, one contract per name. */
class EventDeclarationTest {

    private static final String HEADER = "name: order\nnamespace: shop\nversion: 1.0.0\n";
    private static final String ORDER_SCHEMA = "{ type: object, required: [order_id], properties: { order_id: {type:"
            + " string}, total_cents: {type: integer, minimum: 0} } }";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TaskTemplate parse(String steps) {
        return new TemplateLoader(null).parse(HEADER + "steps:\n" + steps, "order.yaml");
    }

    private static List<String> errorsOf(String steps) {
        TemplateValidationException e = catchThrowableOfType(TemplateValidationException.class, () -> parse(steps));
        assertThat(e).as("expected a TemplateValidationException").isNotNull();
        return e.errors();
    }

    /** One step {@code a} declaring one event with the given fields (a YAML flow mapping body). */
    private static String oneEvent(String fields) {
        return "  - {name: a, handler: h, publishes_events: [ { " + fields + " } ]}\n";
    }

    @Test
    void acceptsDottedLowerCaseNamesWithDigitsAndUnderscores() {
        for (String name : List.of("order.created", "payment.charge_failed", "a.b.c", "v2.item_3.added")) {
            TaskTemplate t = parse(oneEvent("name: " + name + ", schema: {}"));
            assertThat(t.steps().get(0).publishesEvents().get(0).name()).isEqualTo(name);
        }
    }

    @Test
    void rejectsANameThatIsNotDottedLowerCaseNamingTheFieldAndTheRule() {
        assertThat(errorsOf(oneEvent("name: OrderCreated, schema: {}"))).containsExactly(
                "order.yaml: steps[0].publishes_events[0].name: 'OrderCreated' is not a valid event name: write"
                        + " domain.action in lower case, each dot-separated part of letters a-z, digits and '_', at"
                        + " least two parts (e.g. order.created, payment.charge_failed)");
        for (String bad : List.of("created", "Order.created", "order-created.x", "order..created", ".order.created",
                "order.created.", "order.créé", "order created")) {
            assertThat(errorsOf(oneEvent("name: '" + bad + "', schema: {}"))).as(bad).singleElement()
                    .asString().startsWith("order.yaml: steps[0].publishes_events[0].name: '" + bad
                            + "' is not a valid event name");
        }
        assertThat(errorsOf(oneEvent("name: 42, schema: {}"))).containsExactly(
                "order.yaml: steps[0].publishes_events[0].name: must be an event name such as order.created, was"
                        + " number 42");
    }

    @Test
    void rejectsNamesReservedForLifecycleAndSystemEvents() {
        assertThat(errorsOf(oneEvent("name: task.completed, schema: {}"))).containsExactly(
                "order.yaml: steps[0].publishes_events[0].name: 'task.completed' is reserved: names starting with"
                        + " 'task.', 'step.' or 'workflow.' are Tasker's lifecycle and system events; name the business"
                        + " fact instead (e.g. order.created)");
        assertThat(errorsOf(oneEvent("name: step.failed, schema: {}"))).singleElement().asString()
                .contains("'step.failed' is reserved");
        assertThat(errorsOf(oneEvent("name: workflow.x, schema: {}"))).singleElement().asString()
                .contains("'workflow.x' is reserved");
        // only the first part is reserved, not the word
        assertThat(parse(oneEvent("name: tasks.completed, schema: {}")).steps().get(0).publishesEvents())
                .hasSize(1);
        assertThat(parse(oneEvent("name: order.task, schema: {}")).steps().get(0).publishesEvents()).hasSize(1);
    }

    @Test
    void requiresASchemaForEveryDeclaredEvent() {
        assertThat(errorsOf(oneEvent("name: order.created"))).containsExactly(
                "order.yaml: steps[0].publishes_events[0].schema: is required (the JSON Schema of the event's"
                        + " payload: a declared event is a contract its subscribers rely on)");
        assertThat(errorsOf(oneEvent("name: order.created, schema: ~"))).singleElement().asString()
                .startsWith("order.yaml: steps[0].publishes_events[0].schema: is required");
    }

    @Test
    void rejectsAnEventSchemaThatIsNotAValidJsonSchema() {
        assertThat(errorsOf(oneEvent("name: order.created, schema: { type: strin }"))).isNotEmpty()
                .allSatisfy(m -> assertThat(m).startsWith(
                        "order.yaml: steps[0].publishes_events[0].schema: not a valid JSON schema"));
        assertThat(errorsOf(oneEvent("name: order.created, schema: { $ref: 'http://x.example/s.json' }")))
                .containsExactly("order.yaml: steps[0].publishes_events[0].schema: $ref 'http://x.example/s.json'"
                        + " points outside the schema; only local references (#...) are allowed");
    }

    @Test
    void keepsExamplesThatMatchTheSchemaInOrder() throws Exception {
        TaskTemplate t = parse(oneEvent("name: order.created, schema: " + ORDER_SCHEMA + ", examples: [ {order_id:"
                + " o-1, total_cents: 1250}, {order_id: o-2} ]"));
        EventDeclaration e = t.steps().get(0).publishesEvents().get(0);
        assertThat(e.examples()).containsExactly(JSON.readTree("{\"order_id\":\"o-1\",\"total_cents\":1250}"),
                JSON.readTree("{\"order_id\":\"o-2\"}"));
        assertThat(parse(oneEvent("name: order.created, schema: {}")).steps().get(0).publishesEvents().get(0)
                .examples()).isEmpty();
    }

    @Test
    void rejectsAnExampleThatDoesNotMatchTheSchemaNamingItsIndexAndTheViolation() {
        assertThat(errorsOf(oneEvent("name: order.created, schema: " + ORDER_SCHEMA + ", examples: [ {order_id:"
                + " o-1}, {order_id: o-2, total_cents: -5} ]"))).containsExactly(
                "order.yaml: steps[0].publishes_events[0].examples[1]: does not match the event's schema:"
                        + " $.total_cents: must have a minimum value of 0");
        assertThat(errorsOf(oneEvent("name: order.created, schema: " + ORDER_SCHEMA + ", examples: [ [1], {} ]")))
                .containsExactly(
                        "order.yaml: steps[0].publishes_events[0].examples[0]: does not match the event's schema: $:"
                                + " array found, object expected",
                        "order.yaml: steps[0].publishes_events[0].examples[1]: does not match the event's schema: $:"
                                + " required property 'order_id' not found");
    }

    @Test
    void rejectsExamplesThatAreNotAList() {
        assertThat(errorsOf(oneEvent("name: order.created, schema: {}, examples: {order_id: x}"))).containsExactly(
                "order.yaml: steps[0].publishes_events[0].examples: must be a list of example payloads, was a"
                        + " mapping");
    }

    @Test
    void checksExamplesOnlyAgainstAUsableSchema() {
        // the broken schema is the one error; examples are not also reported against it
        assertThat(errorsOf(oneEvent("name: order.created, schema: 'x', examples: [1]"))).containsExactly(
                "order.yaml: steps[0].publishes_events[0].schema: must be a JSON schema object, was string");
    }

    @Test
    void allowsTheSameNameInSeveralStepsWithAnIdenticalSchema() {
        TaskTemplate t = parse("""
                  - name: a
                    handler: h
                    publishes_events: [ { name: order.updated, schema: {type: object, required: [id]} } ]
                  - name: b
                    handler: h
                    publishes_events:
                      - name: order.updated
                        condition: failure
                        description: differs, and that is fine
                        schema: {required: [id], type: object}
                """);
        assertThat(t.steps()).allSatisfy(s -> assertThat(s.publishesEvents()).hasSize(1));
    }

    @Test
    void rejectsTheSameNameInTwoStepsWithDifferentSchemasNamingBothPlaces() {
        assertThat(errorsOf("""
                  - {name: a, handler: h}
                  - name: create
                    handler: h
                    publishes_events: [ { name: order.created, schema: {type: object} } ]
                  - {name: c, handler: h}
                  - name: recreate
                    handler: h
                    publishes_events: [ { name: order.created, schema: {type: string} } ]
                """)).containsExactly("order.yaml: steps[3].publishes_events[0]: event 'order.created' is also"
                + " declared at steps[1].publishes_events[0] (step 'create') with a different schema; an event name"
                + " has one contract per namespace: declare an identical schema or use another name");
    }

    @Test
    void declarationCopiesItsExamplesAndKeepsTheFiveArgumentConstructor() throws Exception {
        ObjectNode payload = (ObjectNode) JSON.readTree("{\"order_id\":\"o-1\"}");
        List<JsonNode> examples = new ArrayList<>(List.of(payload));
        examples.add(null);
        EventDeclaration e = new EventDeclaration("order.created", null, JSON.readTree("{}"), null, null, examples);
        payload.put("order_id", "changed");
        examples.clear();

        assertThat(e.examples()).containsExactly(JSON.readTree("{\"order_id\":\"o-1\"}"), JSON.nullNode());
        assertThatThrownBy(() -> e.examples().add(payload)).isInstanceOf(UnsupportedOperationException.class);
        EventDeclaration old = new EventDeclaration("order.created", null, null, null, null);
        assertThat(old.examples()).isEmpty();
        assertThat(new EventDeclaration("order.created", null, null, null, null, null).examples()).isEmpty();
        assertThat(old.condition()).isEqualTo(EventDeclaration.Condition.SUCCESS);
        assertThat(old.delivery()).isEqualTo(EventDeclaration.Delivery.DURABLE);
    }

    @Test
    void nameProblemIsEmptyForAGoodName() {
        assertThat(EventDeclaration.nameProblem("order.created")).isEmpty();
        assertThat(EventDeclaration.nameProblem("created")).isPresent();
        assertThat(EventDeclaration.nameProblem(null)).isPresent();
    }
}
