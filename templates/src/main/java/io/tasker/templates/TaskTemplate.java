package io.tasker.templates;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.templates.internal.StepList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A workflow definition: a DAG of named steps plus the schema of the task context it accepts.
 *
 * <p>Instances obtained from {@link TemplateLoader} or {@link TemplateJson#fromJson(String)} are fully validated
 * (unique step names, known dependencies, no cycles). Instances built directly with the constructor are only checked
 * for nulls; {@link #dag()} then throws if the steps do not form a DAG.
 *
 * <p>Immutable and thread-safe, provided callers do not mutate {@link #inputSchema()}.
 *
 * @param namespace   namespace, without {@code /}; never {@code null}
 * @param name        template name, without {@code /}; never {@code null}
 * @param version     version text as written (e.g. {@code 1.0.0}); never {@code null}
 * @param description free text; may be {@code null}
 * @param inputSchema JSON Schema for the task context; {@code null} means any JSON object is accepted
 * @param steps       steps in template order; never {@code null}, unmodifiable
 * @param lifecycle   lifecycle settings; never {@code null} ({@link Lifecycle#defaults()} when {@code null} is passed)
 */
public record TaskTemplate(String namespace, String name, String version, String description, JsonNode inputSchema,
        List<StepDefinition> steps, Lifecycle lifecycle) {

    public TaskTemplate {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        inputSchema = inputSchema == null || inputSchema.isNull() || inputSchema.isMissingNode()
                ? null : inputSchema.deepCopy();
        // StepList carries the lazily built DAG and name index, so dag() is cheap on the hot path
        // without giving the record extra state that would affect equality.
        steps = StepList.of(Objects.requireNonNull(steps, "steps"));
        lifecycle = lifecycle == null ? Lifecycle.defaults() : lifecycle;
    }

    /** The template's identity, {@code namespace/name/version}. */
    public String key() {
        return key(namespace, name, version);
    }

    /** Builds a key in the same form as {@link #key()}. */
    public static String key(String namespace, String name, String version) {
        return namespace + "/" + name + "/" + version;
    }

    /** The step with the given name, if any. O(1). */
    public Optional<StepDefinition> step(String stepName) {
        return ((StepList) steps).find(stepName);
    }

    /**
     * The dependency graph of the steps, built on first use and cached with this instance.
     *
     * @throws IllegalArgumentException if the steps reference unknown steps or contain a cycle (only possible for
     *                                  templates constructed directly, never for loaded ones)
     */
    public TemplateDag dag() {
        return ((StepList) steps).dag();
    }
}
