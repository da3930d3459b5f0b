package io.tasker.topology.internal.auth;

/** Turns a bearer token into its {@link Caller}. */
interface TokenVerifier {
    /** @throws AuthException 401 saying why the token is not accepted */
    Caller verify(String token);
}
