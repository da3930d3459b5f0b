package io.tasker.launcher;

import io.tasker.topology.HttpAuthConfig;
import io.tasker.topology.HttpTlsConfig;
import io.tasker.topology.TopologyConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The HTTP API options of {@code tasker topology}: where it listens, who may call it (bearer tokens: JWT or static
 * API tokens) and HTTPS. Authentication is required unless {@code --http-auth off}.
 */
final class HttpApiOptions {
    enum AuthMode { required, off }

    enum MetricsAuth { open, token }

    @Option(names = "--http-host", defaultValue = "127.0.0.1",
            description = "Interface the HTTP API binds (0.0.0.0 = every interface). Default: ${DEFAULT-VALUE}")
    String httpHost;
    @Option(names = "--advertised-host", description = "Host the other topology instances use to reach this one "
            + "(interactive queries are forwarded there). Default: --http-host")
    String advertisedHost;
    @Option(names = "--http-auth", defaultValue = "required", paramLabel = "required|off",
            description = "required: every route but /health/* (and /metrics unless --metrics-auth token) needs a bearer "
                    + "token; off: no checks, for a trusted network only. Default: ${DEFAULT-VALUE}")
    AuthMode httpAuth;
    @Option(names = "--http-jwt-hmac-secret-file", paramLabel = "FILE",
            description = "Accept JWTs signed HS256 with the secret in FILE (at least 32 bytes).")
    Path jwtHmacSecretFile;
    @Option(names = "--http-jwt-rsa-public-key-file", paramLabel = "FILE",
            description = "Accept JWTs signed RS256 by the key whose public half is in FILE (PEM 'PUBLIC KEY' or 'CERTIFICATE').")
    Path jwtRsaPublicKeyFile;
    @Option(names = "--http-jwt-issuer", description = "A JWT's iss must be this.")
    String jwtIssuer;
    @Option(names = "--http-jwt-audience", description = "A JWT's aud must contain this.")
    String jwtAudience;
    @Option(names = "--http-tokens-file", paramLabel = "FILE",
            description = "Static API tokens, one SHA-256 per line (create them with `tasker tokens create`).")
    Path tokensFile;
    @Option(names = "--metrics-auth", defaultValue = "open", paramLabel = "open|token",
            description = "open: GET /metrics needs no token; token: it needs tasks:read over every namespace. Default: ${DEFAULT-VALUE}")
    MetricsAuth metricsAuth;
    @Option(names = "--http-tls-keystore", paramLabel = "FILE", description = "Serve HTTPS with the key and certificate in this keystore.")
    Path tlsKeystore;
    @Option(names = "--http-tls-keystore-password", paramLabel = "PASSWORD", description = "Password of --http-tls-keystore.")
    String tlsKeystorePassword;
    @Option(names = "--http-tls-keystore-type", defaultValue = HttpTlsConfig.DEFAULT_TYPE, description = "Default: ${DEFAULT-VALUE}")
    String tlsKeystoreType;
    @Option(names = "--http-tls-truststore", paramLabel = "FILE", description = "Certificates trusted when forwarding "
            + "queries to other instances over HTTPS. Default: the keystore's own")
    Path tlsTruststore;
    @Option(names = "--http-tls-truststore-password", paramLabel = "PASSWORD", description = "Password of --http-tls-truststore.")
    String tlsTruststorePassword;
    @Option(names = "--http-tls-truststore-type", defaultValue = HttpTlsConfig.DEFAULT_TYPE, description = "Default: ${DEFAULT-VALUE}")
    String tlsTruststoreType;

    /**
     * @throws IllegalArgumentException when authentication is required but nothing can check a token: the start-up
     *                                  error names the options (and that {@code --http-auth off} exists)
     */
    HttpAuthConfig auth() {
        HttpAuthConfig auth = new HttpAuthConfig(httpAuth == AuthMode.required, jwtHmacSecretFile, jwtRsaPublicKeyFile,
                jwtIssuer, jwtAudience, tokensFile, metricsAuth == MetricsAuth.open, HttpAuthConfig.DEFAULT_CLOCK_SKEW_SECONDS);
        if (auth.required() && !auth.hasVerifier()) {
            throw new IllegalArgumentException("the HTTP API requires bearer tokens (--http-auth required, the default) but "
                    + "nothing can check them: give --http-jwt-hmac-secret-file, --http-jwt-rsa-public-key-file or "
                    + "--http-tokens-file (create a token with `tasker tokens create`); on a trusted network only, "
                    + "--http-auth off turns authentication off");
        }
        return auth;
    }

    HttpTlsConfig tls() {
        return new HttpTlsConfig(tlsKeystore, tlsKeystorePassword, tlsKeystoreType, tlsTruststore, tlsTruststorePassword, tlsTruststoreType);
    }

    TopologyConfig.Builder applyTo(TopologyConfig.Builder b) {
        return b.httpHost(httpHost).advertisedHost(advertisedHost).httpAuth(auth()).httpTls(tls());
    }
}
