package io.tasker.schemas.redaction;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses the comma-separated lists of the {@code redaction.*} keys. An entry is either plain text (a key name, a dotted
 * path, a literal secret) or a regular expression written {@code /regex/flags}; a regex may contain commas and
 * escaped slashes ({@code \/}), so entries are split by scanning, not by {@code split(",")}.
 */
final class RuleList {
    /** One entry: {@code pattern} is set for a {@code /regex/flags} entry, {@code text} otherwise. */
    record Entry(String text, Pattern pattern) {
    }

    private RuleList() {
    }

    /** @throws IllegalArgumentException naming {@code key} and the bad entry */
    static List<Entry> parse(String key, String raw) {
        List<Entry> out = new ArrayList<>();
        if (raw == null) return out;
        int i = 0;
        int n = raw.length();
        while (i < n) {
            while (i < n && (Character.isWhitespace(raw.charAt(i)) || raw.charAt(i) == ',')) i++;
            if (i >= n) break;
            if (raw.charAt(i) == '/') {
                int close = closingSlash(raw, i + 1);
                if (close < 0) throw bad(key, raw.substring(i), "a regular expression must end with '/' and optional flags");
                int flagsEnd = close + 1;
                while (flagsEnd < n && Character.isLetter(raw.charAt(flagsEnd))) flagsEnd++;
                String entry = raw.substring(i, flagsEnd);
                out.add(new Entry(null, compile(key, entry, raw.substring(i + 1, close), raw.substring(close + 1, flagsEnd))));
                i = flagsEnd;
                while (i < n && Character.isWhitespace(raw.charAt(i))) i++;
                if (i < n && raw.charAt(i) != ',') {
                    throw bad(key, raw.substring(i), "expected ',' after the regular expression " + entry);
                }
            } else {
                int comma = raw.indexOf(',', i);
                int end = comma < 0 ? n : comma;
                String text = raw.substring(i, end).trim();
                if (!text.isEmpty()) out.add(new Entry(text, null));
                i = end;
            }
        }
        return out;
    }

    /** Compiles one {@code /regex/flags} entry given in code (not from properties). */
    static Pattern regex(String key, String entry) {
        List<Entry> parsed = parse(key, entry);
        if (parsed.size() != 1 || parsed.get(0).pattern() == null) {
            throw bad(key, entry, "expected one regular expression written /regex/flags");
        }
        return parsed.get(0).pattern();
    }

    private static int closingSlash(String s, int from) {
        for (int j = from; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '\\') j++;
            else if (c == '/') return j;
        }
        return -1;
    }

    private static Pattern compile(String key, String entry, String regex, String flags) {
        int f = 0;
        for (char c : flags.toCharArray()) {
            switch (c) {
                case 'i' -> f |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                case 'm' -> f |= Pattern.MULTILINE;
                case 's' -> f |= Pattern.DOTALL;
                case 'x' -> f |= Pattern.COMMENTS;
                default -> throw bad(key, entry, "unknown flag '" + c + "' (known: i, m, s, x)");
            }
        }
        try {
            // a written "\/" is a slash: Java regexes do not need it escaped, but accept it as JavaScript does
            return Pattern.compile(regex.replace("\\/", "/"), f);
        } catch (PatternSyntaxException e) {
            throw bad(key, entry, "bad regular expression: " + e.getDescription());
        }
    }

    private static IllegalArgumentException bad(String key, String entry, String why) {
        return new IllegalArgumentException(key + ": " + why + ", was '" + entry + "'");
    }
}
