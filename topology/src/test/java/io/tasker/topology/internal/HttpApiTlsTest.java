package io.tasker.topology.internal;

import io.tasker.topology.HttpTlsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HTTPS from a PKCS12 keystore (made here with the JDK's keytool, certificate for 127.0.0.1): the API serves only
 * HTTPS, and a query forwarded to the owner goes over HTTPS trusting the shared keystore, with the caller's token.
 */
class HttpApiTlsTest {
    @TempDir
    static Path dir;
    private HttpTlsConfig tls;
    private AuthTokens tokens;
    private ApiHarness api;
    private ApiHarness owner;

    /** A self-signed certificate for 127.0.0.1 and localhost in a PKCS12 keystore. */
    static Path keystore(Path dir, String password) throws IOException, InterruptedException {
        Path ks = dir.resolve("http.p12");
        if (ks.toFile().exists()) return ks;
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "tasker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", ks.toString(), "-storepass", password, "-keypass", password))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return ks;
    }

    @BeforeEach
    void start() throws Exception {
        tls = HttpTlsConfig.keystore(keystore(dir, "changeit"), "changeit");
        tokens = new AuthTokens(dir);
        api = new ApiHarness(tokens.authenticator(), tls);
        owner = new ApiHarness(tokens.authenticator(), tls);
    }

    @AfterEach
    void stop() {
        api.close();
        owner.close();
    }

    @Test
    void theApiServesHttpsOnly() {
        assertThat(api.url).startsWith("https://");
        assertThat(api.get("/health/ready").status()).isEqualTo(200);
        HttpClient plain = HttpClient.newHttpClient();
        assertThatThrownBy(() -> {
            HttpResponse<String> r = plain.send(HttpRequest.newBuilder(URI.create(api.url.replace("https", "http") + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("plain HTTP on the TLS port is not served").isNotEqualTo(200);
            throw new IOException("answered " + r.statusCode());
        }).isInstanceOf(IOException.class);
    }

    @Test
    void aForwardedQueryGoesOverHttpsWithTheCallersToken() {
        owner.storeTask("t-1", null);
        api.view.owners.put("t-1", owner.self);
        owner.view.owners.put("t-1", owner.self);

        ApiHarness.Reply r = api.get("/v1/tasks/t-1", tokens.reader);

        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        assertThat(r.body().path("served_by").asText()).isEqualTo("127.0.0.1:" + owner.self.port());
    }

    @Test
    void aKeystoreWithTheWrongPasswordIsRefusedNamingTheKey() {
        HttpTlsConfig wrong = HttpTlsConfig.keystore(tls.keystore(), "wrong-password");

        assertThatThrownBy(() -> HttpServerTls.forwardingContext(wrong))
                .hasMessageContaining(HttpTlsConfig.KEYSTORE).hasMessageContaining("wrong password or type");
    }
}
