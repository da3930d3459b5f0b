package io.tasker.templates.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.templates.Suggestions;
import io.tasker.templates.TemplateLimits;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads single template fields from a tree: presence, key sets, strings, booleans, integers, enums and schemas. Each
 * reader records a problem naming the field path instead of throwing, and returns {@code null} (or the default) for
 * a bad value so the caller can keep collecting errors.
 */
final class Fields {

    private Fields() {
    }

    static void checkKeys(JsonNode n, String path, List<String> allowed, Problems p) {
        n.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                p.error(path.isEmpty() ? k : path + "." + k, "unknown key" + hint(k, allowed) + " (allowed: "
                        + String.join(", ", allowed) + ")");
            }
        });
    }

    /** {@code ", did you mean x?"} when a candidate is close to {@code input}, else empty. */
    static String hint(String input, Collection<String> candidates) {
        return Suggestions.didYouMean(input, candidates).map(h -> ", " + h).orElse("");
    }

    static String text(JsonNode n, String path, Problems p) {
        if (!present(n)) {
            return null;
        }
        if (!n.isTextual()) {
            p.error(path, "must be a string, was " + kind(n));
            return null;
        }
        return n.asText();
    }

    static Boolean bool(JsonNode n, String path, Problems p) {
        if (!present(n)) {
            return null;
        }
        if (!n.isBoolean()) {
            p.error(path, "must be true or false, was " + kind(n));
            return null;
        }
        return n.asBoolean();
    }

    /**
     * An integer within {@code range}; a fraction ({@code 1.5}), an exponent form ({@code 9.3e15}, which JSON and
     * YAML read as a float), a value beyond {@code long} or outside the range is a problem naming the range.
     */
    static Long integer(JsonNode n, String path, TemplateLimits.Range range, Problems p) {
        if (!present(n)) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || !range.contains(n.asLong())) {
            p.error(path, "must be an integer " + range + ", was " + (n.isNumber() ? n.asText() : kind(n)));
            return null;
        }
        return n.asLong();
    }

    /** A number within {@code [min, max]}; NaN and infinities are problems too. */
    static Double decimal(JsonNode n, String path, double min, double max, Problems p) {
        if (!present(n)) {
            return null;
        }
        double v = n.asDouble();
        if (!n.isNumber() || !(v >= min && v <= max)) {
            p.error(path, "must be a number from " + plain(min) + " to " + plain(max) + ", was "
                    + (n.isNumber() ? n.asText() : kind(n)));
            return null;
        }
        return v;
    }

    private static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    static <E extends Enum<E>> E enumValue(JsonNode n, String path, Class<E> type, E dflt, Problems p) {
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
        List<String> names = Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT))
                .toList();
        p.error(path, "bad value " + (n.isTextual() ? "'" + n.asText() + "'" + hint(n.asText(), names) : kind(n))
                + " (allowed: " + allowed + ")");
        return dflt;
    }

    static JsonNode schema(JsonNode n, String path, Problems p) {
        if (!present(n)) {
            return null;
        }
        List<String> problems = SchemaSupport.problems(n);
        problems.forEach(msg -> p.error(path, msg));
        return problems.isEmpty() ? n : null;
    }

    static boolean present(JsonNode n) {
        return n != null && !n.isNull() && !n.isMissingNode();
    }

    static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case OBJECT, POJO -> "a mapping";
            case ARRAY -> "a list";
            case STRING -> "string '" + n.asText() + "'";
            case NUMBER -> "number " + n.asText();
            case BOOLEAN -> "boolean " + n.asText();
            default -> n.getNodeType().toString().toLowerCase(Locale.ROOT);
        };
    }
}
