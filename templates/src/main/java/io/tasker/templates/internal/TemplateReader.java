package io.tasker.templates.internal;

import static io.tasker.templates.internal.Fields.checkKeys;
import static io.tasker.templates.internal.Fields.integer;
import static io.tasker.templates.internal.Fields.kind;
import static io.tasker.templates.internal.Fields.present;
import static io.tasker.templates.internal.Fields.schema;
import static io.tasker.templates.internal.Fields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasker.templates.EventContracts;
import io.tasker.templates.Lifecycle;
import io.tasker.templates.StepDefinition;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateLimits;
import io.tasker.templates.TemplateValidationException;
import io.tasker.templates.internal.StepReader.StepDraft;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a template tree (from YAML or canonical JSON) into a validated {@link TaskTemplate}: applies the selected
 * environment's overrides, rejects unknown keys, checks types, ranges, names and the step graph, and reports every
 * problem at once.
 *
 * <p>Every environment section is validated, not only the selected one, so {@code templates validate} catches a typo
 * in the {@code prod} overrides even when run without an environment.
 */
public final class TemplateReader {

    private static final Logger log = LoggerFactory.getLogger(TemplateReader.class);

    static final List<String> TOP_KEYS = List.of("name", "namespace", "version", "description", "input_schema",
            "lifecycle", "steps", "environments");
    static final List<String> LIFECYCLE_KEYS = List.of("max_duration_seconds");
    private static final Pattern KEY_PART = Pattern.compile("[^/\\s]+");

    private TemplateReader() {
    }

    /**
     * @param root        the parsed document
     * @param source      prefix for every error message (file path, {@code classpath:...}, {@code json})
     * @param environment environment whose overrides apply; {@code null} or absent from the document = none
     * @param rawVersion  the top-level version exactly as written, when the tree holds it as a number; may be null
     * @throws TemplateValidationException with every problem found
     */
    public static TaskTemplate read(JsonNode root, String source, String environment, String rawVersion) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new TemplateValidationException(List.of(source + ": empty document, expected a template mapping"));
        }
        if (!root.isObject()) {
            throw new TemplateValidationException(List.of(source + ": the document must be a mapping, was "
                    + kind(root)));
        }
        ObjectNode base = ((ObjectNode) root).deepCopy();
        JsonNode environments = base.remove("environments");
        Problems baseProblems = new Problems(source);
        Map<String, ObjectNode> variants = new LinkedHashMap<>();
        variants.put(null, base);
        if (present(environments)) {
            if (!environments.isObject()) {
                baseProblems.error("environments", "must be a mapping of environment name to overrides, was "
                        + kind(environments));
            } else {
                environments.fields().forEachRemaining(e -> {
                    ObjectNode merged = EnvironmentOverrides.apply(base, e.getValue(), "environments." + e.getKey(),
                            baseProblems);
                    if (merged != null) {
                        variants.put(e.getKey(), merged);
                    }
                });
            }
        }
        String selected = environment != null && variants.containsKey(environment) ? environment : null;
        if (environment != null && selected == null) {
            log.debug("{}: no overrides for environment '{}', using the base template", source, environment);
        }
        Set<String> seen = new HashSet<>();
        List<String> errors = new ArrayList<>();
        TaskTemplate result = null;
        for (Map.Entry<String, ObjectNode> v : variants.entrySet()) {
            Problems p = v.getKey() == null ? baseProblems
                    : new Problems(source + " (environment " + v.getKey() + ")");
            TaskTemplate t = parseDocument(v.getValue(), p, rawVersion);
            for (Problems.Problem problem : p.list()) {
                if (seen.add(problem.detail())) {
                    errors.add(problem.full());
                }
            }
            if (Objects.equals(v.getKey(), selected)) {
                result = t;
            }
        }
        if (!errors.isEmpty()) {
            throw new TemplateValidationException(errors);
        }
        return result;
    }

    private static TaskTemplate parseDocument(ObjectNode doc, Problems p, String rawVersion) {
        checkKeys(doc, "", TOP_KEYS, p);
        String namespace = keyPart(doc, "namespace", p);
        String name = keyPart(doc, "name", p);
        String version = version(doc.get("version"), rawVersion, p);
        String description = text(doc.get("description"), "description", p);
        JsonNode inputSchema = schema(doc.get("input_schema"), "input_schema", p);
        Lifecycle lifecycle = lifecycle(doc.get("lifecycle"), p);

        List<StepDraft> drafts = new ArrayList<>();
        JsonNode stepsNode = doc.get("steps");
        if (!present(stepsNode)) {
            p.error("steps", "is required (a non-empty list of steps)");
        } else if (!stepsNode.isArray()) {
            p.error("steps", "must be a list of steps, was " + kind(stepsNode));
        } else if (stepsNode.isEmpty()) {
            p.error("steps", "must not be empty");
        } else {
            for (int i = 0; i < stepsNode.size(); i++) {
                StepDraft d = StepReader.read(stepsNode.get(i), i, p);
                if (d != null) {
                    drafts.add(d);
                }
            }
            StepGraphCheck.check(drafts, p);
        }
        if (!p.isEmpty()) {
            return null;
        }
        List<StepDefinition> steps = drafts.stream().map(StepDraft::step).toList();
        TaskTemplate t = new TaskTemplate(namespace, name, version, description, inputSchema, steps, lifecycle);
        for (EventContracts.Conflict c : EventContracts.find(List.of(t))) {
            p.error(c.second().path(), "event '" + c.event() + "' is also declared at " + c.first().path()
                    + " (step '" + c.first().step().name() + "') with a different schema; " + EventContracts.RULE);
        }
        return p.isEmpty() ? t : null;
    }

    private static String keyPart(JsonNode doc, String key, Problems p) {
        JsonNode n = doc.get(key);
        if (!present(n)) {
            p.error(key, "is required");
            return null;
        }
        if (!n.isTextual()) {
            p.error(key, "must be a string, was " + kind(n));
            return null;
        }
        if (!KEY_PART.matcher(n.asText()).matches()) {
            p.error(key, "'" + n.asText() + "' must be non-empty without '/' or whitespace (it forms the template"
                    + " key namespace/name/version)");
            return null;
        }
        return n.asText();
    }

    private static String version(JsonNode n, String rawVersion, Problems p) {
        if (!present(n)) {
            p.error("version", "is required");
            return null;
        }
        String v;
        if (n.isTextual()) {
            v = n.asText();
        } else if (n.isNumber()) {
            v = rawVersion != null ? rawVersion : n.asText();
        } else {
            p.error("version", "must be a string such as 1.0.0, was " + kind(n));
            return null;
        }
        if (!KEY_PART.matcher(v).matches()) {
            p.error("version", "'" + v + "' must be non-empty without '/' or whitespace");
            return null;
        }
        return v;
    }

    private static Lifecycle lifecycle(JsonNode n, Problems p) {
        if (!present(n)) {
            return Lifecycle.defaults();
        }
        if (!n.isObject()) {
            p.error("lifecycle", "must be a mapping, was " + kind(n));
            return Lifecycle.defaults();
        }
        checkKeys(n, "lifecycle", LIFECYCLE_KEYS, p);
        Long max = integer(n.get("max_duration_seconds"), "lifecycle.max_duration_seconds",
                TemplateLimits.MAX_DURATION_SECONDS, p);
        return new Lifecycle(max);
    }

    /** Lower-case YAML spelling of an enum constant. */
    public static String yamlName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
