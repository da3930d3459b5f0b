package io.tasker.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateDiff;
import io.tasker.templates.TemplateJson;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The template definitions a running platform has registered, keyed by {@code namespace/name/version}, as
 * {@code GET /v1/templates} returns them (each entry's {@code definition} is the canonical JSON of the template).
 */
final class RegisteredTemplates {
    private final Map<String, String> definitions;

    private RegisteredTemplates(Map<String, String> definitions) {
        this.definitions = definitions;
    }

    /**
     * @throws CliException if the platform cannot be reached, or answers without full definitions (a platform older
     *                      than this CLI), since then "same" and "different" cannot be told apart
     */
    static RegisteredTemplates fetch(ApiClient api) {
        JsonNode list = api.get("/v1/templates");
        if (!list.isArray()) {
            throw new CliException(CliException.UNAVAILABLE, "Tasker at " + api.baseUrl()
                    + " answered GET /v1/templates with something other than a list: " + ServerCommand.text(list));
        }
        Map<String, String> definitions = new HashMap<>();
        for (JsonNode entry : list) {
            String key = TaskTemplate.key(entry.path("namespace").asText(), entry.path("name").asText(),
                    entry.path("version").asText());
            JsonNode definition = entry.get("definition");
            if (definition == null || !definition.isObject()) {
                throw new CliException(CliException.UNAVAILABLE, "Tasker at " + api.baseUrl() + " does not return"
                        + " template definitions (GET /v1/templates has no 'definition' for " + key + "), so it cannot"
                        + " tell a changed template from the same one; upgrade the platform");
            }
            definitions.put(key, definition.toString());
        }
        return new RegisteredTemplates(definitions);
    }

    /**
     * How {@code candidate} differs from what is registered under its key: empty optional when nothing is registered
     * under it, an empty list when the registered definition is the same.
     */
    Optional<List<String>> differences(TaskTemplate candidate) {
        String registered = definitions.get(candidate.key());
        return registered == null ? Optional.empty()
                : Optional.of(TemplateDiff.betweenJson(registered, TemplateJson.toJson(candidate)));
    }
}
