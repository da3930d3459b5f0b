package io.tasker.schemas.redaction;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a {@link Redactor} masks: Tasker's {@code filter_parameters}. Every component reads the same keys, so one
 * properties file configures the topology, the runner and the subscriber SDK alike.
 *
 * <table>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@value #KEYS}</td><td>(none besides the defaults)</td><td>comma-separated key names (exact,
 * case-insensitive: {@code password}), dotted paths ({@code credit_card.number}) and key regexes
 * ({@code /token/i})</td></tr>
 * <tr><td>{@value #PATHS}</td><td>(none)</td><td>dotted paths only; a path matches at any depth and through arrays:
 * {@code credit_card.number} masks {@code number} of every object held under a key {@code credit_card}; a segment
 * {@code *} matches any key</td></tr>
 * <tr><td>{@value #KEY_PATTERNS}</td><td>(none)</td><td>regexes on key names, written {@code /regex/flags}
 * (flags {@code i m s x}); a key matches when the regex finds a match in it</td></tr>
 * <tr><td>{@value #VALUE_PATTERNS}</td><td>bearer tokens, {@code password=...}-style pairs</td><td>what is masked
 * inside free text (error messages, backtraces, every string value): {@code /regex/flags} entries (when the regex has
 * a group named {@code secret}, only that group is masked) and literal secrets (plain entries, at least
 * {@value Redactor#MIN_SECRET_LENGTH} characters)</td></tr>
 * <tr><td>{@value #MASK}</td><td>{@value #DEFAULT_MASK}</td><td>what replaces a masked value</td></tr>
 * <tr><td>{@value #DEFAULTS}</td><td>true</td><td>false drops the default keys, paths and value patterns, leaving
 * only the configured ones</td></tr>
 * </table>
 *
 * @param keys          exact key names, lower case
 * @param paths         dotted paths, lower case
 * @param keyPatterns   regexes on key names
 * @param valuePatterns regexes on free text
 * @param literals      literal secrets masked wherever they occur in text
 * @param mask          the replacement
 */
public record RedactionConfig(Set<String> keys, Set<String> paths, List<Pattern> keyPatterns, List<Pattern> valuePatterns,
                              Set<String> literals, String mask) {
    public static final String KEYS = "redaction.keys";
    public static final String PATHS = "redaction.paths";
    public static final String KEY_PATTERNS = "redaction.key.patterns";
    public static final String VALUE_PATTERNS = "redaction.value.patterns";
    public static final String MASK = "redaction.mask";
    public static final String DEFAULTS = "redaction.defaults";
    public static final String DEFAULT_MASK = "***REDACTED***";

    /** Key names masked by default (exact, case-insensitive). */
    public static final Set<String> DEFAULT_KEYS = Set.of("password", "passwd", "pwd", "secret", "client_secret",
            "token", "access_token", "refresh_token", "id_token", "api_key", "apikey", "x-api-key", "authorization",
            "private_key", "card_number", "cvv", "cvc", "ssn");
    /** Dotted paths masked by default. */
    public static final Set<String> DEFAULT_PATHS = Set.of("credit_card.number");
    /**
     * Free-text patterns masked by default: the credential of an HTTP {@code Bearer} authorization, and the value of
     * {@code password=...}, {@code "api_key": "..."}, {@code access_token: ...} and alike.
     */
    public static final List<String> DEFAULT_VALUE_PATTERNS = List.of(
            "/\\bbearer\\s+(?<secret>[A-Za-z0-9\\-._~+\\/]+=*)/i",
            "/\\b[\\w-]*(?:password|passwd|secret|token|api[_-]?key)[\"']?\\s*[:=]\\s*[\"']?(?<secret>[^\\s\"',;&}]+)/i");

    public RedactionConfig {
        keys = lower(keys);
        paths = lower(paths);
        keyPatterns = List.copyOf(keyPatterns);
        valuePatterns = List.copyOf(valuePatterns);
        literals = Set.copyOf(literals);
        Objects.requireNonNull(mask, "mask");
        if (mask.isEmpty()) throw new IllegalArgumentException(MASK + " must not be empty");
        for (String p : paths) {
            if (p.startsWith(".") || p.endsWith(".") || p.contains("..")) {
                throw new IllegalArgumentException(PATHS + ": a dotted path has no empty segment, was '" + p + "'");
            }
        }
        for (String l : literals) {
            if (l.length() < Redactor.MIN_SECRET_LENGTH) {
                throw new IllegalArgumentException(VALUE_PATTERNS + ": a literal secret needs at least "
                        + Redactor.MIN_SECRET_LENGTH + " characters (shorter ones would mask ordinary text), was '" + l + "'");
            }
        }
    }

    /** The defaults: {@link #DEFAULT_KEYS}, {@link #DEFAULT_PATHS}, {@link #DEFAULT_VALUE_PATTERNS}, {@link #DEFAULT_MASK}. */
    public static RedactionConfig defaults() {
        return fromProperties(Map.of());
    }

    /** Nothing is masked (for tests and tools that must show raw data). */
    public static RedactionConfig none() {
        return new RedactionConfig(Set.of(), Set.of(), List.of(), List.of(), Set.of(), DEFAULT_MASK);
    }

    /**
     * Reads the {@code redaction.*} keys (other keys are ignored).
     *
     * @throws IllegalArgumentException naming the key and the bad value (a bad regex, an unknown flag, a bad boolean)
     */
    public static RedactionConfig fromProperties(Map<String, String> p) {
        String defaultsRaw = p.getOrDefault(DEFAULTS, "true").trim();
        if (!defaultsRaw.equalsIgnoreCase("true") && !defaultsRaw.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(DEFAULTS + " must be true or false, was '" + p.get(DEFAULTS) + "'");
        }
        boolean defaults = Boolean.parseBoolean(defaultsRaw);
        Set<String> keys = new LinkedHashSet<>(defaults ? DEFAULT_KEYS : Set.of());
        Set<String> paths = new LinkedHashSet<>(defaults ? DEFAULT_PATHS : Set.of());
        List<Pattern> keyPatterns = new ArrayList<>();
        List<Pattern> valuePatterns = new ArrayList<>();
        Set<String> literals = new LinkedHashSet<>();
        if (defaults) DEFAULT_VALUE_PATTERNS.forEach(v -> valuePatterns.add(RuleList.regex(VALUE_PATTERNS, v)));
        for (RuleList.Entry e : RuleList.parse(KEYS, p.get(KEYS))) {
            if (e.pattern() != null) keyPatterns.add(e.pattern());
            else if (e.text().contains(".")) paths.add(e.text());
            else keys.add(e.text());
        }
        for (RuleList.Entry e : RuleList.parse(PATHS, p.get(PATHS))) {
            if (e.pattern() != null) {
                throw new IllegalArgumentException(PATHS + " takes dotted paths, not regular expressions (use "
                        + KEY_PATTERNS + "), was '/" + e.pattern().pattern() + "/'");
            }
            paths.add(e.text());
        }
        for (RuleList.Entry e : RuleList.parse(KEY_PATTERNS, p.get(KEY_PATTERNS))) {
            if (e.pattern() == null) {
                throw new IllegalArgumentException(KEY_PATTERNS + " takes regular expressions written /regex/flags, was '"
                        + e.text() + "'");
            }
            keyPatterns.add(e.pattern());
        }
        for (RuleList.Entry e : RuleList.parse(VALUE_PATTERNS, p.get(VALUE_PATTERNS))) {
            if (e.pattern() != null) valuePatterns.add(e.pattern());
            else literals.add(e.text());
        }
        String mask = p.getOrDefault(MASK, DEFAULT_MASK);
        if (mask.isBlank()) throw new IllegalArgumentException(MASK + " must not be blank, was '" + mask + "'");
        return new RedactionConfig(keys, paths, keyPatterns, valuePatterns, literals, mask);
    }

    /** This configuration plus {@code morePaths} (dotted, e.g. from {@link SensitiveFields#paths}). */
    public RedactionConfig withPaths(Collection<String> morePaths) {
        Set<String> all = new LinkedHashSet<>(paths);
        all.addAll(morePaths);
        return new RedactionConfig(keys, all, keyPatterns, valuePatterns, literals, mask);
    }

    /** This configuration plus literal secrets to mask in text (e.g. credentials a process holds). */
    public RedactionConfig withLiterals(Collection<String> moreLiterals) {
        Set<String> all = new LinkedHashSet<>(literals);
        all.addAll(moreLiterals);
        return new RedactionConfig(keys, paths, keyPatterns, valuePatterns, all, mask);
    }

    /** For start-up logs: the rules, never the literal secrets (only how many there are). */
    public String describe() {
        return "keys=" + keys + ", paths=" + paths + ", key.patterns=" + keyPatterns.stream().map(Pattern::pattern).toList()
                + ", value.patterns=" + valuePatterns.size() + " regexes and " + literals.size() + " literals, mask=" + mask;
    }

    /** Never prints the literal secrets. */
    @Override
    public String toString() {
        return "RedactionConfig[" + describe() + "]";
    }

    private static Set<String> lower(Set<String> in) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : in) out.add(s.trim().toLowerCase(Locale.ROOT));
        return Set.copyOf(out);
    }
}
