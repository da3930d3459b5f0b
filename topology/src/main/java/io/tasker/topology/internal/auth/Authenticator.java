package io.tasker.topology.internal.auth;

import io.tasker.topology.HttpAuthConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an {@code Authorization} header into a {@link Caller}: a JWT (three dot-separated parts) goes to the JWT
 * verifier, anything else to the static tokens. Built once at start-up from {@link HttpAuthConfig}; key or tokens
 * files that cannot be used are refused then, naming their key.
 */
public final class Authenticator {
    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);
    private static final String BEARER = "Bearer ";

    private final HttpAuthConfig config;
    private final JwtVerifier jwt;
    private final StaticTokens tokens;

    private Authenticator(HttpAuthConfig config, JwtVerifier jwt, StaticTokens tokens) {
        this.config = config;
        this.jwt = jwt;
        this.tokens = tokens;
    }

    /** @throws IllegalArgumentException naming the key when a key or tokens file is missing, unreadable or invalid */
    public static Authenticator from(HttpAuthConfig config) {
        if (!config.required()) return new Authenticator(config, null, null);
        if (!config.hasVerifier()) {
            throw new IllegalArgumentException(HttpAuthConfig.MODE + "=required needs " + HttpAuthConfig.JWT_HMAC_SECRET_FILE
                    + ", " + HttpAuthConfig.JWT_RSA_PUBLIC_KEY_FILE + " or " + HttpAuthConfig.TOKENS_FILE);
        }
        JwtVerifier jwt = JwtVerifier.from(config);
        StaticTokens tokens = config.tokensFile() == null ? null : StaticTokens.load(config.tokensFile());
        log.info("HTTP API authentication: {}{}", config.describe(), tokens == null ? "" : " (" + tokens.size() + " static tokens)");
        return new Authenticator(config, jwt, tokens);
    }

    public boolean required() {
        return config.required();
    }

    public boolean metricsOpen() {
        return config.metricsOpen();
    }

    /**
     * The caller of a request with this {@code Authorization} header.
     *
     * @throws AuthException 401 saying why (missing, malformed, expired, bad signature, unknown token)
     */
    public Caller authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw AuthException.unauthorized(AuthException.MISSING_TOKEN,
                    "this route needs a bearer token: send 'Authorization: Bearer <token>'");
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw AuthException.unauthorized(AuthException.INVALID_TOKEN, "the Authorization header must be 'Bearer <token>'");
        }
        String token = authorization.substring(BEARER.length()).strip();
        if (token.isEmpty()) {
            throw AuthException.unauthorized(AuthException.MISSING_TOKEN, "the Authorization header has no token after 'Bearer'");
        }
        boolean looksLikeJwt = token.chars().filter(c -> c == '.').count() == 2;
        Caller caller;
        if (looksLikeJwt && jwt != null) {
            caller = jwt.verify(token);
        } else if (!looksLikeJwt && tokens != null) {
            caller = tokens.verify(token);
        } else if (looksLikeJwt) {
            throw AuthException.unauthorized(AuthException.INVALID_TOKEN, "JWTs are not accepted here (no JWT key is configured)");
        } else {
            throw AuthException.unauthorized(AuthException.INVALID_TOKEN, "the bearer token is not a JWT (and no static tokens are configured)");
        }
        return caller.withAuthorization(authorization);
    }
}
