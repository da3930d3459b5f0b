package io.tasker.runner.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.tasker.avro.StepCommand;
import io.tasker.runner.StepContext;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A {@link StepContext} backed by plain values; built from a {@link StepCommand} by the runner and by the public test
 * kit. Immutable (the JSON trees are read-only by contract) except for the attempt's event log, which is thread-safe.
 */
public final class CommandStepContext implements StepContext {

    private final String taskId;
    private final String stepName;
    private final int attempt;
    private final String namespace;
    private final String templateName;
    private final String templateVersion;
    private final String correlationId;
    private final JsonNode context;
    private final Map<String, JsonNode> dependencyResults;
    private final JsonNode config;
    private final Instant deadline;
    private final AttemptEvents events;

    public CommandStepContext(String taskId, String stepName, int attempt, String namespace, String templateName,
            String templateVersion, String correlationId, JsonNode context, Map<String, JsonNode> dependencyResults,
            JsonNode config, Instant deadline, AttemptEvents events) {
        this.taskId = Objects.requireNonNull(taskId, "taskId");
        this.stepName = Objects.requireNonNull(stepName, "stepName");
        this.attempt = attempt;
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.templateName = Objects.requireNonNull(templateName, "templateName");
        this.templateVersion = Objects.requireNonNull(templateVersion, "templateVersion");
        this.correlationId = correlationId;
        this.context = context == null ? JsonSupport.MAPPER.createObjectNode() : context;
        this.dependencyResults = dependencyResults == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(dependencyResults));
        this.config = config == null || config.isNull() ? JsonSupport.MAPPER.createObjectNode() : config;
        this.deadline = deadline;
        this.events = Objects.requireNonNull(events, "events");
    }

    /**
     * The context of one command attempt, parsing its JSON fields.
     *
     * @param startedAt when the attempt starts; the deadline is {@code startedAt + timeout_ms}
     * @param events    the attempt's event log
     * @throws MalformedCommandException if a JSON field is malformed (the message names the field)
     */
    public static CommandStepContext of(StepCommand cmd, Instant startedAt, AttemptEvents events) {
        Map<String, JsonNode> deps = new LinkedHashMap<>();
        if (cmd.getDependencyResultsJson() != null) {
            cmd.getDependencyResultsJson().forEach((step, json) -> deps.put(step,
                    parse(json, "dependency_results_json[" + step + "]", NullNode.getInstance())));
        }
        Long timeout = cmd.getTimeoutMs();
        return new CommandStepContext(cmd.getTaskId(), cmd.getStepName(), cmd.getAttempt(), cmd.getNamespace(),
                cmd.getTemplateName(), cmd.getTemplateVersion(), cmd.getCorrelationId(),
                parse(cmd.getContextJson(), MalformedCommandException.CONTEXT_FIELD,
                        JsonSupport.MAPPER.createObjectNode()),
                deps,
                parse(cmd.getHandlerConfigJson(), "handler_config_json", JsonSupport.MAPPER.createObjectNode()),
                timeout == null || timeout <= 0 ? null : startedAt.plusMillis(timeout), events);
    }

    private static JsonNode parse(String json, String field, JsonNode fallback) {
        try {
            return JsonSupport.parse(json, field, fallback);
        } catch (IllegalArgumentException e) {
            throw new MalformedCommandException(field, e.getMessage(), e);
        }
    }

    @Override
    public String taskId() {
        return taskId;
    }

    @Override
    public String stepName() {
        return stepName;
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public String templateName() {
        return templateName;
    }

    @Override
    public String templateVersion() {
        return templateVersion;
    }

    @Override
    public String correlationId() {
        return correlationId;
    }

    @Override
    public JsonNode context() {
        return context;
    }

    @Override
    public Map<String, JsonNode> dependencyResults() {
        return dependencyResults;
    }

    @Override
    public JsonNode dependencyResult(String step) {
        JsonNode r = dependencyResults.get(step);
        if (r == null) {
            throw new IllegalArgumentException("step '" + stepName + "' has no result of dependency '" + step
                    + "' (available: " + String.join(", ", new TreeSet<>(dependencyResults.keySet())) + ")");
        }
        return r;
    }

    @Override
    public JsonNode config() {
        return config;
    }

    @Override
    public Optional<Instant> deadline() {
        return Optional.ofNullable(deadline);
    }

    @Override
    public void publish(String name, Object payload) {
        events.publish(name, payload);
    }

    /** The attempt's event log. */
    public AttemptEvents events() {
        return events;
    }

    @Override
    public String toString() {
        return "StepContext[task=" + taskId + ", step=" + stepName + ", attempt=" + attempt + "]";
    }
}
