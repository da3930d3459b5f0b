package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tasker.runner.HandlerRegistry;
import io.tasker.runner.StepOutcome;
import io.tasker.templates.EventDeclaration;
import io.tasker.templates.EventPayloadValidator;
import io.tasker.templates.StepDefinition;
import io.tasker.templates.TaskTemplate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code tasker bench --noop-handlers}: a registry in which every handler a template names returns at once with an empty
 * success result ({@code {}}). A step that declares success events whose schema refuses {@code {}} would fail its
 * contract with that result; for such a step the no-op returns the first example of its declarations that every one
 * of them accepts, so that the bench measures the engine, not a broken contract.
 */
final class NoopHandlers {
    private NoopHandlers() {
    }

    /** A registry with a no-op under each handler name of {@code template}. */
    static HandlerRegistry registry(TaskTemplate template) {
        Map<String, JsonNode> results = results(template);
        JsonNode empty = JsonNodeFactory.instance.objectNode();
        HandlerRegistry registry = new HandlerRegistry();
        for (String handler : new TreeSet<>(template.steps().stream().map(s -> s.handler().name()).toList())) {
            registry.register(handler, ctx -> StepOutcome.success(results.getOrDefault(ctx.stepName(), empty)));
        }
        return registry;
    }

    /** The result each step's no-op returns, by step name: {@code {}}, or the example its success events need. */
    static Map<String, JsonNode> results(TaskTemplate template) {
        Map<String, JsonNode> out = new HashMap<>();
        JsonNode empty = JsonNodeFactory.instance.objectNode();
        for (StepDefinition step : template.steps()) {
            List<EventDeclaration> onSuccess = step.publishesEvents().stream().filter(d -> d.publishesOn(true)).toList();
            if (acceptedByAll(onSuccess, empty)) continue;
            onSuccess.stream().flatMap(d -> d.examples().stream()).filter(e -> acceptedByAll(onSuccess, e)).findFirst()
                    .ifPresent(example -> out.put(step.name(), example));
        }
        return out;
    }

    private static boolean acceptedByAll(List<EventDeclaration> declarations, JsonNode payload) {
        return declarations.stream().allMatch(d -> EventPayloadValidator.validate(d, payload).isEmpty());
    }
}
