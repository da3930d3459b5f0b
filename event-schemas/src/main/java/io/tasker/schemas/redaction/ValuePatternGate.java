package io.tasker.schemas.redaction;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A cheap exact test that a default value pattern cannot match a text, so the regex is not run on it. Every string of
 * every masked payload goes through the value patterns, and the second default starts a backtracking
 * {@code [\w-]*} at every word boundary: on the topology's stream thread that was the largest single cost of a
 * lifecycle record. Each default can only match a text containing one of its words (ignoring ASCII case); a text with
 * a character outside ASCII always runs the regex, since {@code UNICODE_CASE} folds some non-ASCII letters onto ASCII
 * ones. A configured pattern that is not a default has no gate.
 */
final class ValuePatternGate {
    private static final Map<String, List<String>> WORDS_OF_DEFAULTS = Map.of(
            RedactionConfig.DEFAULT_VALUE_PATTERNS.get(0), List.of("bearer"),
            RedactionConfig.DEFAULT_VALUE_PATTERNS.get(1), List.of("password", "passwd", "secret", "token", "api"));
    private static final Map<Pattern, List<String>> COMPILED = compiled();

    private ValuePatternGate() {
    }

    private static Map<Pattern, List<String>> compiled() {
        java.util.HashMap<Pattern, List<String>> out = new java.util.HashMap<>();
        WORDS_OF_DEFAULTS.forEach((entry, words) -> out.put(RuleList.regex(RedactionConfig.VALUE_PATTERNS, entry), words));
        return out;
    }

    /** The words one of which a text must hold for {@code p} to match it; null when unknown (run the regex). */
    static List<String> wordsOf(Pattern p) {
        for (Map.Entry<Pattern, List<String>> e : COMPILED.entrySet()) {
            if (e.getKey().pattern().equals(p.pattern()) && e.getKey().flags() == p.flags()) return e.getValue();
        }
        return null;
    }

    /** False only when no word of {@code words} occurs in the all-ASCII {@code text}; {@code lower} is it lower-cased. */
    static boolean mayMatch(List<String> words, String text, String lower) {
        if (words == null || lower == null) return true;
        for (String w : words) {
            if (lower.contains(w)) return true;
        }
        return false;
    }

    /** {@code text} lower-cased when it is all ASCII, else null (every gate lets it through). */
    static String asciiLower(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 127) return null;
        }
        return text.toLowerCase(Locale.ROOT);
    }
}
