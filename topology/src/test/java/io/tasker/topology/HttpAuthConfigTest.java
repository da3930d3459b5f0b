package io.tasker.topology;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The http.auth.* and http.tls.* keys of {@link TopologyConfig}: defaults, parsing and validation naming the key. */
class HttpAuthConfigTest {
    @TempDir
    Path dir;

    private static Map<String, String> base() {
        Map<String, String> p = new HashMap<>();
        p.put("bootstrap.servers", "b:9092");
        p.put("schema.registry.url", "http://r:8081");
        return p;
    }

    @Test
    void theLibraryDefaultIsAuthenticationOffAndPlainHttp() {
        TopologyConfig c = TopologyConfig.fromProperties(base()).validate();

        assertThat(c.httpAuth().required()).isFalse();
        assertThat(c.httpAuth().metricsOpen()).isTrue();
        assertThat(c.httpTls().enabled()).isFalse();
        assertThat(c.toString()).contains("httpAuth=off", "httpTls=off");
    }

    @Test
    void requiredWithoutAKeyOrTokensFileIsRefusedSuggestingOff() {
        Map<String, String> p = base();
        p.put(HttpAuthConfig.MODE, "required");

        assertThatThrownBy(() -> TopologyConfig.fromProperties(p).validate())
                .hasMessageContaining("http.auth=required needs a way to check tokens: http.auth.jwt.hmac-secret-file, "
                        + "http.auth.jwt.rsa-public-key-file or http.auth.tokens-file (on a trusted network only: http.auth=off)");
    }

    @Test
    void everyKeyIsReadAndTheStartUpFormShowsFilesNotSecrets() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "s3cret-s3cret-s3cret-s3cret-s3cret-s3cret");
        Path tokens = Files.writeString(dir.resolve("tokens"), "");
        Map<String, String> p = base();
        p.put(HttpAuthConfig.MODE, "REQUIRED");
        p.put(HttpAuthConfig.JWT_HMAC_SECRET_FILE, secret.toString());
        p.put(HttpAuthConfig.JWT_ISSUER, "https://idp");
        p.put(HttpAuthConfig.JWT_AUDIENCE, "tasker");
        p.put(HttpAuthConfig.TOKENS_FILE, tokens.toString());
        p.put(HttpAuthConfig.METRICS, "token");
        p.put(HttpAuthConfig.CLOCK_SKEW_SECONDS, "10");
        p.put(HttpTlsConfig.KEYSTORE_PASSWORD, "ks-pass-123");

        TopologyConfig c = TopologyConfig.fromProperties(p).validate();

        assertThat(c.httpAuth()).isEqualTo(new HttpAuthConfig(true, secret, null, "https://idp", "tasker", tokens, false, 10));
        assertThat(c.toString()).contains("httpAuth=required, JWT HS256 secret from " + secret).doesNotContain("s3cret", "ks-pass-123");
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        Map<String, String> mode = base();
        mode.put(HttpAuthConfig.MODE, "maybe");
        assertThatThrownBy(() -> TopologyConfig.fromProperties(mode)).hasMessage("http.auth must be required or off, was 'maybe'");

        Map<String, String> metrics = base();
        metrics.put(HttpAuthConfig.METRICS, "closed");
        assertThatThrownBy(() -> TopologyConfig.fromProperties(metrics)).hasMessage("http.auth.metrics must be open or token, was 'closed'");

        Map<String, String> both = base();
        both.put(HttpAuthConfig.MODE, "required");
        both.put(HttpAuthConfig.JWT_HMAC_SECRET_FILE, dir.resolve("missing-secret").toString());
        both.put(HttpAuthConfig.JWT_RSA_PUBLIC_KEY_FILE, dir.resolve("missing.pem").toString());
        both.put(HttpTlsConfig.KEYSTORE, dir.resolve("missing.p12").toString());
        assertThatThrownBy(() -> TopologyConfig.fromProperties(both).validate())
                .hasMessageContaining("set one of http.auth.jwt.hmac-secret-file and http.auth.jwt.rsa-public-key-file, not both")
                .hasMessageContaining("http.auth.jwt.hmac-secret-file '" + dir.resolve("missing-secret") + "' is not a readable file")
                .hasMessageContaining("http.tls.keystore '" + dir.resolve("missing.p12") + "' is not a readable file");
    }
}
