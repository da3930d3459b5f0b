package io.tasker.topology.internal.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import io.tasker.topology.ApiScope;
import io.tasker.topology.HttpAuthConfig;

import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies JWTs with Nimbus JOSE+JWT: HS256 with a shared secret or RS256 with an RSA public key, {@code exp} required
 * and honoured ({@code nbf} too) with the configured clock skew, {@code iss} and {@code aud} checked when configured.
 * The caller is the {@code sub} claim; its scopes the {@code scope} claim (space-separated, or an array; unknown
 * scopes are ignored); its namespaces the {@code namespaces} claim (array; absent = every namespace).
 */
final class JwtVerifier implements TokenVerifier {
    static final int MIN_HMAC_SECRET_BYTES = 32;
    static final String SCOPE_CLAIM = "scope";
    static final String NAMESPACES_CLAIM = "namespaces";

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final JWSAlgorithm algorithm;

    private JwtVerifier(JWSAlgorithm algorithm, Key key, String issuer, String audience, long clockSkewSeconds) {
        this.algorithm = algorithm;
        processor.setJWSKeySelector(new SingleKeyJWSKeySelector<>(algorithm, key));
        JWTClaimsSet exact = issuer == null ? new JWTClaimsSet.Builder().build() : new JWTClaimsSet.Builder().issuer(issuer).build();
        Set<String> required = new HashSet<>(List.of("exp"));
        if (audience != null) required.add("aud");
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                audience == null ? null : Set.of(audience), exact, required, null);
        claims.setMaxClockSkew((int) clockSkewSeconds);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** The verifier {@code config} asks for, or null when it names no JWT key; key problems name their key. */
    static JwtVerifier from(HttpAuthConfig config) {
        if (config.jwtHmacSecretFile() != null) {
            byte[] secret = read(HttpAuthConfig.JWT_HMAC_SECRET_FILE, config.jwtHmacSecretFile()).strip().getBytes(StandardCharsets.UTF_8);
            if (secret.length < MIN_HMAC_SECRET_BYTES) {
                throw new IllegalArgumentException(HttpAuthConfig.JWT_HMAC_SECRET_FILE + " '" + config.jwtHmacSecretFile()
                        + "' holds " + secret.length + " bytes; HS256 needs a secret of at least " + MIN_HMAC_SECRET_BYTES + " bytes");
            }
            return new JwtVerifier(JWSAlgorithm.HS256, new SecretKeySpec(secret, "HmacSHA256"), config.jwtIssuer(),
                    config.jwtAudience(), config.clockSkewSeconds());
        }
        if (config.jwtRsaPublicKeyFile() != null) {
            return new JwtVerifier(JWSAlgorithm.RS256, rsaPublicKey(config.jwtRsaPublicKeyFile()), config.jwtIssuer(),
                    config.jwtAudience(), config.clockSkewSeconds());
        }
        return null;
    }

    @Override
    public Caller verify(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw AuthException.unauthorized(AuthException.INVALID_TOKEN, "the bearer token is not a well-formed JWT");
        } catch (ExpiredJWTException e) {
            throw AuthException.unauthorized(AuthException.EXPIRED_TOKEN, "the token has expired");
        } catch (BadJWSException e) {
            throw AuthException.unauthorized(AuthException.BAD_SIGNATURE, "the token's signature does not verify");
        } catch (BadJWTException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("before use time")) {
                throw AuthException.unauthorized(AuthException.NOT_YET_VALID, "the token is not valid yet (nbf)");
            }
            throw AuthException.unauthorized(AuthException.REJECTED_CLAIMS, "the token's claims are not accepted: " + m);
        } catch (BadJOSEException e) {
            // e.g. another algorithm than the configured key's, or an unsigned token
            throw AuthException.unauthorized(AuthException.BAD_SIGNATURE, "the token is not signed with " + algorithm.getName()
                    + " by the configured key");
        } catch (JOSEException e) {
            throw AuthException.unauthorized(AuthException.INVALID_TOKEN, "the token could not be verified: " + e.getMessage());
        }
        return caller(claims);
    }

    private static Caller caller(JWTClaimsSet claims) {
        Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
        for (String s : strings(claims.getClaim(SCOPE_CLAIM), " ")) {
            Arrays.stream(ApiScope.values()).filter(a -> a.wireName().equals(s)).forEach(scopes::add);
        }
        Object ns = claims.getClaim(NAMESPACES_CLAIM);
        Set<String> namespaces = ns == null ? null : new LinkedHashSet<>(strings(ns, ","));
        String name = claims.getSubject() == null ? "jwt" : claims.getSubject();
        return new Caller(name, scopes, namespaces, null);
    }

    /** A claim that is a string of {@code separator}-separated values or an array of strings. */
    private static List<String> strings(Object claim, String separator) {
        List<String> out = new ArrayList<>();
        if (claim instanceof String s) {
            for (String part : s.split(separator)) if (!part.isBlank()) out.add(part.trim());
        } else if (claim instanceof List<?> list) {
            for (Object o : list) if (o != null && !o.toString().isBlank()) out.add(o.toString().trim());
        }
        return out;
    }

    /** An RSA public key from a PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo) or {@code CERTIFICATE}. */
    static RSAPublicKey rsaPublicKey(Path file) {
        String key = HttpAuthConfig.JWT_RSA_PUBLIC_KEY_FILE;
        String pem = read(key, file);
        try {
            PublicKey publicKey;
            if (pem.contains("-----BEGIN CERTIFICATE-----")) {
                publicKey = CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).getPublicKey();
            } else if (pem.contains("-----BEGIN PUBLIC KEY-----")) {
                String base64 = pem.substring(pem.indexOf("-----BEGIN PUBLIC KEY-----") + 26, pem.indexOf("-----END PUBLIC KEY-----"))
                        .replaceAll("\\s", "");
                publicKey = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
            } else {
                throw new IllegalArgumentException(key + " '" + file + "' is not a PEM file with a 'PUBLIC KEY' or 'CERTIFICATE'"
                        + " (convert a PKCS#1 'RSA PUBLIC KEY' with: openssl rsa -RSAPublicKey_in -in key.pem -pubout)");
            }
            if (!(publicKey instanceof RSAPublicKey rsa)) {
                throw new IllegalArgumentException(key + " '" + file + "' holds a " + publicKey.getAlgorithm() + " key, not an RSA key");
            }
            return rsa;
        } catch (GeneralSecurityException | IllegalArgumentException | StringIndexOutOfBoundsException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null && iae.getMessage().startsWith(key)) throw iae;
            throw new IllegalArgumentException(key + " '" + file + "' could not be read as an RSA public key: " + e.getMessage(), e);
        }
    }

    private static String read(String key, Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(key + " '" + file + "' cannot be read: " + e.getMessage(), e);
        }
    }
}
