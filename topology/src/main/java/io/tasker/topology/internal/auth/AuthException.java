package io.tasker.topology.internal.auth;

/**
 * A request refused by authentication (401, with a {@link #reason()} code) or authorization (403). The message says
 * why without ever echoing the token.
 */
public final class AuthException extends RuntimeException {
    /** No {@code Authorization: Bearer} header. */
    public static final String MISSING_TOKEN = "missing_token";
    /** Not a well-formed token, or the header is not {@code Bearer <token>}. */
    public static final String INVALID_TOKEN = "invalid_token";
    /** A JWT past its {@code exp}. */
    public static final String EXPIRED_TOKEN = "expired_token";
    /** A JWT not yet valid ({@code nbf}). */
    public static final String NOT_YET_VALID = "token_not_yet_valid";
    /** A JWT whose signature does not verify with the configured key. */
    public static final String BAD_SIGNATURE = "bad_signature";
    /** A JWT with the wrong issuer or audience, or missing claims. */
    public static final String REJECTED_CLAIMS = "rejected_claims";
    /** A static token that is not in the tokens file. */
    public static final String UNKNOWN_TOKEN = "unknown_token";
    /** Authenticated, but the token lacks the route's scope or namespace. */
    public static final String FORBIDDEN = "forbidden";

    private final int status;
    private final String reason;

    private AuthException(int status, String reason, String message) {
        super(message, null, false, false); // an answer, not a failure: no stack trace
        this.status = status;
        this.reason = reason;
    }

    public static AuthException unauthorized(String reason, String message) {
        return new AuthException(401, reason, message);
    }

    public static AuthException forbidden(String message) {
        return new AuthException(403, FORBIDDEN, message);
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    /** The {@code WWW-Authenticate} value of a 401 (RFC 6750), null for a 403. */
    public String wwwAuthenticate() {
        if (status != 401) return null;
        if (reason.equals(MISSING_TOKEN)) return "Bearer realm=\"tasker\"";
        return "Bearer realm=\"tasker\", error=\"invalid_token\", error_description=\"" + getMessage().replace('"', '\'') + "\"";
    }
}
