package io.tasker.templates;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Checks a template against a step runner's handler registry before the runner subscribes to work. */
public final class HandlerCheck {

    private HandlerCheck() {
    }

    /**
     * Fails with TemplateValidationException naming the template, the step and the handler when a step's handler is
     * not in the runner's registry. Reports every missing handler at once.
     *
     * @param t             the template; not {@code null}
     * @param knownHandlers names of the registered handlers; not {@code null}
     * @throws TemplateValidationException one error per step whose handler is unknown, each starting with the
     *                                     template key, e.g. {@code ecommerce/order/1.0.0: steps[0] (fetch_cart):
     *                                     handler 'x' is not registered (known: a, b)}
     */
    public static void requireHandlers(TaskTemplate t, Set<String> knownHandlers) {
        List<String> errors = new ArrayList<>();
        List<StepDefinition> steps = t.steps();
        for (int i = 0; i < steps.size(); i++) {
            StepDefinition s = steps.get(i);
            if (!knownHandlers.contains(s.handler().name())) {
                errors.add(t.key() + ": steps[" + i + "] (" + s.name() + "): handler '" + s.handler().name()
                        + "' is not registered (known: " + String.join(", ", new TreeSet<>(knownHandlers)) + ")");
            }
        }
        if (!errors.isEmpty()) {
            throw new TemplateValidationException(errors);
        }
    }
}
