package io.tasker.runner.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.avro.StepCommand;
import io.tasker.runner.StepOutcome;
import io.tasker.schemas.redaction.Redactor;
import io.tasker.templates.TaskTemplate;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the runner masks before texts and events leave it (the step-results and domain-events topics, its logs):
 * Tasker's {@code filter_parameters} on the runner side. A failed attempt's message and backtrace lose the value
 * patterns, literal secrets and the values the task's sensitive fields hold (context fields the template's
 * {@code input_schema} marks, and key rules over context and dependency results), since a handler may quote its input
 * in an exception. A domain event's payload has its key-rule fields and the fields its declared schema marks
 * {@code x-sensitive}/{@code writeOnly} masked, so subscribers see the mask. Step commands are not touched: handlers
 * get the real values. One redactor per template and per event declaration is built once. Thread-safe.
 */
final class RunnerRedaction {
    private final Redactor base;
    private final Map<String, TaskTemplate> templates;
    private final Map<String, Redactor> byTemplate = new ConcurrentHashMap<>();
    private final Map<String, Redactor> byEvent = new ConcurrentHashMap<>();

    RunnerRedaction(Redactor base, List<TaskTemplate> templates) {
        this.base = base;
        this.templates = templates.stream().collect(Collectors.toUnmodifiableMap(TaskTemplate::key,
                Function.identity(), (a, b) -> a));
    }

    /** {@code outcome} with a failure's message and backtrace masked; a success unchanged. */
    StepOutcome outcome(StepCommand cmd, StepOutcome outcome) {
        if (!(outcome instanceof StepOutcome.Failure f)) {
            return outcome;
        }
        Set<String> secrets = secretsOf(cmd);
        return new StepOutcome.Failure(base.redactText(f.message(), secrets), f.retryable(), f.retryAfter(),
                f.exceptionClass(), f.backtrace().stream().map(l -> base.redactText(l, secrets)).toList());
    }

    /** Free text about attempt {@code cmd} (a log line's message) masked like a failure's message. */
    String text(StepCommand cmd, String text) {
        return base.redactText(text, secretsOf(cmd));
    }

    /** {@code e} with its payload masked by the key rules and its declared schema's sensitive fields. */
    AttemptEvents.Event event(StepCommand cmd, AttemptEvents.Event e) {
        Redactor r = byEvent.computeIfAbsent(EventCatalog.key(cmd) + ":" + cmd.getStepName() + ":" + e.name(),
                k -> base.withSchema(e.declaration().schema()));
        JsonNode masked = r.redact(e.payload());
        if (masked.equals(e.payload())) {
            return e;
        }
        return new AttemptEvents.Event(e.name(), e.sequence(), masked, JsonSupport.write(masked), e.declaration(),
                e.firedAt(), e.declarative());
    }

    /** The values of the task's sensitive fields: its context (template rules) and its dependencies' results. */
    private Set<String> secretsOf(StepCommand cmd) {
        Redactor forTask = byTemplate.computeIfAbsent(EventCatalog.key(cmd), k -> {
            TaskTemplate t = templates.get(k);
            return t == null ? base : base.withSchema(t.inputSchema());
        });
        Set<String> out = new LinkedHashSet<>(forTask.secretsIn(parse(cmd.getContextJson())));
        if (cmd.getDependencyResultsJson() != null) {
            cmd.getDependencyResultsJson().values().forEach(v -> out.addAll(base.secretsIn(parse(String.valueOf(v)))));
        }
        return out;
    }

    private static JsonNode parse(String json) {
        if (json == null || json.isEmpty()) {
            return null;
        }
        try {
            return JsonSupport.MAPPER.readTree(json);
        } catch (IOException e) {
            return null; // not JSON: nothing to learn from it; value patterns still apply
        }
    }
}
