package io.tasker.templates.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasker.templates.Backoff;
import io.tasker.templates.EventDeclaration;
import io.tasker.templates.HandlerSpec;
import io.tasker.templates.Lifecycle;
import io.tasker.templates.RetryPolicy;
import io.tasker.templates.StepDefinition;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateValidationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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
    static final List<String> ENV_KEYS = List.of("description", "input_schema", "lifecycle", "steps");
    static final List<String> STEP_KEYS = List.of("name", "description", "handler", "depends_on", "retry",
            "timeout_seconds", "publishes_events");
    static final List<String> HANDLER_KEYS = List.of("name", "config");
    static final List<String> RETRY_KEYS = List.of("max_attempts", "retryable", "backoff", "backoff_base_ms",
            "max_backoff_ms", "jitter");
    static final List<String> EVENT_KEYS = List.of("name", "description", "schema", "condition", "delivery");
    static final List<String> LIFECYCLE_KEYS = List.of("max_duration_seconds");

    private static final Pattern STEP_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern KEY_PART = Pattern.compile("[^/\\s]+");
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

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
                    ObjectNode merged = applyOverrides(base, e.getValue(), "environments." + e.getKey(),
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

    // ---------------------------------------------------------------- environments

    private static ObjectNode applyOverrides(ObjectNode base, JsonNode overrides, String path, Problems p) {
        if (!present(overrides)) {
            return base.deepCopy();
        }
        if (!overrides.isObject()) {
            p.error(path, "must be a mapping of overrides, was " + kind(overrides));
            return null;
        }
        ObjectNode merged = base.deepCopy();
        Iterator<Map.Entry<String, JsonNode>> it = overrides.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            String keyPath = path + "." + key;
            switch (key) {
                case "steps" -> mergeSteps(merged, e.getValue(), keyPath, p);
                case "description", "input_schema", "lifecycle" ->
                        merged.set(key, deepMerge(merged.get(key), e.getValue()));
                case "name", "namespace", "version" ->
                        p.error(keyPath, "cannot be overridden per environment (it is part of the template key)");
                default -> p.error(keyPath, "unknown key (allowed: " + String.join(", ", ENV_KEYS) + ")");
            }
        }
        return merged;
    }

    private static void mergeSteps(ObjectNode merged, JsonNode overrides, String path, Problems p) {
        if (!present(overrides)) {
            return;
        }
        if (!overrides.isArray()) {
            p.error(path, "must be a list of step overrides, was " + kind(overrides));
            return;
        }
        JsonNode baseSteps = merged.get("steps");
        if (baseSteps == null || !baseSteps.isArray()) {
            return; // reported by the base validation
        }
        Map<String, Integer> byName = new LinkedHashMap<>();
        for (int i = 0; i < baseSteps.size(); i++) {
            JsonNode n = baseSteps.get(i).get("name");
            if (n != null && n.isTextual()) {
                byName.putIfAbsent(n.asText(), i);
            }
        }
        Set<String> overridden = new HashSet<>();
        for (int i = 0; i < overrides.size(); i++) {
            JsonNode o = overrides.get(i);
            String oPath = path + "[" + i + "]";
            if (!o.isObject()) {
                p.error(oPath, "must be a mapping naming the step to override, was " + kind(o));
                continue;
            }
            JsonNode name = o.get("name");
            if (name == null || !name.isTextual()) {
                p.error(oPath + ".name", "is required (the name of the step to override)");
                continue;
            }
            Integer idx = byName.get(name.asText());
            if (idx == null) {
                p.error(oPath + ".name", "unknown step '" + name.asText() + "' (known: "
                        + String.join(", ", byName.keySet()) + ")");
                continue;
            }
            if (!overridden.add(name.asText())) {
                p.error(oPath + ".name", "step '" + name.asText() + "' is overridden more than once");
                continue;
            }
            ((ArrayNode) baseSteps).set(idx,
                    deepMerge(normalizeHandler(baseSteps.get(idx)), normalizeHandler(o)));
        }
    }

    /** Expands the {@code handler: some.name} shorthand so an override can merge into handler.config. */
    private static JsonNode normalizeHandler(JsonNode step) {
        if (step.isObject() && step.path("handler").isTextual()) {
            ObjectNode copy = ((ObjectNode) step).deepCopy();
            ObjectNode handler = copy.objectNode();
            handler.put("name", step.get("handler").asText());
            copy.set("handler", handler);
            return copy;
        }
        return step;
    }

    /** Maps merge key by key; anything else (scalars, lists, explicit null) replaces. */
    static JsonNode deepMerge(JsonNode base, JsonNode override) {
        if (base != null && base.isObject() && override != null && override.isObject()) {
            ObjectNode result = ((ObjectNode) base).deepCopy();
            override.fields().forEachRemaining(e -> result.set(e.getKey(), deepMerge(result.get(e.getKey()),
                    e.getValue())));
            return result;
        }
        return override == null ? null : override.deepCopy();
    }

    // ---------------------------------------------------------------- document

    private record StepDraft(int index, String name, List<String> dependsOn, StepDefinition step) {
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
                StepDraft d = step(stepsNode.get(i), i, p);
                if (d != null) {
                    drafts.add(d);
                }
            }
            checkGraph(drafts, p);
        }
        if (!p.isEmpty()) {
            return null;
        }
        List<StepDefinition> steps = drafts.stream().map(StepDraft::step).toList();
        return new TaskTemplate(namespace, name, version, description, inputSchema, steps, lifecycle);
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
        Long max = longValue(n.get("max_duration_seconds"), "lifecycle.max_duration_seconds", 1, p);
        return new Lifecycle(max);
    }

    // ---------------------------------------------------------------- steps

    private static StepDraft step(JsonNode n, int i, Problems p) {
        String path = "steps[" + i + "]";
        if (!n.isObject()) {
            p.error(path, "must be a mapping, was " + kind(n));
            return null;
        }
        int before = p.size();
        checkKeys(n, path, STEP_KEYS, p);
        String name = null;
        JsonNode nameNode = n.get("name");
        if (!present(nameNode)) {
            p.error(path + ".name", "is required");
        } else if (!nameNode.isTextual()) {
            p.error(path + ".name", "must be a string, was " + kind(nameNode));
        } else if (!STEP_NAME.matcher(nameNode.asText()).matches()) {
            p.error(path + ".name", "'" + nameNode.asText() + "' may contain only letters, digits, '_', '.' and '-'");
        } else {
            name = nameNode.asText();
        }
        String description = text(n.get("description"), path + ".description", p);
        HandlerSpec handler = handler(n.get("handler"), path + ".handler", p);
        List<String> dependsOn = dependsOn(n.get("depends_on"), path + ".depends_on", p);
        RetryPolicy retry = retry(n.get("retry"), path + ".retry", p);
        Long timeout = longValue(n.get("timeout_seconds"), path + ".timeout_seconds", 1, p);
        if (timeout != null && timeout > Integer.MAX_VALUE) {
            p.error(path + ".timeout_seconds", "must be at most " + Integer.MAX_VALUE + ", was " + timeout);
            timeout = null;
        }
        List<EventDeclaration> events = events(n.get("publishes_events"), path + ".publishes_events", name, p);
        if (name == null) {
            return null;
        }
        StepDefinition def = p.size() == before && handler != null
                ? new StepDefinition(name, description, handler, dependsOn, retry,
                        timeout == null ? null : timeout.intValue(), events)
                : null;
        return new StepDraft(i, name, dependsOn, def);
    }

    private static HandlerSpec handler(JsonNode n, String path, Problems p) {
        if (!present(n)) {
            p.error(path + ".name", "is required (write 'handler: some.handler' or 'handler: {name: ..., config:"
                    + " {...}}')");
            return null;
        }
        if (n.isTextual()) {
            if (n.asText().isBlank()) {
                p.error(path, "must not be blank");
                return null;
            }
            return HandlerSpec.of(n.asText());
        }
        if (!n.isObject()) {
            p.error(path, "must be a handler name or a mapping with name and config, was " + kind(n));
            return null;
        }
        checkKeys(n, path, HANDLER_KEYS, p);
        JsonNode name = n.get("name");
        String handlerName = null;
        if (!present(name)) {
            p.error(path + ".name", "is required");
        } else if (!name.isTextual() || name.asText().isBlank()) {
            p.error(path + ".name", "must be a non-blank string, was " + kind(name));
        } else {
            handlerName = name.asText();
        }
        Map<String, Object> config = Map.of();
        JsonNode c = n.get("config");
        if (present(c)) {
            if (!c.isObject()) {
                p.error(path + ".config", "must be a mapping, was " + kind(c));
            } else {
                config = Mappers.JSON.convertValue(c, MAP);
            }
        }
        return handlerName == null ? null : new HandlerSpec(handlerName, config);
    }

    private static List<String> dependsOn(JsonNode n, String path, Problems p) {
        if (!present(n)) {
            return List.of();
        }
        if (!n.isArray()) {
            p.error(path, "must be a list of step names, was " + kind(n));
            return List.of();
        }
        List<String> deps = new ArrayList<>();
        for (int j = 0; j < n.size(); j++) {
            JsonNode d = n.get(j);
            if (!d.isTextual()) {
                p.error(path + "[" + j + "]", "must be a step name, was " + kind(d));
            } else if (deps.contains(d.asText())) {
                p.error(path, "'" + d.asText() + "' is listed more than once");
            } else {
                deps.add(d.asText());
            }
        }
        return deps;
    }

    private static RetryPolicy retry(JsonNode n, String path, Problems p) {
        if (!present(n)) {
            return RetryPolicy.defaults();
        }
        if (!n.isObject()) {
            p.error(path, "must be a mapping, was " + kind(n));
            return RetryPolicy.defaults();
        }
        checkKeys(n, path, RETRY_KEYS, p);
        int before = p.size();
        Long maxAttempts = longValue(n.get("max_attempts"), path + ".max_attempts", 1, p);
        if (maxAttempts != null && maxAttempts > Integer.MAX_VALUE) {
            p.error(path + ".max_attempts", "must be at most " + Integer.MAX_VALUE + ", was " + maxAttempts);
        }
        Boolean retryable = bool(n.get("retryable"), path + ".retryable", p);
        Backoff backoff = enumValue(n.get("backoff"), path + ".backoff", Backoff.class, Backoff.EXPONENTIAL, p);
        Long base = longValue(n.get("backoff_base_ms"), path + ".backoff_base_ms", 0, p);
        Long max = longValue(n.get("max_backoff_ms"), path + ".max_backoff_ms", 0, p);
        long baseMs = base == null ? RetryPolicy.DEFAULT_BACKOFF_BASE_MS : base;
        // an omitted maximum must not make a large explicit base invalid
        long maxMs = max == null ? Math.max(RetryPolicy.DEFAULT_MAX_BACKOFF_MS, baseMs) : max;
        if (max != null && max < baseMs) {
            p.error(path + ".max_backoff_ms", "must be >= backoff_base_ms (" + baseMs + "), was " + max);
        }
        Double jitter = null;
        JsonNode j = n.get("jitter");
        if (present(j)) {
            if (!j.isNumber()) {
                p.error(path + ".jitter", "must be a number within [0, 1], was " + kind(j));
            } else if (j.asDouble() < 0 || j.asDouble() > 1) {
                p.error(path + ".jitter", "must be within [0, 1], was " + j.asText());
            } else {
                jitter = j.asDouble();
            }
        }
        if (p.size() != before) {
            return RetryPolicy.defaults();
        }
        return new RetryPolicy(maxAttempts == null ? RetryPolicy.DEFAULT_MAX_ATTEMPTS : maxAttempts.intValue(),
                retryable == null || retryable, backoff, baseMs, maxMs,
                jitter == null ? RetryPolicy.DEFAULT_JITTER : jitter);
    }

    private static List<EventDeclaration> events(JsonNode n, String path, String stepName, Problems p) {
        if (!present(n)) {
            return List.of();
        }
        if (!n.isArray()) {
            p.error(path, "must be a list of events, was " + kind(n));
            return List.of();
        }
        List<EventDeclaration> events = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode e = n.get(i);
            String ePath = path + "[" + i + "]";
            if (!e.isObject()) {
                p.error(ePath, "must be a mapping, was " + kind(e));
                continue;
            }
            checkKeys(e, ePath, EVENT_KEYS, p);
            JsonNode nameNode = e.get("name");
            String name = null;
            if (!present(nameNode)) {
                p.error(ePath + ".name", "is required");
            } else if (!nameNode.isTextual() || !STEP_NAME.matcher(nameNode.asText()).matches()) {
                p.error(ePath + ".name", "must be a name of letters, digits, '_', '.' and '-', was "
                        + (nameNode.isTextual() ? "'" + nameNode.asText() + "'" : kind(nameNode)));
            } else {
                name = nameNode.asText();
                Integer first = seen.putIfAbsent(name, i);
                if (first != null) {
                    p.error(ePath + ".name", "duplicate event name '" + name + "'"
                            + (stepName == null ? "" : " in step '" + stepName + "'")
                            + " (first declared at " + path + "[" + first + "])");
                }
            }
            String description = text(e.get("description"), ePath + ".description", p);
            JsonNode schema = schema(e.get("schema"), ePath + ".schema", p);
            EventDeclaration.Condition condition = enumValue(e.get("condition"), ePath + ".condition",
                    EventDeclaration.Condition.class, EventDeclaration.Condition.SUCCESS, p);
            EventDeclaration.Delivery delivery = enumValue(e.get("delivery"), ePath + ".delivery",
                    EventDeclaration.Delivery.class, EventDeclaration.Delivery.DURABLE, p);
            if (name != null) {
                events.add(new EventDeclaration(name, description, schema, condition, delivery));
            }
        }
        return events;
    }

    private static void checkGraph(List<StepDraft> drafts, Problems p) {
        Map<String, StepDraft> byName = new LinkedHashMap<>();
        for (StepDraft d : drafts) {
            StepDraft first = byName.putIfAbsent(d.name(), d);
            if (first != null) {
                p.error("steps[" + d.index() + "].name", "duplicate step name '" + d.name()
                        + "' (first declared at steps[" + first.index() + "])");
            }
        }
        Map<String, List<String>> edges = new HashMap<>();
        for (StepDraft d : drafts) {
            String path = "steps[" + d.index() + "].depends_on";
            for (String dep : d.dependsOn()) {
                if (dep.equals(d.name())) {
                    p.error(path, "step '" + d.name() + "' depends on itself");
                } else if (!byName.containsKey(dep)) {
                    String known = byName.keySet().stream().filter(k -> !k.equals(d.name()))
                            .collect(Collectors.joining(", "));
                    p.error(path, "unknown step '" + dep + "' (known: " + known + ")");
                }
            }
            edges.putIfAbsent(d.name(), d.dependsOn());
        }
        List<String> names = new ArrayList<>(byName.keySet());
        Set<Set<String>> reported = new HashSet<>();
        for (List<String> cycle : Graphs.findCycles(names, edges::get)) {
            List<String> open = cycle.subList(0, cycle.size() - 1);
            if (!reported.add(new HashSet<>(open))) {
                continue;
            }
            // start at the earliest declared step so the message is stable regardless of traversal order
            int start = 0;
            for (int k = 1; k < open.size(); k++) {
                if (byName.get(open.get(k)).index() < byName.get(open.get(start)).index()) {
                    start = k;
                }
            }
            List<String> path = new ArrayList<>(open.subList(start, open.size()));
            path.addAll(open.subList(0, start));
            path.add(path.get(0));
            p.error("steps[" + byName.get(path.get(0)).index() + "].depends_on", "cycle: "
                    + String.join(" -> ", path) + " (each step depends on the next)");
        }
    }

    // ---------------------------------------------------------------- scalars

    private static void checkKeys(JsonNode n, String path, List<String> allowed, Problems p) {
        n.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                p.error(path.isEmpty() ? k : path + "." + k, "unknown key (allowed: " + String.join(", ", allowed)
                        + ")");
            }
        });
    }

    private static String text(JsonNode n, String path, Problems p) {
        if (!present(n)) {
            return null;
        }
        if (!n.isTextual()) {
            p.error(path, "must be a string, was " + kind(n));
            return null;
        }
        return n.asText();
    }

    private static Boolean bool(JsonNode n, String path, Problems p) {
        if (!present(n)) {
            return null;
        }
        if (!n.isBoolean()) {
            p.error(path, "must be true or false, was " + kind(n));
            return null;
        }
        return n.asBoolean();
    }

    private static Long longValue(JsonNode n, String path, long min, Problems p) {
        if (!present(n)) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            p.error(path, "must be an integer, was " + kind(n));
            return null;
        }
        long v = n.asLong();
        if (v < min) {
            p.error(path, "must be >= " + min + ", was " + v);
            return null;
        }
        return v;
    }

    private static <E extends Enum<E>> E enumValue(JsonNode n, String path, Class<E> type, E dflt, Problems p) {
        if (!present(n)) {
            return dflt;
        }
        String allowed = Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        if (n.isTextual()) {
            for (E c : type.getEnumConstants()) {
                if (c.name().equalsIgnoreCase(n.asText())) {
                    return c;
                }
            }
        }
        p.error(path, "bad value " + (n.isTextual() ? "'" + n.asText() + "'" : kind(n)) + " (allowed: " + allowed
                + ")");
        return dflt;
    }

    private static JsonNode schema(JsonNode n, String path, Problems p) {
        if (!present(n)) {
            return null;
        }
        List<String> problems = SchemaSupport.problems(n);
        problems.forEach(msg -> p.error(path, msg));
        return problems.isEmpty() ? n : null;
    }

    private static boolean present(JsonNode n) {
        return n != null && !n.isNull() && !n.isMissingNode();
    }

    private static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case OBJECT, POJO -> "a mapping";
            case ARRAY -> "a list";
            case STRING -> "string '" + n.asText() + "'";
            case NUMBER -> "number " + n.asText();
            case BOOLEAN -> "boolean " + n.asText();
            default -> n.getNodeType().toString().toLowerCase(Locale.ROOT);
        };
    }

    /** Lower-case YAML spelling of an enum constant. */
    public static String yamlName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

}
