package io.tasker.topology.internal.auth;

import io.tasker.topology.ApiScope;
import io.tasker.topology.ApiTokens;
import io.tasker.topology.HttpAuthConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The static API tokens of {@code http.auth.tokens-file} (format: {@link ApiTokens}), kept as their SHA-256 only.
 * A presented token is hashed and compared with every entry in constant time, so neither the file nor the timing
 * gives a token away.
 */
final class StaticTokens implements TokenVerifier {
    private record Entry(byte[] sha256, Caller caller) {
    }

    private final List<Entry> entries;

    private StaticTokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** @throws IllegalArgumentException naming the key, the file and the line of the first problem */
    static StaticTokens load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(HttpAuthConfig.TOKENS_FILE + " '" + file + "' cannot be read: " + e.getMessage(), e);
        }
        return parse(lines, HttpAuthConfig.TOKENS_FILE + " '" + file + "'");
    }

    static StaticTokens parse(List<String> lines, String where) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            try {
                entries.add(entry(line));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return new StaticTokens(entries);
    }

    private static Entry entry(String line) {
        String[] fields = line.split("\\s+");
        if (!fields[0].matches("sha256:[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("must start with sha256:<64 hex digits> (the token's hash, never the token itself)");
        }
        byte[] hash = HexFormat.of().parseHex(fields[0].substring("sha256:".length()).toLowerCase());
        String name = null;
        Set<ApiScope> scopes = null;
        Set<String> namespaces = null;
        for (int f = 1; f < fields.length; f++) {
            int eq = fields[f].indexOf('=');
            if (eq < 1) throw new IllegalArgumentException("'" + fields[f] + "' is not key=value");
            String key = fields[f].substring(0, eq);
            String value = fields[f].substring(eq + 1);
            switch (key) {
                case "name" -> name = value;
                case "scopes" -> {
                    scopes = EnumSet.noneOf(ApiScope.class);
                    for (String s : value.split(",")) if (!s.isBlank()) scopes.add(ApiScope.parse(s));
                }
                case "namespaces" -> {
                    namespaces = new LinkedHashSet<>();
                    for (String n : value.split(",")) if (!n.isBlank()) namespaces.add(n.trim());
                }
                default -> throw new IllegalArgumentException("unknown field '" + key + "'; allowed: name, scopes, namespaces");
            }
        }
        if (name == null || name.isBlank()) throw new IllegalArgumentException("name= is required");
        if (scopes == null || scopes.isEmpty()) throw new IllegalArgumentException("scopes= is required: " + ApiScope.allowed());
        return new Entry(hash, new Caller(name, scopes, namespaces, null));
    }

    int size() {
        return entries.size();
    }

    @Override
    public Caller verify(String token) {
        byte[] presented = ApiTokens.sha256(token.getBytes(StandardCharsets.UTF_8));
        Caller found = null;
        for (Entry e : entries) { // every entry, match or not: the time taken says nothing about which one matched
            if (MessageDigest.isEqual(presented, e.sha256()) && found == null) found = e.caller();
        }
        if (found == null) throw AuthException.unauthorized(AuthException.UNKNOWN_TOKEN, "the token is not a known API token");
        return found;
    }
}
