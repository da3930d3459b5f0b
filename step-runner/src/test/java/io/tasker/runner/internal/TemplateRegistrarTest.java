package io.tasker.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tasker.avro.TemplateRegistration;
import io.tasker.runner.TemplateConflictException;
import io.tasker.templates.StepDefinition;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateJson;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateRegistrarTest {

    private static TaskTemplate template(String version, String secondStep) {
        return new TaskTemplate("ns", "orders", version, null, null,
                List.of(StepDefinition.of("a", "h.a"), StepDefinition.of(secondStep, "h.b", "a")), null);
    }

    private static TemplateRegistration registration(TaskTemplate t) {
        return TemplateRegistration.newBuilder().setNamespace(t.namespace()).setName(t.name())
                .setVersion(t.version()).setDefinitionJson(TemplateJson.toJson(t)).setSource(null)
                .setRegisteredBy("other-runner").setRegisteredAt(Instant.EPOCH).build();
    }

    @Test
    void newTemplatesAreRegisteredAndIdenticalOnesSkipped() {
        TaskTemplate v1 = template("1.0.0", "b");
        TaskTemplate v2 = template("2.0.0", "c");
        assertThat(TemplateRegistrar.unregistered(Map.of(v1.key(), registration(v1)), List.of(v1, v2)))
                .containsExactly(v2);
    }

    @Test
    void identicalDefinitionWithDifferentJsonLayoutIsStillIdentical() {
        TaskTemplate v1 = template("1.0.0", "b");
        TemplateRegistration reg = registration(v1);
        reg.setDefinitionJson("  " + reg.getDefinitionJson().replace(",", ", ") + "\n");
        assertThat(TemplateRegistrar.unregistered(Map.of(v1.key(), reg), List.of(v1))).isEmpty();
    }

    @Test
    void registrationWrittenWithoutDefaultsIsTheSameTemplate() {
        TaskTemplate v1 = template("1.0.0", "b");
        TemplateRegistration reg = registration(v1);
        // e.g. written by an older version that did not spell out this default
        reg.setDefinitionJson(reg.getDefinitionJson().replace(",\"publishes_events\":[]", ""));
        assertThat(reg.getDefinitionJson()).doesNotContain("publishes_events");
        assertThat(TemplateRegistrar.unregistered(Map.of(v1.key(), reg), List.of(v1))).isEmpty();
    }

    @Test
    void changedDefinitionOfARegisteredVersionIsRefusedNamingKeyAndChange() {
        TaskTemplate registered = template("1.0.0", "b");
        TaskTemplate renamed = template("1.0.0", "b_renamed");
        assertThatThrownBy(() -> TemplateRegistrar.unregistered(Map.of(registered.key(), registration(registered)),
                List.of(renamed)))
                .isInstanceOfSatisfying(TemplateConflictException.class, e -> {
                    assertThat(e.conflicts()).containsOnlyKeys("ns/orders/1.0.0");
                    assertThat(e.conflicts().get("ns/orders/1.0.0")).isNotEmpty();
                    assertThat(e.getMessage()).contains("ns/orders/1.0.0").contains("step")
                            .contains("immutable");
                })
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aTemplateDeclaringARegisteredEventWithAnotherSchemaIsRefusedNamingBothPlaces() {
        TaskTemplate registered = new io.tasker.templates.TemplateLoader(null).parse("""
                name: orders
                namespace: ns
                version: 1.0.0
                steps:
                  - name: create
                    handler: h.create
                    publishes_events: [{ name: order.created, schema: { type: object, required: [order_id] } }]
                """, "orders.yaml");
        TaskTemplate mine = new io.tasker.templates.TemplateLoader(null).parse("""
                name: imports
                namespace: ns
                version: 1.0.0
                steps:
                  - name: import
                    handler: h.import
                    publishes_events: [{ name: order.created, schema: { type: object } }]
                """, "imports.yaml");

        assertThatThrownBy(() -> TemplateRegistrar.unregistered(Map.of(registered.key(), registration(registered)), List.of(mine)))
                .isInstanceOf(io.tasker.templates.TemplateValidationException.class)
                .hasMessageContaining("event 'order.created' in namespace 'ns'")
                .hasMessageContaining("ns/orders/1.0.0 step 'create'")
                .hasMessageContaining("ns/imports/1.0.0 step 'import'");
        TaskTemplate sameSchema = new io.tasker.templates.TemplateLoader(null).parse("""
                name: imports
                namespace: ns
                version: 1.0.0
                steps:
                  - name: import
                    handler: h.import
                    publishes_events: [{ name: order.created, schema: { type: object, required: [order_id] } }]
                """, "imports.yaml");
        assertThat(TemplateRegistrar.unregistered(Map.of(registered.key(), registration(registered)), List.of(sameSchema)))
                .containsExactly(sameSchema);
    }
}
