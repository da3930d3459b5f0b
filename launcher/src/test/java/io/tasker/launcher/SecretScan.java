package io.tasker.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * Counts, per place (a topic's keys, values or headers, the log lines, the API answers, the spans), how often each
 * seeded secret and the mask occur in the text found there, and which of those occurrences are allowed. Used by
 * {@link RedactionProofIT}.
 */
final class SecretScan {
    /** One kind of secret and its value. */
    record Secret(String kind, String value) {
    }

    private final List<Secret> secrets;
    private final String mask;
    /** place -> secret kind (or "mask") -> count */
    private final Map<String, Map<String, Integer>> counts = new TreeMap<>();
    private final Map<String, Integer> texts = new TreeMap<>();
    private final List<String> leaks = new ArrayList<>();

    SecretScan(List<Secret> secrets, String mask) {
        this.secrets = List.copyOf(secrets);
        this.mask = mask;
    }

    /**
     * Scans one text found at {@code place}; {@code allowed} says whether a secret kind may occur there (the
     * allow-list), anything else found is a leak.
     */
    void scan(String place, String text, BiPredicate<String, String> allowed) {
        texts.merge(place, 1, Integer::sum);
        Map<String, Integer> c = counts.computeIfAbsent(place, k -> new LinkedHashMap<>());
        c.merge("mask", occurrences(text, mask), Integer::sum);
        for (Secret s : secrets) {
            int n = occurrences(text, s.value());
            c.merge(s.kind(), n, Integer::sum);
            if (n > 0 && !allowed.test(place, s.kind())) {
                leaks.add(s.kind() + " x" + n + " in " + place + ": " + excerpt(text, s.value()));
            }
        }
    }

    void scan(String place, String text) {
        scan(place, text, (p, k) -> false);
    }

    List<String> leaks() {
        return List.copyOf(leaks);
    }

    int masks(String place) {
        return counts.getOrDefault(place, Map.of()).getOrDefault("mask", 0);
    }

    /** Masks found in every place whose name starts with {@code prefix}. */
    int masksUnder(String prefix) {
        return counts.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToInt(e -> e.getValue().getOrDefault("mask", 0)).sum();
    }

    /**
     * One line per place where a secret or the mask was found: how many texts were scanned, then the count of each
     * secret kind and of the mask; then how many places were scanned and found clean of both. Topic names are shown
     * with {@code prefix} as {@code <prefix>.} and {@code app} as {@code <app>-}.
     */
    String table(String prefix, String app) {
        StringBuilder sb = new StringBuilder(String.format("%-58s %6s", "place", "texts"));
        secrets.forEach(s -> sb.append(String.format(" %10s", s.kind())));
        sb.append(String.format(" %6s%n", "mask"));
        int clean = 0;
        int cleanTexts = 0;
        for (Map.Entry<String, Map<String, Integer>> e : counts.entrySet()) {
            Map<String, Integer> c = e.getValue();
            if (c.values().stream().allMatch(n -> n == 0)) {
                clean++;
                cleanTexts += texts.get(e.getKey());
                continue;
            }
            String place = e.getKey().replace("topic " + prefix, "topic <prefix>.").replace("topic " + app, "topic <app>-");
            sb.append(String.format("%-58s %6d", place, texts.get(e.getKey())));
            secrets.forEach(s -> sb.append(String.format(" %10d", c.getOrDefault(s.kind(), 0))));
            sb.append(String.format(" %6d%n", c.getOrDefault("mask", 0)));
        }
        sb.append(String.format("+ %d more places (%d texts: other topics' keys, values and headers, API answers) with no"
                + " secret and no mask%n", clean, cleanTexts));
        return sb.toString();
    }

    static int occurrences(String text, String needle) {
        if (text == null || text.isEmpty()) return 0;
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) n++;
        return n;
    }

    private static String excerpt(String text, String needle) {
        int i = text.indexOf(needle);
        int from = Math.max(0, i - 120);
        int to = Math.min(text.length(), i + needle.length() + 60);
        return text.substring(from, to).replaceAll("[^\\x20-\\x7e]", ".");
    }
}
