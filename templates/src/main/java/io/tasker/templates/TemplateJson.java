package io.tasker.templates;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasker.templates.internal.Mappers;
import io.tasker.templates.internal.TemplateReader;
import io.tasker.templates.internal.YamlDocuments;
import java.io.UncheckedIOException;

/**
 * Canonical JSON form of a template, as published on the templates topic.
 *
 * <p>The format is the YAML format with environments already applied: snake_case keys, every default written out,
 * {@code null} fields omitted, keys sorted at every level, no whitespace. Equal templates therefore produce identical
 * strings, and {@code fromJson(toJson(t)).equals(t)} holds. Thread-safe.
 */
public final class TemplateJson {

    private static final String SOURCE = "json";

    private TemplateJson() {
    }

    /** Serializes {@code t}; never fails for a template that satisfies the record invariants. */
    public static String toJson(TaskTemplate t) {
        ObjectNode root = Mappers.JSON.createObjectNode();
        root.put("namespace", t.namespace());
        root.put("name", t.name());
        root.put("version", t.version());
        putIfNotNull(root, "description", t.description());
        if (t.inputSchema() != null) {
            root.set("input_schema", t.inputSchema());
        }
        ObjectNode lifecycle = root.putObject("lifecycle");
        if (t.lifecycle().maxDurationSeconds() != null) {
            lifecycle.put("max_duration_seconds", t.lifecycle().maxDurationSeconds());
        }
        ArrayNode steps = root.putArray("steps");
        for (StepDefinition s : t.steps()) {
            ObjectNode step = steps.addObject();
            step.put("name", s.name());
            putIfNotNull(step, "description", s.description());
            ObjectNode handler = step.putObject("handler");
            handler.put("name", s.handler().name());
            handler.set("config", Mappers.JSON.valueToTree(s.handler().config()));
            ArrayNode deps = step.putArray("depends_on");
            s.dependsOn().forEach(deps::add);
            RetryPolicy r = s.retry();
            ObjectNode retry = step.putObject("retry");
            retry.put("max_attempts", r.maxAttempts());
            retry.put("retryable", r.retryable());
            retry.put("backoff", TemplateReader.yamlName(r.backoff()));
            retry.put("backoff_base_ms", r.backoffBaseMs());
            retry.put("max_backoff_ms", r.maxBackoffMs());
            retry.put("jitter", r.jitter());
            if (s.timeoutSeconds() != null) {
                step.put("timeout_seconds", s.timeoutSeconds());
            }
            ArrayNode events = step.putArray("publishes_events");
            for (EventDeclaration e : s.publishesEvents()) {
                ObjectNode event = events.addObject();
                event.put("name", e.name());
                putIfNotNull(event, "description", e.description());
                if (e.schema() != null) {
                    event.set("schema", e.schema());
                }
                event.put("condition", TemplateReader.yamlName(e.condition()));
                event.put("delivery", TemplateReader.yamlName(e.delivery()));
                ArrayNode examples = event.putArray("examples");
                e.examples().forEach(examples::add);
            }
        }
        try {
            return Mappers.JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses and fully validates canonical JSON; errors are prefixed with {@code json}.
     *
     * @throws TemplateValidationException on malformed JSON or an invalid template
     */
    public static TaskTemplate fromJson(String json) {
        return fromJson(json, SOURCE);
    }

    /**
     * Like {@link #fromJson(String)} with a caller-chosen error prefix (e.g. {@code templates-topic key x}).
     *
     * @throws TemplateValidationException on malformed JSON or an invalid template
     */
    public static TaskTemplate fromJson(String json, String sourceName) {
        return TemplateReader.read(YamlDocuments.readJson(json, sourceName), sourceName, null, null);
    }

    private static void putIfNotNull(ObjectNode node, String key, String value) {
        if (value != null) {
            node.put(key, value);
        }
    }
}
