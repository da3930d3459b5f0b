package io.tasker.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How a {@link SchemaRegistryClient} authenticates to the registry and which certificates it trusts, with the
 * Confluent client's key names (prefixed {@code schema.registry.}): HTTP basic auth
 * ({@value #BASIC_AUTH_USER_INFO} = {@code USER:PASSWORD}), a bearer token ({@value #BEARER_AUTH_TOKEN}), and a TLS
 * truststore for an {@code https://} registry whose certificate the JVM does not trust by default
 * ({@value #SSL_TRUSTSTORE_LOCATION}, {@value #SSL_TRUSTSTORE_PASSWORD}, {@value #SSL_TRUSTSTORE_TYPE}, default
 * {@value #DEFAULT_TRUSTSTORE_TYPE}).
 *
 * <p>Credentials never appear in {@link #toString()}, logs or exception messages.
 *
 * @param basicAuthUserInfo  {@code USER:PASSWORD} for HTTP basic auth; {@code null} = none
 * @param bearerToken        a bearer token; {@code null} = none. At most one of the two.
 * @param truststoreLocation a truststore file; {@code null} = the JVM's default trust
 * @param truststorePassword its password; {@code null} = none
 * @param truststoreType     its type ({@code PKCS12}, {@code JKS}); {@code null} = {@value #DEFAULT_TRUSTSTORE_TYPE}
 */
public record SchemaRegistrySettings(String basicAuthUserInfo, String bearerToken, String truststoreLocation,
                                     String truststorePassword, String truststoreType) {
    public static final String BASIC_AUTH_USER_INFO = "schema.registry.basic.auth.user.info";
    public static final String BEARER_AUTH_TOKEN = "schema.registry.bearer.auth.token";
    public static final String SSL_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    public static final String SSL_TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    public static final String DEFAULT_TRUSTSTORE_TYPE = "PKCS12";
    /** Every key read by {@link #fromProperties(Map)}. */
    public static final List<String> KEYS = List.of(BASIC_AUTH_USER_INFO, BEARER_AUTH_TOKEN, SSL_TRUSTSTORE_LOCATION,
            SSL_TRUSTSTORE_PASSWORD, SSL_TRUSTSTORE_TYPE);
    private static final String MASK = "***";
    private static final SchemaRegistrySettings NONE = new SchemaRegistrySettings(null, null, null, null, null);

    public SchemaRegistrySettings {
        basicAuthUserInfo = blankToNull(basicAuthUserInfo);
        bearerToken = blankToNull(bearerToken);
        truststoreLocation = blankToNull(truststoreLocation);
        truststorePassword = blankToNull(truststorePassword);
        truststoreType = blankToNull(truststoreType) == null ? DEFAULT_TRUSTSTORE_TYPE : truststoreType.strip();
    }

    /** No authentication, the JVM's default trust. */
    public static SchemaRegistrySettings none() {
        return NONE;
    }

    /** Reads the {@link #KEYS} from {@code props} (other keys are ignored); not validated. */
    public static SchemaRegistrySettings fromProperties(Map<String, ?> props) {
        return new SchemaRegistrySettings(text(props, BASIC_AUTH_USER_INFO), text(props, BEARER_AUTH_TOKEN),
                text(props, SSL_TRUSTSTORE_LOCATION), text(props, SSL_TRUSTSTORE_PASSWORD), text(props, SSL_TRUSTSTORE_TYPE));
    }

    /** The settings as properties (only those set), e.g. for a serde's {@code configure}. */
    public Map<String, String> toProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        if (basicAuthUserInfo != null) p.put(BASIC_AUTH_USER_INFO, basicAuthUserInfo);
        if (bearerToken != null) p.put(BEARER_AUTH_TOKEN, bearerToken);
        if (truststoreLocation != null) {
            p.put(SSL_TRUSTSTORE_LOCATION, truststoreLocation);
            p.put(SSL_TRUSTSTORE_TYPE, truststoreType);
        }
        if (truststorePassword != null) p.put(SSL_TRUSTSTORE_PASSWORD, truststorePassword);
        return p;
    }

    /** Every problem, each naming its key (never a secret value); empty when valid. */
    public List<String> errors() {
        List<String> errors = new ArrayList<>();
        if (basicAuthUserInfo != null && basicAuthUserInfo.indexOf(':') < 1) {
            errors.add(BASIC_AUTH_USER_INFO + " must be USER:PASSWORD (the value is not shown)");
        }
        if (basicAuthUserInfo != null && bearerToken != null) {
            errors.add("set either " + BASIC_AUTH_USER_INFO + " or " + BEARER_AUTH_TOKEN + ", not both");
        }
        if (truststoreLocation != null && !Files.isReadable(Path.of(truststoreLocation))) {
            errors.add(SSL_TRUSTSTORE_LOCATION + " must be a readable file, was '" + truststoreLocation + "'");
        }
        if (truststoreLocation == null && truststorePassword != null) {
            errors.add(SSL_TRUSTSTORE_PASSWORD + " is set but " + SSL_TRUSTSTORE_LOCATION + " is not");
        }
        return errors;
    }

    /** @throws IllegalArgumentException listing {@link #errors()} */
    public SchemaRegistrySettings validate() {
        List<String> errors = errors();
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid schema registry client settings: " + String.join("; ", errors));
        }
        return this;
    }

    /** The {@code Authorization} header value, if any. */
    Optional<String> authorization() {
        if (bearerToken != null) return Optional.of("Bearer " + bearerToken);
        if (basicAuthUserInfo != null) {
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(basicAuthUserInfo.getBytes(StandardCharsets.UTF_8)));
        }
        return Optional.empty();
    }

    /** What the client sends, for messages: {@code basic auth}, {@code a bearer token} or {@code no credentials}. */
    String credentialsKind() {
        if (bearerToken != null) return "a bearer token (" + BEARER_AUTH_TOKEN + ")";
        if (basicAuthUserInfo != null) {
            return "basic auth as user '" + basicAuthUserInfo.substring(0, Math.max(0, basicAuthUserInfo.indexOf(':')))
                    + "' (" + BASIC_AUTH_USER_INFO + ")";
        }
        return "no credentials (set " + BASIC_AUTH_USER_INFO + " or " + BEARER_AUTH_TOKEN + ")";
    }

    /**
     * The TLS context trusting the {@linkplain #truststoreLocation() truststore}; empty when none is set.
     *
     * @throws IllegalArgumentException naming the truststore key when the file cannot be loaded (wrong password,
     *                                  wrong type)
     */
    Optional<SSLContext> sslContext() {
        if (truststoreLocation == null) return Optional.empty();
        try (InputStream in = Files.newInputStream(Path.of(truststoreLocation))) {
            KeyStore trust = KeyStore.getInstance(truststoreType);
            trust.load(in, truststorePassword == null ? null : truststorePassword.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return Optional.of(ssl);
        } catch (IOException | GeneralSecurityException e) {
            // the message of a wrong password never contains the password
            throw new IllegalArgumentException("cannot load the schema registry truststore " + SSL_TRUSTSTORE_LOCATION
                    + "='" + truststoreLocation + "' (" + SSL_TRUSTSTORE_TYPE + "=" + truststoreType + "; check "
                    + SSL_TRUSTSTORE_PASSWORD + " and the type): " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        // names which credential is set, never its value; no "token=..." pair either, so log redaction has nothing to
        // mask and an unset credential does not read as a masked one
        String auth = bearerToken != null ? "bearer" : basicAuthUserInfo != null ? "basic" : "none";
        return "SchemaRegistrySettings[auth=" + auth + ", truststore=" + (truststoreLocation == null ? "default"
                : truststoreLocation + " (" + truststoreType + (truststorePassword == null ? "" : ", with password") + ")") + "]";
    }

    private static String text(Map<String, ?> props, String key) {
        Object v = props.get(key);
        return v == null ? null : v.toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
