package io.tasker.launcher.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Builds generated text line by line; lines end with {@code \n}. */
final class Lines {
    static final int WIDTH = 120;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final StringBuilder sb = new StringBuilder();

    /** Appends each line followed by a newline; an empty string is a blank line. */
    Lines add(String... lines) {
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        return this;
    }

    /** A Javadoc comment of {@code text} (already comment-safe) wrapped to {@value #WIDTH} columns. */
    Lines javadoc(String indent, String text) {
        if (indent.length() + 4 + text.length() + 3 <= WIDTH) {
            return add(indent + "/** " + text + " */");
        }
        add(indent + "/**");
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && indent.length() + 3 + line.length() + 1 + word.length() > WIDTH) {
                add(indent + " * " + line);
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        if (line.length() > 0) {
            add(indent + " * " + line);
        }
        return add(indent + " */");
    }

    @Override
    public String toString() {
        return sb.toString();
    }

    /**
     * A Java text block holding {@code json} pretty-printed, its lines indented by {@code indent}; the closing
     * delimiter follows the last line, so the string has no trailing newline.
     */
    static String textBlock(JsonNode json, String indent) {
        String text;
        try {
            text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // inside a text block a backslash starts an escape and """ ends it
        String escaped = text.replace("\\", "\\\\").replace("\"\"\"", "\\\"\"\"").replace("\r\n", "\n");
        StringBuilder out = new StringBuilder("\"\"\"\n");
        String[] lines = escaped.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            out.append(indent).append(lines[i]);
            out.append(i < lines.length - 1 ? "\n" : "\"\"\"");
        }
        return out.toString();
    }
}
