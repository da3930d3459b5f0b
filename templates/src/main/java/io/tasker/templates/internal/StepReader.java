package io.tasker.templates.internal;

import static io.tasker.templates.internal.Fields.checkKeys;
import static io.tasker.templates.internal.Fields.integer;
import static io.tasker.templates.internal.Fields.kind;
import static io.tasker.templates.internal.Fields.present;
import static io.tasker.templates.internal.Fields.text;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.templates.EventDeclaration;
import io.tasker.templates.HandlerSpec;
import io.tasker.templates.RetryPolicy;
import io.tasker.templates.StepDefinition;
import io.tasker.templates.TemplateLimits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads one entry of {@code steps:}: its name, handler, dependencies, retry, timeout and published events. */
final class StepReader {

    static final List<String> STEP_KEYS = List.of("name", "description", "handler", "depends_on", "retry",
            "timeout_seconds", "publishes_events");
    static final List<String> HANDLER_KEYS = List.of("name", "config");

    private static final Pattern STEP_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    /**
     * A step as read, kept even when some of its fields are bad so the graph check can still name it.
     *
     * @param step the definition; {@code null} when the step had errors
     */
    record StepDraft(int index, String name, List<String> dependsOn, StepDefinition step) {
    }

    private StepReader() {
    }

    /** The draft, or {@code null} when the step has no usable name (problems recorded). */
    static StepDraft read(JsonNode n, int i, Problems p) {
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
        RetryPolicy retry = RetryReader.read(n.get("retry"), path + ".retry", p);
        Long timeout = integer(n.get("timeout_seconds"), path + ".timeout_seconds", TemplateLimits.TIMEOUT_SECONDS,
                p);
        List<EventDeclaration> events = EventReader.read(n.get("publishes_events"), path + ".publishes_events", name,
                p);
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
}
