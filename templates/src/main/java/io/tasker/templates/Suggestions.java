package io.tasker.templates;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The "did you mean" of error messages: the known names closest to a misspelled one. Used by template validation
 * (unknown keys, unknown dependencies, bad enum values) and by the tools (unknown event names). Stateless and
 * thread-safe.
 *
 * <p>A candidate is close when its edit distance to the input (insertions, deletions, substitutions and swaps of two
 * neighbouring characters, ignoring case) is small for the input's length: at most 1 for up to 4 characters, 2 for up
 * to 8, 3 beyond; or when one of the two starts with the other and the shorter has at least 3 characters
 * ({@code max_duration} for {@code max_duration_seconds}).
 */
public final class Suggestions {
    /** At most this many names are suggested. */
    public static final int MAX_SUGGESTIONS = 3;

    private Suggestions() {
    }

    /**
     * The candidates close to {@code input}, closest first (ties in the candidates' order), at most
     * {@link #MAX_SUGGESTIONS}; empty when none is close or {@code input} is null. The input itself is never
     * suggested.
     */
    public static List<String> closest(String input, Collection<String> candidates) {
        if (input == null || input.isEmpty() || candidates == null) {
            return List.of();
        }
        String in = input.toLowerCase(Locale.ROOT);
        int limit = in.length() <= 4 ? 1 : in.length() <= 8 ? 2 : 3;
        record Scored(String name, int score, int order) {
        }
        List<Scored> close = new ArrayList<>();
        int order = 0;
        for (String c : candidates) {
            order++;
            if (c == null || c.equals(input)) {
                continue;
            }
            String cand = c.toLowerCase(Locale.ROOT);
            int d = distance(in, cand);
            if (d <= limit) {
                close.add(new Scored(c, d, order));
            } else if (Math.min(in.length(), cand.length()) >= 3 && (cand.startsWith(in) || in.startsWith(cand))) {
                close.add(new Scored(c, limit + 1, order)); // after every spelling match
            }
        }
        return close.stream().sorted(Comparator.comparingInt(Scored::score).thenComparingInt(Scored::order))
                .map(Scored::name).distinct().limit(MAX_SUGGESTIONS).toList();
    }

    /**
     * {@code did you mean a?}, {@code did you mean a or b?}, {@code did you mean a, b or c?} for the
     * {@link #closest} candidates, or empty when none is close.
     */
    public static Optional<String> didYouMean(String input, Collection<String> candidates) {
        List<String> close = closest(input, candidates);
        if (close.isEmpty()) {
            return Optional.empty();
        }
        String last = close.get(close.size() - 1);
        String list = close.size() == 1 ? last
                : String.join(", ", close.subList(0, close.size() - 1)) + " or " + last;
        return Optional.of("did you mean " + list + "?");
    }

    /**
     * The optimal-string-alignment distance of {@code a} and {@code b}: the fewest insertions, deletions,
     * substitutions and swaps of two neighbouring characters turning one into the other (case-sensitive).
     */
    public static int distance(String a, String b) {
        int n = a.length();
        int m = b.length();
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[n][m];
    }
}
