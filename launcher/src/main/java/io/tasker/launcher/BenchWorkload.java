package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasker.examples.Examples;
import io.tasker.runner.HandlerRegistry;
import io.tasker.templates.ContextValidator;
import io.tasker.templates.EventDeclaration;
import io.tasker.templates.HandlerCheck;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateLoader;
import io.tasker.templates.TemplateValidationException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;

/**
 * What {@code tasker bench} runs: the template its tasks use, the templates the runner hosts (their namespaces'
 * topics are provisioned), the handlers and the context of task {@code i}.
 *
 * @param template  the template every task is created from
 * @param templates the templates registered and hosted by the runner (contains {@code template})
 * @param handlers  the runner's handlers: the examples' or, with {@code --noop-handlers}, {@link NoopHandlers}
 * @param contexts  the context JSON of task {@code i}
 * @param noop      whether the handlers are no-ops
 */
record BenchWorkload(TaskTemplate template, List<TaskTemplate> templates, HandlerRegistry handlers,
                     IntFunction<String> contexts, boolean noop) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The number of steps of one task: what a completed task adds to the steps count. */
    int stepsPerTask() {
        return template.steps().size();
    }

    /** Whether some step of the template publishes {@code eventName} durably (a subscriber can measure it). */
    boolean publishesDurably(String eventName) {
        return template.steps().stream().flatMap(s -> s.publishesEvents().stream())
                .anyMatch(d -> d.name().equals(eventName) && d.delivery() == EventDeclaration.Delivery.DURABLE);
    }

    /** A demo template by name, with the examples' sample orders as contexts. */
    static BenchWorkload demo(String name, boolean noop, Path contextFile) {
        List<TaskTemplate> all = Examples.templates(null);
        TaskTemplate chosen = all.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--template: no demo template '" + name + "' (known: "
                        + String.join(", ", all.stream().map(TaskTemplate::name).toList()) + ")"));
        IntFunction<String> contexts = contextFile == null ? Examples::sampleContext : constant(readContext(chosen, contextFile));
        // no-op handlers exist only for the chosen template's handlers, so the runner hosts that template alone
        return noop ? new BenchWorkload(chosen, List.of(chosen), NoopHandlers.registry(chosen), contexts, true)
                : new BenchWorkload(chosen, all, Examples.handlers(), contexts, false);
    }

    /**
     * A template from a YAML file. Without {@code noop} its handlers must be among the examples' handlers.
     *
     * @param contextFile a JSON file with the context of every task; null = {@link DefaultContext}
     * @throws IllegalArgumentException for an invalid template, a handler the examples lack, or a context the template refuses
     */
    static BenchWorkload fromFile(Path file, boolean noop, Path contextFile) {
        TaskTemplate t;
        try {
            t = new TemplateLoader().load(file);
        } catch (TemplateValidationException e) {
            throw new IllegalArgumentException("--template-file: " + String.join("; ", e.errors()), e);
        }
        HandlerRegistry handlers;
        if (noop) {
            handlers = NoopHandlers.registry(t);
        } else {
            handlers = Examples.handlers();
            try {
                HandlerCheck.requireHandlers(t, handlers.names());
            } catch (TemplateValidationException e) {
                throw new IllegalArgumentException("--template-file: the bench hosts only the examples' handlers: "
                        + String.join("; ", e.errors()) + ". Pass --noop-handlers to replace every handler with a no-op", e);
            }
        }
        String context = contextFile == null ? write(DefaultContext.forTemplate(t)) : readContext(t, contextFile);
        return new BenchWorkload(t, List.of(t), handlers, constant(context), noop);
    }

    private static IntFunction<String> constant(String context) {
        return i -> context;
    }

    /** The context in {@code file}, checked against the template's input schema now rather than failing every task. */
    static String readContext(TaskTemplate t, Path file) {
        JsonNode context;
        try {
            context = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("--context-file " + file + ": cannot read JSON: " + e.getMessage(), e);
        }
        List<String> problems = ContextValidator.forTemplate(t).validate(context);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("--context-file " + file + ": " + t.key() + " refuses it: " + String.join("; ", problems));
        }
        return write(context);
    }

    private static String write(JsonNode node) {
        return node.toString();
    }
}
