package io.tasker.topology;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * HTTPS for the HTTP API. Part of {@link TopologyConfig}. With a keystore the API serves HTTPS only, and queries
 * forwarded to other instances go over HTTPS, trusting the certificates of {@code http.tls.truststore} or, when none is
 * set, those of the keystore itself (every instance sharing one certificate, or certificates signed by a CA whose
 * certificate is in the keystore). The certificate must name the host other instances use
 * ({@code http.advertised-host}).
 *
 * <table>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>http.tls.keystore</td><td>(none: plain HTTP)</td><td>keystore with the server's key and certificate</td></tr>
 * <tr><td>http.tls.keystore-password</td><td>(empty)</td><td>its password</td></tr>
 * <tr><td>http.tls.keystore-type</td><td>PKCS12</td><td>its type</td></tr>
 * <tr><td>http.tls.truststore</td><td>(the keystore)</td><td>certificates trusted when forwarding to other instances</td></tr>
 * <tr><td>http.tls.truststore-password</td><td>(empty)</td><td>its password</td></tr>
 * <tr><td>http.tls.truststore-type</td><td>PKCS12</td><td>its type</td></tr>
 * </table>
 */
public record HttpTlsConfig(Path keystore, String keystorePassword, String keystoreType,
                            Path truststore, String truststorePassword, String truststoreType) {
    public static final String KEYSTORE = "http.tls.keystore";
    public static final String KEYSTORE_PASSWORD = "http.tls.keystore-password";
    public static final String KEYSTORE_TYPE = "http.tls.keystore-type";
    public static final String TRUSTSTORE = "http.tls.truststore";
    public static final String TRUSTSTORE_PASSWORD = "http.tls.truststore-password";
    public static final String TRUSTSTORE_TYPE = "http.tls.truststore-type";
    public static final String DEFAULT_TYPE = "PKCS12";

    public HttpTlsConfig {
        keystorePassword = keystorePassword == null ? "" : keystorePassword;
        keystoreType = keystoreType == null || keystoreType.isBlank() ? DEFAULT_TYPE : keystoreType;
        truststorePassword = truststorePassword == null ? "" : truststorePassword;
        truststoreType = truststoreType == null || truststoreType.isBlank() ? DEFAULT_TYPE : truststoreType;
    }

    /** Plain HTTP. */
    public static HttpTlsConfig off() {
        return new HttpTlsConfig(null, null, null, null, null, null);
    }

    /** HTTPS with this keystore, trusted by the other instances as it is. */
    public static HttpTlsConfig keystore(Path keystore, String password) {
        return new HttpTlsConfig(keystore, password, DEFAULT_TYPE, null, null, null);
    }

    public boolean enabled() {
        return keystore != null;
    }

    /** {@code https} or {@code http}. */
    public String scheme() {
        return enabled() ? "https" : "http";
    }

    static HttpTlsConfig fromProperties(Map<String, String> p) {
        return new HttpTlsConfig(path(p.get(KEYSTORE)), p.get(KEYSTORE_PASSWORD), p.get(KEYSTORE_TYPE),
                path(p.get(TRUSTSTORE)), p.get(TRUSTSTORE_PASSWORD), p.get(TRUSTSTORE_TYPE));
    }

    void validate(List<String> errors) {
        if (keystore != null && !Files.isReadable(keystore)) errors.add(KEYSTORE + " '" + keystore + "' is not a readable file");
        if (truststore != null && keystore == null) errors.add(TRUSTSTORE + " needs " + KEYSTORE + " (TLS is off without it)");
        if (truststore != null && !Files.isReadable(truststore)) errors.add(TRUSTSTORE + " '" + truststore + "' is not a readable file");
    }

    /** Without the passwords, for the start-up log line. */
    @Override
    public String toString() {
        return enabled() ? "https (keystore " + keystore + ", " + keystoreType
                + (truststore == null ? "" : "; truststore " + truststore + ", " + truststoreType) + ")" : "off";
    }

    private static Path path(String v) {
        return v == null || v.isBlank() ? null : Path.of(v.trim());
    }
}
