package io.tasker.schemas.redaction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks sensitive values before data leaves Tasker (API answers, events, headers, logs): Tasker's
 * {@code filter_parameters}. Immutable and thread-safe; build one per configuration (and one per schema, see
 * {@link #withSchema}) and reuse it.
 *
 * <p>In a JSON tree, the value of every field whose key matches a rule (a key name, a dotted path, a key regex) is
 * replaced by the mask, whatever its type. Then every string value left is scrubbed as free text: the value patterns,
 * the configured literal secrets, and the values just masked in the same tree (so a password that also appears in an
 * error message of the same task is masked there too). Values shorter than {@value #MIN_SECRET_LENGTH} characters are
 * masked where their key says so but not searched for in text.
 */
public final class Redactor {
    /** Shorter values are not searched for in free text: masking every "1" or "yes" would destroy the text. */
    public static final int MIN_SECRET_LENGTH = 4;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Redactor NONE = new Redactor(RedactionConfig.none());

    private final RedactionConfig config;
    private final List<String[]> paths;
    private final boolean inert;

    public Redactor(RedactionConfig config) {
        this.config = config;
        List<String[]> p = new ArrayList<>();
        for (String path : config.paths()) p.add(path.split("\\."));
        this.paths = List.copyOf(p);
        this.inert = config.keys().isEmpty() && p.isEmpty() && config.keyPatterns().isEmpty()
                && config.valuePatterns().isEmpty() && config.literals().isEmpty();
    }

    /** A redactor with the {@link RedactionConfig#defaults() defaults}. */
    public static Redactor defaults() {
        return new Redactor(RedactionConfig.defaults());
    }

    /** A redactor that masks nothing. */
    public static Redactor none() {
        return NONE;
    }

    public RedactionConfig config() {
        return config;
    }

    public String mask() {
        return config.mask();
    }

    /**
     * This redactor plus the fields a JSON Schema marks sensitive ({@code x-sensitive: true} or {@code writeOnly: true},
     * see {@link SensitiveFields#paths}); {@code this} when the schema marks none or is null.
     */
    public Redactor withSchema(JsonNode schema) {
        Set<String> extra = SensitiveFields.paths(schema);
        return extra.isEmpty() ? this : new Redactor(config.withPaths(extra));
    }

    /** Whether a field named {@code key} (under {@code ancestors}, outermost first) is masked by a key, path or key regex. */
    public boolean isSensitiveKey(List<String> ancestors, String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (config.keys().contains(k)) return true;
        for (Pattern p : config.keyPatterns()) {
            if (p.matcher(key).find()) return true;
        }
        for (String[] path : paths) {
            if (endsWith(ancestors, k, path)) return true;
        }
        return false;
    }

    /** A redacted deep copy of {@code node} (null stays null); {@code node} is not changed. */
    public JsonNode redact(JsonNode node) {
        return redact(node, Set.of());
    }

    /**
     * {@link #redact(JsonNode)}, also masking {@code knownSecrets} in its strings (e.g. {@link #secretsIn} of the
     * task an event is about).
     */
    public JsonNode redact(JsonNode node, Collection<String> knownSecrets) {
        if (node == null) return null;
        if (inert && knownSecrets.isEmpty()) return node.deepCopy();
        JsonNode copy = node.deepCopy();
        Set<String> seen = new LinkedHashSet<>(knownSecrets);
        JsonNode out = maskKeys(copy, new ArrayDeque<>(), seen);
        return scrubStrings(out, TextScrubber.of(config, seen));
    }

    /** {@link #redact(JsonNode)} for an object, keeping the type. */
    public ObjectNode redact(ObjectNode node) {
        return (ObjectNode) redact((JsonNode) node);
    }

    /** A JSON text redacted; text that is not JSON is redacted as {@link #redactText free text}. */
    public String redactJson(String json) {
        if (json == null || inert) return json;
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (IOException e) {
            return redactText(json);
        }
        return tree == null ? redactText(json) : redact(tree).toString();
    }

    /**
     * The values {@code node}'s sensitive fields hold (string forms of their scalars, at least
     * {@value #MIN_SECRET_LENGTH} characters), to mask them in texts that travel with it, see
     * {@link #redactText(String, Collection)}.
     */
    public Set<String> secretsIn(JsonNode node) {
        Set<String> seen = new LinkedHashSet<>();
        if (node != null && !inert) maskKeys(node.deepCopy(), new ArrayDeque<>(), seen);
        return seen;
    }

    /** Free text (an error message, a backtrace line, a header) with value patterns and literal secrets masked. */
    public String redactText(String text) {
        return redactText(text, Set.of());
    }

    /** {@link #redactText(String)}, also masking {@code knownSecrets} (e.g. {@link #secretsIn} of the same record). */
    public String redactText(String text, Collection<String> knownSecrets) {
        if (text == null || text.isEmpty() || (inert && knownSecrets.isEmpty())) return text;
        return TextScrubber.of(config, knownSecrets).scrub(text);
    }

    private JsonNode maskKeys(JsonNode node, Deque<String> ancestors, Set<String> seen) {
        if (node instanceof ObjectNode obj) {
            List<String> chain = new ArrayList<>(ancestors);
            Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
            List<String> toMask = new ArrayList<>();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                if (isSensitiveKey(chain, f.getKey())) {
                    toMask.add(f.getKey());
                } else {
                    ancestors.addLast(f.getKey().toLowerCase(Locale.ROOT));
                    maskKeys(f.getValue(), ancestors, seen);
                    ancestors.removeLast();
                }
            }
            for (String k : toMask) {
                collect(obj.get(k), seen);
                obj.set(k, TextNode.valueOf(config.mask()));
            }
        } else if (node instanceof ArrayNode arr) {
            // array elements are transparent: credit_card.number matches credit_card[i].number
            for (JsonNode el : arr) maskKeys(el, ancestors, seen);
        }
        return node;
    }

    private static void collect(JsonNode value, Set<String> seen) {
        if (value == null || value.isNull()) return;
        if (value.isContainerNode()) {
            value.forEach(v -> collect(v, seen));
            return;
        }
        String s = value.asText();
        if (s.length() >= MIN_SECRET_LENGTH) seen.add(s);
    }

    private static JsonNode scrubStrings(JsonNode node, TextScrubber scrubber) {
        if (node.isTextual()) return TextNode.valueOf(scrubber.scrub(node.asText()));
        if (node instanceof ObjectNode obj) {
            List<String> names = new ArrayList<>();
            obj.fieldNames().forEachRemaining(names::add);
            for (String n : names) obj.set(n, scrubStrings(obj.get(n), scrubber));
        } else if (node instanceof ArrayNode arr) {
            for (int i = 0; i < arr.size(); i++) arr.set(i, scrubStrings(arr.get(i), scrubber));
        }
        return node;
    }

    private static boolean endsWith(List<String> ancestors, String key, String[] path) {
        int last = path.length - 1;
        if (!segmentMatches(path[last], key)) return false;
        if (ancestors.size() < last) return false;
        for (int i = 0; i < last; i++) {
            String a = ancestors.get(ancestors.size() - last + i);
            if (!segmentMatches(path[i], a)) return false;
        }
        return true;
    }

    private static boolean segmentMatches(String segment, String key) {
        return segment.equals("*") || segment.equals(key);
    }

    /** Masks value patterns and literal secrets in text; longer literals first so a secret containing another is whole. */
    private record TextScrubber(List<Pattern> patterns, List<List<String>> gates, List<Pattern> literals, String mask) {
        static TextScrubber of(RedactionConfig config, Collection<String> knownSecrets) {
            Set<String> all = new LinkedHashSet<>(config.literals());
            for (String s : knownSecrets) {
                if (s != null && s.length() >= MIN_SECRET_LENGTH && !s.equals(config.mask())) all.add(s);
            }
            List<Pattern> literals = all.stream().sorted(Comparator.comparingInt(String::length).reversed())
                    .map(s -> Pattern.compile(Pattern.quote(s))).toList();
            List<List<String>> gates = new ArrayList<>();
            for (Pattern p : config.valuePatterns()) gates.add(ValuePatternGate.wordsOf(p));
            return new TextScrubber(config.valuePatterns(), gates, literals, config.mask());
        }

        String scrub(String text) {
            String out = text;
            for (Pattern l : literals) out = l.matcher(out).replaceAll(Matcher.quoteReplacement(mask));
            String lower = null;
            boolean lowered = false;
            for (int i = 0; i < patterns.size(); i++) {
                List<String> gate = gates.get(i);
                if (gate != null) {
                    if (!lowered) {
                        lower = ValuePatternGate.asciiLower(out);
                        lowered = true;
                    }
                    if (!ValuePatternGate.mayMatch(gate, out, lower)) continue;
                }
                String before = out;
                out = replace(patterns.get(i), out);
                if (out != before) lowered = false; // masked: the next gate looks at the new text
            }
            return out;
        }

        private String replace(Pattern p, String text) {
            Matcher m = p.matcher(text);
            boolean group = p.pattern().contains("(?<secret>");
            StringBuilder sb = new StringBuilder();
            int last = 0;
            boolean found = false;
            while (m.find()) {
                int start = group ? m.start("secret") : m.start();
                int end = group ? m.end("secret") : m.end();
                if (start < 0) continue; // the group did not take part in this match
                sb.append(text, last, start).append(mask);
                last = end;
                found = true;
            }
            if (!found) return text;
            return sb.append(text, last, text.length()).toString();
        }
    }
}
