package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasker.schemas.redaction.Redactor;
import io.tasker.templates.TaskTemplate;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The redactor of a task: the configured rules plus the fields its template's {@code input_schema} marks sensitive.
 * One redactor per template version is built once and cached (templates are immutable per version). Thread-safe.
 */
public final class TaskRedaction {
    private final Redactor base;
    private final Map<String, Redactor> byTemplate = new ConcurrentHashMap<>();

    public TaskRedaction(Redactor base) {
        this.base = Objects.requireNonNull(base, "base");
    }

    public Redactor base() {
        return base;
    }

    /** The redactor of tasks of {@code template}; the base one for null. */
    Redactor forTemplate(TaskTemplate template) {
        if (template == null) return base;
        return byTemplate.computeIfAbsent(template.namespace() + "/" + template.name() + "/" + template.version(),
                k -> base.withSchema(template.inputSchema()));
    }

    /** A task as the API shows it, masked: context, results, errors, attempt history. */
    ObjectNode task(ObjectNode taskJson, Optional<TaskTemplate> template) {
        return forTemplate(template.orElse(null)).redact(taskJson);
    }

    /** The values a task's context holds in sensitive fields, to mask them in texts about the task (error messages). */
    Set<String> secretsOfContext(String contextJson, TaskTemplate template) {
        if (contextJson == null) return Set.of();
        JsonNode context;
        try {
            context = Json.MAPPER.readTree(contextJson);
        } catch (java.io.IOException e) {
            return Set.of();
        }
        return forTemplate(template).secretsIn(context);
    }
}
