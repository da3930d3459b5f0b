package io.tasker.templates.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasker.templates.TemplateValidationException;
import java.io.IOException;
import java.util.List;

/** Turns YAML/JSON text into a tree, converting syntax errors into source-and-line messages. */
public final class YamlDocuments {

    /** A parsed document plus the top-level {@code version} exactly as written (YAML turns {@code 1.10} into 1.1). */
    public record Parsed(JsonNode root, String rawVersion) {
    }

    private YamlDocuments() {
    }

    public static Parsed readYaml(String text, String source) {
        JsonNode root = readTree(Mappers.YAML, text, source, "YAML");
        String rawVersion = null;
        if (root != null && root.isObject() && root.path("version").isNumber()) {
            rawVersion = scanTopLevelScalar(text, "version");
        }
        return new Parsed(root, rawVersion);
    }

    public static JsonNode readJson(String text, String source) {
        return readTree(Mappers.JSON, text, source, "JSON");
    }

    private static JsonNode readTree(ObjectMapper mapper, String text, String source, String format) {
        if (text == null) {
            throw new TemplateValidationException(List.of(source + ": no content"));
        }
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc != null && loc.getLineNr() > 0
                    ? "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": " : "";
            throw new TemplateValidationException(
                    List.of(source + ": " + where + "malformed " + format + ": " + firstLine(e.getOriginalMessage())), e);
        }
    }

    private static String scanTopLevelScalar(String text, String field) {
        try (JsonParser p = Mappers.YAML.getFactory().createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals(name) && value.isScalarValue()) {
                    return p.getText();
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            // the tree was already read successfully, so this cannot really happen; fall back to the tree's text
        }
        return null;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
