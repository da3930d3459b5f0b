package io.tasker.topology;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Who may call the HTTP API: bearer tokens that are JWTs (HMAC or RSA key) or static API tokens ({@link ApiTokens}).
 * Part of {@link TopologyConfig}; checked by {@link TopologyConfig#validate()}, and the key files are read at start-up
 * (an unreadable or too short key is refused then, naming the key).
 *
 * <table>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>http.auth</td><td>off</td><td>{@code required}: every route but {@code /health/*} (and {@code /metrics}
 * unless {@code http.auth.metrics=token}) needs a bearer token; {@code off}: no checks (a trusted network only).
 * {@code tasker topology} defaults to {@code required}</td></tr>
 * <tr><td>http.auth.jwt.hmac-secret-file</td><td>(none)</td><td>file holding the HS256 secret (at least 32 bytes;
 * surrounding whitespace is ignored)</td></tr>
 * <tr><td>http.auth.jwt.rsa-public-key-file</td><td>(none)</td><td>PEM file with the RSA public key of RS256 tokens</td></tr>
 * <tr><td>http.auth.jwt.issuer</td><td>(none)</td><td>when set, a JWT's {@code iss} must equal it</td></tr>
 * <tr><td>http.auth.jwt.audience</td><td>(none)</td><td>when set, a JWT's {@code aud} must contain it</td></tr>
 * <tr><td>http.auth.tokens-file</td><td>(none)</td><td>static API tokens, stored as SHA-256 (format: {@link ApiTokens})</td></tr>
 * <tr><td>http.auth.metrics</td><td>open</td><td>{@code open}: {@code GET /metrics} needs no token; {@code token}: it
 * needs {@code tasks:read} over every namespace (or {@code admin})</td></tr>
 * <tr><td>http.auth.clock-skew-seconds</td><td>30</td><td>tolerance on a JWT's {@code exp} and {@code nbf} (0..300)</td></tr>
 * </table>
 */
public record HttpAuthConfig(boolean required, Path jwtHmacSecretFile, Path jwtRsaPublicKeyFile, String jwtIssuer,
                             String jwtAudience, Path tokensFile, boolean metricsOpen, long clockSkewSeconds) {
    public static final String MODE = "http.auth";
    public static final String JWT_HMAC_SECRET_FILE = "http.auth.jwt.hmac-secret-file";
    public static final String JWT_RSA_PUBLIC_KEY_FILE = "http.auth.jwt.rsa-public-key-file";
    public static final String JWT_ISSUER = "http.auth.jwt.issuer";
    public static final String JWT_AUDIENCE = "http.auth.jwt.audience";
    public static final String TOKENS_FILE = "http.auth.tokens-file";
    public static final String METRICS = "http.auth.metrics";
    public static final String CLOCK_SKEW_SECONDS = "http.auth.clock-skew-seconds";
    public static final long DEFAULT_CLOCK_SKEW_SECONDS = 30;
    public static final long MAX_CLOCK_SKEW_SECONDS = 300;

    /** No authentication: the library default (embedded platforms, tests). */
    public static HttpAuthConfig off() {
        return new HttpAuthConfig(false, null, null, null, null, null, true, DEFAULT_CLOCK_SKEW_SECONDS);
    }

    /** Tokens required, accepted from the static tokens in {@code tokensFile} (e.g. {@code tasker dev}'s token). */
    public static HttpAuthConfig staticTokens(Path tokensFile) {
        return new HttpAuthConfig(true, null, null, null, null, tokensFile, true, DEFAULT_CLOCK_SKEW_SECONDS);
    }

    /** Whether any way to verify a token is configured. */
    public boolean hasVerifier() {
        return jwtHmacSecretFile != null || jwtRsaPublicKeyFile != null || tokensFile != null;
    }

    static HttpAuthConfig fromProperties(Map<String, String> p) {
        String mode = p.getOrDefault(MODE, "off").trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("required") && !mode.equals("off")) {
            throw new IllegalArgumentException(MODE + " must be required or off, was '" + p.get(MODE) + "'");
        }
        String metrics = p.getOrDefault(METRICS, "open").trim().toLowerCase(Locale.ROOT);
        if (!metrics.equals("open") && !metrics.equals("token")) {
            throw new IllegalArgumentException(METRICS + " must be open or token, was '" + p.get(METRICS) + "'");
        }
        long skew = DEFAULT_CLOCK_SKEW_SECONDS;
        if (p.containsKey(CLOCK_SKEW_SECONDS)) {
            try {
                skew = Long.parseLong(p.get(CLOCK_SKEW_SECONDS).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(CLOCK_SKEW_SECONDS + " must be an integer, was '" + p.get(CLOCK_SKEW_SECONDS) + "'");
            }
        }
        return new HttpAuthConfig(mode.equals("required"), path(p, JWT_HMAC_SECRET_FILE), path(p, JWT_RSA_PUBLIC_KEY_FILE),
                blankToNull(p.get(JWT_ISSUER)), blankToNull(p.get(JWT_AUDIENCE)), path(p, TOKENS_FILE), metrics.equals("open"), skew);
    }

    /** Adds an error naming the key and the bad value for each problem. */
    void validate(List<String> errors) {
        if (required && !hasVerifier()) {
            errors.add(MODE + "=required needs a way to check tokens: " + JWT_HMAC_SECRET_FILE + ", " + JWT_RSA_PUBLIC_KEY_FILE
                    + " or " + TOKENS_FILE + " (on a trusted network only: " + MODE + "=off)");
        }
        if (jwtHmacSecretFile != null && jwtRsaPublicKeyFile != null) {
            errors.add("set one of " + JWT_HMAC_SECRET_FILE + " and " + JWT_RSA_PUBLIC_KEY_FILE + ", not both");
        }
        readable(errors, JWT_HMAC_SECRET_FILE, jwtHmacSecretFile);
        readable(errors, JWT_RSA_PUBLIC_KEY_FILE, jwtRsaPublicKeyFile);
        readable(errors, TOKENS_FILE, tokensFile);
        if (clockSkewSeconds < 0 || clockSkewSeconds > MAX_CLOCK_SKEW_SECONDS) {
            errors.add(CLOCK_SKEW_SECONDS + " must be between 0 and " + MAX_CLOCK_SKEW_SECONDS + ", was " + clockSkewSeconds);
        }
    }

    /** The settings without secrets (file names only), for the start-up log line. */
    public String describe() {
        if (!required) return "off";
        StringBuilder sb = new StringBuilder("required");
        if (jwtHmacSecretFile != null) sb.append(", JWT HS256 secret from ").append(jwtHmacSecretFile);
        if (jwtRsaPublicKeyFile != null) sb.append(", JWT RS256 key from ").append(jwtRsaPublicKeyFile);
        if (jwtIssuer != null) sb.append(", issuer ").append(jwtIssuer);
        if (jwtAudience != null) sb.append(", audience ").append(jwtAudience);
        if (tokensFile != null) sb.append(", static tokens from ").append(tokensFile);
        return sb.append(", /metrics ").append(metricsOpen ? "open" : "needs a token").toString();
    }

    private static void readable(List<String> errors, String key, Path file) {
        if (file != null && !Files.isReadable(file)) errors.add(key + " '" + file + "' is not a readable file");
    }

    private static Path path(Map<String, String> p, String key) {
        String v = blankToNull(p.get(key));
        return v == null ? null : Path.of(v);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
