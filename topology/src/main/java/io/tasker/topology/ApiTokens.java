package io.tasker.topology;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.stream.Collectors;

/**
 * Static API tokens of the HTTP API. A token is {@code tsk_} plus 43 characters (32 random bytes, base64url); the
 * tokens file ({@code http.auth.tokens-file}) stores only its SHA-256, one token per line:
 *
 * <pre>
 * # comments and blank lines are ignored
 * sha256:&lt;64 hex digits&gt; name=ci scopes=tasks:read,tasks:submit namespaces=orders,billing
 * sha256:&lt;64 hex digits&gt; name=ops scopes=admin
 * </pre>
 *
 * {@code name} is required (it is what logs and errors call the caller), {@code scopes} is required (see
 * {@link ApiScope}), {@code namespaces} is optional (absent = every namespace).
 */
public final class ApiTokens {
    /** Every generated token starts with this, so a leaked one is easy to recognise (and to scan for). */
    public static final String PREFIX = "tsk_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiTokens() {
    }

    /** A new random token; show it once, store only {@link #line its line}. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** {@code sha256:<hex>} of the token's UTF-8 bytes: what the tokens file stores. */
    public static String hash(String token) {
        return "sha256:" + HexFormat.of().formatHex(sha256(token.getBytes(StandardCharsets.UTF_8)));
    }

    /** The raw SHA-256 of {@code bytes}. */
    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * The tokens-file line of {@code token}.
     *
     * @param namespaces empty = every namespace
     */
    public static String line(String token, String name, Collection<ApiScope> scopes, Collection<String> namespaces) {
        if (name == null || !name.matches("[A-Za-z0-9._@:-]+")) {
            throw new IllegalArgumentException("token name must be letters, digits and . _ @ : - (was '" + name + "')");
        }
        if (scopes.isEmpty()) throw new IllegalArgumentException("a token needs at least one scope: " + ApiScope.allowed());
        String line = hash(token) + " name=" + name + " scopes="
                + scopes.stream().map(ApiScope::wireName).collect(Collectors.joining(","));
        return namespaces.isEmpty() ? line : line + " namespaces=" + String.join(",", namespaces);
    }
}
