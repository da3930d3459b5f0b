package io.tasker.launcher.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** JSON given on the command line: files, inline text, and {@code key=value} pairs. Bad input is a usage error (exit 2). */
final class JsonInput {
    /** RFC 8259 number syntax, so "007" or "1_000" stay strings (a zip code must not lose its leading zero). */
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private JsonInput() {
    }

    /**
     * Builds an object from {@code key=value} pairs. A value that is a JSON number, {@code true}/{@code false}, or
     * starts with {@code [} or <code>{</code> becomes that JSON (invalid JSON there is an error, not a silent string),
     * {@code @file.json} is replaced by the file's JSON, anything else is a string.
     */
    static ObjectNode fromPairs(List<String> pairs) {
        ObjectNode object = ApiClient.JSON.createObjectNode();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new CliException(CliException.USAGE, "expected key=value, got '" + pair + "'");
            }
            object.set(pair.substring(0, eq), value(pair.substring(eq + 1)));
        }
        return object;
    }

    static JsonNode value(String v) {
        if (v.startsWith("@")) {
            return readFile(Path.of(v.substring(1)));
        }
        if (v.equals("true") || v.equals("false") || NUMBER.matcher(v).matches()) {
            return parse(v, v);
        }
        String trimmed = v.strip();
        if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
            return parse(trimmed, v);
        }
        return TextNode.valueOf(v);
    }

    /** Reads a file that must hold a JSON object (a task context, a step result). */
    static ObjectNode objectFromFile(Path file) {
        return requireObject(readFile(file), file.toString());
    }

    /** Parses inline text that must be a JSON object. */
    static ObjectNode objectFromText(String json, String what) {
        return requireObject(parse(json, what), what);
    }

    private static JsonNode readFile(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new CliException(CliException.USAGE, "cannot read " + file + ": " + e);
        }
        return parse(text, file.toString());
    }

    private static JsonNode parse(String json, String source) {
        try {
            JsonNode node = ApiClient.JSON.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new CliException(CliException.USAGE, source + ": no JSON found");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new CliException(CliException.USAGE, source + ": invalid JSON: " + e.getOriginalMessage());
        }
    }

    private static ObjectNode requireObject(JsonNode node, String source) {
        if (!node.isObject()) {
            throw new CliException(CliException.USAGE, source + ": expected a JSON object, got " + node.getNodeType().toString().toLowerCase());
        }
        return (ObjectNode) node;
    }
}
