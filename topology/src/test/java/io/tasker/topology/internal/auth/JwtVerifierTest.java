package io.tasker.topology.internal.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tasker.topology.ApiScope;
import io.tasker.topology.HttpAuthConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JWTs: HS256 and RS256 signatures, exp and nbf with clock skew, issuer and audience, scope and namespaces claims. */
class JwtVerifierTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef-test-secret";
    @TempDir
    Path dir;

    private Authenticator hmac(String issuer, String audience) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), SECRET + "\n");
        return Authenticator.from(new HttpAuthConfig(true, secret, null, issuer, audience, null, true, 30));
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().subject("alice").claim("scope", "tasks:read tasks:submit other:scope")
                .expirationTime(new Date(System.currentTimeMillis() + 60_000));
    }

    private static String hs256(String secret, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret.getBytes()));
        return jwt.serialize();
    }

    private static String rs256(KeyPair keys, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
        return jwt.serialize();
    }

    private static KeyPair rsaKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private Path pem(KeyPair keys) throws Exception {
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        return Files.writeString(dir.resolve("public.pem"), pem);
    }

    private static void assertRefused(Authenticator auth, String token, String reason) {
        assertThatThrownBy(() -> auth.authenticate("Bearer " + token))
                .isInstanceOfSatisfying(AuthException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).doesNotContain(token);
                });
    }

    @Test
    void anHs256TokenGivesItsSubjectScopesAndNamespaces() throws Exception {
        Caller c = hmac(null, null).authenticate("Bearer " + hs256(SECRET, claims().claim("namespaces", List.of("orders", "billing")).build()));

        assertThat(c.name()).isEqualTo("alice");
        assertThat(c.scopes()).containsExactlyInAnyOrder(ApiScope.TASKS_READ, ApiScope.TASKS_SUBMIT);
        assertThat(c.namespaces()).containsExactlyInAnyOrder("orders", "billing");
        assertThat(c.authorization()).as("kept to forward").startsWith("Bearer ey");
    }

    @Test
    void withoutANamespacesClaimEveryNamespaceIsAllowed() throws Exception {
        Caller c = hmac(null, null).authenticate("Bearer " + hs256(SECRET, claims().build()));

        assertThat(c.restricted()).isFalse();
        assertThat(c.allows("anything")).isTrue();
    }

    @Test
    void anExpiredTokenIsRefusedAsExpiredButTheClockSkewIsHonoured() throws Exception {
        Authenticator auth = hmac(null, null);
        String expired = hs256(SECRET, claims().expirationTime(new Date(System.currentTimeMillis() - 120_000)).build());
        String justExpired = hs256(SECRET, claims().expirationTime(new Date(System.currentTimeMillis() - 5_000)).build());

        assertRefused(auth, expired, AuthException.EXPIRED_TOKEN);
        assertThat(auth.authenticate("Bearer " + justExpired).name()).isEqualTo("alice");
    }

    @Test
    void aTokenNotYetValidIsRefused() throws Exception {
        assertRefused(hmac(null, null), hs256(SECRET, claims().notBeforeTime(new Date(System.currentTimeMillis() + 600_000)).build()),
                AuthException.NOT_YET_VALID);
    }

    @Test
    void aTokenWithoutExpIsRefused() throws Exception {
        assertRefused(hmac(null, null), hs256(SECRET, new JWTClaimsSet.Builder().subject("x").claim("scope", "admin").build()),
                AuthException.REJECTED_CLAIMS);
    }

    @Test
    void aTokenSignedWithAnotherSecretHasABadSignature() throws Exception {
        assertRefused(hmac(null, null), hs256("another-secret-of-at-least-32-bytes!!", claims().build()), AuthException.BAD_SIGNATURE);
    }

    @Test
    void issuerAndAudienceAreCheckedWhenConfigured() throws Exception {
        Authenticator auth = hmac("https://issuer.example", "tasker");

        assertThat(auth.authenticate("Bearer " + hs256(SECRET, claims().issuer("https://issuer.example").audience("tasker").build())).name())
                .isEqualTo("alice");
        assertRefused(auth, hs256(SECRET, claims().issuer("https://evil.example").audience("tasker").build()), AuthException.REJECTED_CLAIMS);
        assertRefused(auth, hs256(SECRET, claims().issuer("https://issuer.example").audience("other").build()), AuthException.REJECTED_CLAIMS);
    }

    @Test
    void aMalformedTokenIsInvalid() throws Exception {
        assertRefused(hmac(null, null), "not.a.jwt", AuthException.INVALID_TOKEN);
    }

    @Test
    void anRs256TokenVerifiesWithThePublicKeyAndNotWithAnotherKey() throws Exception {
        KeyPair keys = rsaKeys();
        Authenticator auth = Authenticator.from(new HttpAuthConfig(true, null, pem(keys), null, null, null, true, 30));

        assertThat(auth.authenticate("Bearer " + rs256(keys, claims().build())).scopes()).contains(ApiScope.TASKS_READ);
        assertRefused(auth, rs256(rsaKeys(), claims().build()), AuthException.BAD_SIGNATURE);
        assertRefused(auth, hs256(SECRET, claims().build()), AuthException.BAD_SIGNATURE);
    }

    @Test
    void aShortHmacSecretIsRefusedAtStartNamingTheKey() throws Exception {
        Path secret = Files.writeString(dir.resolve("short"), "too-short");

        assertThatThrownBy(() -> Authenticator.from(new HttpAuthConfig(true, secret, null, null, null, null, true, 30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(HttpAuthConfig.JWT_HMAC_SECRET_FILE).hasMessageContaining("at least 32 bytes");
    }

    @Test
    void aFileThatIsNotAPublicKeyIsRefusedNamingTheKey() throws Exception {
        Path notPem = Files.writeString(dir.resolve("key.pem"), "-----BEGIN RSA PUBLIC KEY-----\nAAAA\n-----END RSA PUBLIC KEY-----\n");

        assertThatThrownBy(() -> Authenticator.from(new HttpAuthConfig(true, null, notPem, null, null, null, true, 30)))
                .hasMessageContaining(HttpAuthConfig.JWT_RSA_PUBLIC_KEY_FILE);
    }

    @Test
    void aStaticTokenIsNotAcceptedWhenOnlyJwtsAreConfigured() throws Exception {
        assertRefused(hmac(null, null), io.tasker.topology.ApiTokens.generate(), AuthException.INVALID_TOKEN);
    }

    @Test
    void noHeaderIsAMissingToken() throws Exception {
        Authenticator auth = hmac(null, null);
        UnaryOperator<String> nothing = s -> s;

        assertThatThrownBy(() -> auth.authenticate(nothing.apply(null)))
                .isInstanceOfSatisfying(AuthException.class, e -> {
                    assertThat(e.reason()).isEqualTo(AuthException.MISSING_TOKEN);
                    assertThat(e.wwwAuthenticate()).isEqualTo("Bearer realm=\"tasker\"");
                });
    }
}
