package io.tasker.templates.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Example strings and numbers for {@link SchemaExamples}: formats, lengths, patterns, bounds. */
final class ScalarExamples {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ScalarExamples() {
    }

    /** A string honouring format, min/maxLength and (when a candidate matches) pattern; {@code name} hints the value. */
    static JsonNode string(JsonNode schema, String name, int variant) {
        String format = schema.path("format").asText("");
        String value = formatted(format, name, variant);
        if (value == null) {
            value = (name == null || name.isBlank() ? "example" : name.replace('_', '-')) + (variant == 0 ? "" : "-" + (variant + 1));
        }
        int min = schema.path("minLength").asInt(0);
        int max = schema.path("maxLength").asInt(Integer.MAX_VALUE);
        value = fit(value, min, max);
        if (schema.has("pattern")) {
            value = matching(schema.get("pattern").asText(), value, min, max);
        }
        return NODES.textNode(value);
    }

    static JsonNode integer(JsonNode schema, int variant) {
        BigDecimal v = pick(schema, BigDecimal.ONE, BigDecimal.ONE, variant).setScale(0, RoundingMode.CEILING);
        BigDecimal hi = upper(schema, BigDecimal.ONE);
        if (hi != null && v.compareTo(hi) > 0) v = hi.setScale(0, RoundingMode.FLOOR);
        return NODES.numberNode(v.toBigInteger());
    }

    static JsonNode number(JsonNode schema, int variant) {
        BigDecimal step = new BigDecimal("0.5");
        return NODES.numberNode(pick(schema, new BigDecimal("1.5"), step, variant));
    }

    /** {@code preferred} (plus {@code variant}) moved into the bounds and onto {@code multipleOf}. */
    private static BigDecimal pick(JsonNode schema, BigDecimal preferred, BigDecimal step, int variant) {
        BigDecimal lo = lower(schema, step);
        BigDecimal hi = upper(schema, step);
        BigDecimal v = preferred.add(BigDecimal.valueOf(variant));
        if (lo != null && v.compareTo(lo) < 0) v = lo.add(BigDecimal.valueOf(variant));
        if (hi != null && v.compareTo(hi) > 0) v = hi;
        if (lo != null && hi != null && lo.compareTo(hi) > 0) v = lo; // unsatisfiable: say so by failing validation
        if (schema.path("multipleOf").isNumber()) {
            BigDecimal m = schema.get("multipleOf").decimalValue();
            BigDecimal up = v.divide(m, 0, RoundingMode.CEILING).multiply(m);
            v = hi == null || up.compareTo(hi) <= 0 ? up : v.divide(m, 0, RoundingMode.FLOOR).multiply(m);
        }
        return v.stripTrailingZeros().scale() < 0 ? v.setScale(0) : v.stripTrailingZeros();
    }

    private static BigDecimal lower(JsonNode schema, BigDecimal step) {
        JsonNode ex = schema.path("exclusiveMinimum");
        if (ex.isNumber()) return ex.decimalValue().add(step);
        if (!schema.path("minimum").isNumber()) return null;
        BigDecimal min = schema.get("minimum").decimalValue();
        return ex.asBoolean(false) ? min.add(step) : min; // draft-04 boolean form
    }

    private static BigDecimal upper(JsonNode schema, BigDecimal step) {
        JsonNode ex = schema.path("exclusiveMaximum");
        if (ex.isNumber()) return ex.decimalValue().subtract(step);
        if (!schema.path("maximum").isNumber()) return null;
        BigDecimal max = schema.get("maximum").decimalValue();
        return ex.asBoolean(false) ? max.subtract(step) : max;
    }

    /** A value of a known {@code format}, or null. */
    private static String formatted(String format, String name, int variant) {
        String n = name == null ? "resource" : name.replace('_', '-');
        return switch (format) {
            case "date-time" -> "2025-01-15T10:00:0" + (variant % 10) + "Z";
            case "date" -> "2025-01-" + (15 + variant % 10);
            case "time" -> "10:00:0" + (variant % 10) + "Z";
            case "duration" -> "PT" + (30 + variant) + "S";
            case "email", "idn-email" -> "user" + (variant + 1) + "@example.com";
            case "hostname", "idn-hostname" -> "host" + (variant + 1) + ".example.com";
            case "ipv4" -> "192.0.2." + (1 + variant % 254);
            case "ipv6" -> "2001:db8::" + Integer.toHexString(1 + variant);
            case "uri", "iri", "url" -> "https://example.com/" + n + "/" + (variant + 1);
            case "uri-reference", "iri-reference" -> "/" + n + "/" + (variant + 1);
            case "uri-template" -> "https://example.com/" + n + "/{id}";
            case "uuid" -> String.format("3fa85f64-5717-4562-b3fc-2c963f66%04x", variant);
            case "json-pointer" -> "/" + n;
            case "relative-json-pointer" -> "0";
            case "regex" -> "^" + n + "$";
            default -> null;
        };
    }

    private static String fit(String value, int min, int max) {
        StringBuilder s = new StringBuilder(value);
        while (s.length() < min) s.append('x');
        return s.length() > max ? s.substring(0, max) : s.toString();
    }

    /** {@code value} if it matches {@code pattern}, else the first candidate that does, else {@code value} unchanged. */
    private static String matching(String pattern, String value, int min, int max) {
        Pattern p;
        try {
            p = Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            return value;
        }
        List<String> candidates = new ArrayList<>(List.of(value, "example", "abc", "ABC", "a1", "A1", "123", "1", "a",
                "A", "x-1", "a_b", "ab-12", "AB-12", "2025-01-15"));
        candidates.add(literalPrefix(pattern));
        for (String c : candidates) {
            String fitted = fit(c, min, max);
            if (p.matcher(fitted).find()) return fitted;
        }
        return value;
    }

    /** The literal characters at the start of an anchored pattern ({@code ^ord-[0-9]+} -> {@code ord-1}). */
    private static String literalPrefix(String pattern) {
        StringBuilder s = new StringBuilder();
        for (int i = pattern.startsWith("^") ? 1 : 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == ':' || c == '/') s.append(c);
            else break;
        }
        return s + "1";
    }
}
