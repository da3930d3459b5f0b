package io.tasker.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tasker.avro.TaskRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Basic auth, bearer tokens and a TLS truststore of the registry client, against an in-test registry. */
class SchemaRegistryAuthTest {
    private static final Duration T = Duration.ofSeconds(5);
    private FakeSchemaRegistry registry;

    @AfterEach
    void stop() {
        if (registry != null) registry.close();
    }

    private static String basic(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    private static SchemaRegistrySettings userInfo(String v) {
        return new SchemaRegistrySettings(v, null, null, null, null);
    }

    @Test
    void basicAuthCredentialsAreSentAndAccepted() {
        registry = new FakeSchemaRegistry();
        registry.requireAuthorization(basic("alice:open-sesame"));
        SchemaRegistryClient client = new SchemaRegistryClient(registry.url(), T, userInfo("alice:open-sesame"));

        int id = client.register("s-value", TaskRequest.getClassSchema());

        assertThat(new SchemaRegistryClient(registry.url(), T, userInfo("alice:open-sesame")).schemaById(id))
                .isEqualTo(TaskRequest.getClassSchema());
    }

    @Test
    void aWrongPasswordSaysAuthenticationFailedNamingTheRegistryAndUserButNeverThePassword() {
        registry = new FakeSchemaRegistry();
        registry.requireAuthorization(basic("alice:open-sesame"));
        SchemaRegistryClient client = new SchemaRegistryClient(registry.url(), T, userInfo("alice:wrong-pw-42"));

        assertThatThrownBy(() -> client.register("s-value", TaskRequest.getClassSchema()))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("schema registry at " + registry.url())
                .hasMessageContaining("HTTP 401: authentication failed")
                .hasMessageContaining("basic auth as user 'alice'")
                .hasMessageNotContaining("wrong-pw-42")
                .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(401));
    }

    @Test
    void withoutCredentialsThe401SaysWhichSettingsToSet() {
        registry = new FakeSchemaRegistry();
        registry.requireAuthorization(basic("alice:open-sesame"));

        assertThatThrownBy(() -> new SchemaRegistryClient(registry.url(), T).schemaById(1))
                .hasMessageContaining("authentication failed")
                .hasMessageContaining("no credentials (set schema.registry.basic.auth.user.info or "
                        + "schema.registry.bearer.auth.token)");
    }

    @Test
    void theStartUpCheckFailsOnBadCredentialsAndUntrustedCertificatesButNotOnAnOutage(@TempDir Path dir) throws Exception {
        registry = new FakeSchemaRegistry();
        registry.requireAuthorization(basic("alice:open-sesame"));
        new SchemaRegistryClient(registry.url(), T, userInfo("alice:open-sesame")).checkAccess();
        assertThatThrownBy(() -> new SchemaRegistryClient(registry.url(), T, userInfo("alice:nope")).checkAccess())
                .hasMessageContaining("authentication failed");
        registry.requireAuthorization(null);
        registry.failWith(503, "down for maintenance");
        new SchemaRegistryClient(registry.url(), T).checkAccess();
        registry.close();
        registry = FakeSchemaRegistry.https(TestCertificates.generate(dir).serverContext());
        assertThatThrownBy(() -> new SchemaRegistryClient(registry.url(), T).checkAccess())
                .hasMessageContaining("certificate is not trusted");
    }

    @Test
    void aBearerTokenIsSentAsTheAuthorizationHeader() {
        registry = new FakeSchemaRegistry();
        registry.requireAuthorization("Bearer tok-123");
        SchemaRegistrySettings bearer = SchemaRegistrySettings.fromProperties(
                Map.of(SchemaRegistrySettings.BEARER_AUTH_TOKEN, "tok-123"));

        new SchemaRegistryClient(registry.url(), T, bearer).register("s-value", TaskRequest.getClassSchema());

        assertThat(registry.lastAuthorization).hasValue("Bearer tok-123");
        assertThatThrownBy(() -> new SchemaRegistryClient(registry.url(), T, SchemaRegistrySettings.fromProperties(
                Map.of(SchemaRegistrySettings.BEARER_AUTH_TOKEN, "stale-token"))).schemaById(1))
                .hasMessageContaining("authentication failed").hasMessageNotContaining("stale-token");
    }

    @Test
    void aSerdeConfiguredWithTheConfluentKeysAuthenticates() {
        registry = new FakeSchemaRegistry();
        registry.requireAuthorization(basic("svc:pw"));
        TaskerAvroSerde<TaskRequest> serde = new TaskerAvroSerde<>(TaskRequest.class);
        serde.configure(Map.of(TaskerAvroSerde.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                SchemaRegistrySettings.BASIC_AUTH_USER_INFO, "svc:pw"), false);

        byte[] bytes = serde.serializer().serialize("t", Records.taskRequest("t-1"));

        assertThat(bytes).isNotEmpty();
        assertThat(registry.lastAuthorization).hasValue(basic("svc:pw"));
    }

    @Test
    void anHttpsRegistryIsTrustedThroughTheConfiguredTruststore(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.generate(dir);
        registry = FakeSchemaRegistry.https(certs.serverContext());
        SchemaRegistrySettings trusted = SchemaRegistrySettings.fromProperties(Map.of(
                SchemaRegistrySettings.SSL_TRUSTSTORE_LOCATION, certs.truststore().toString(),
                SchemaRegistrySettings.SSL_TRUSTSTORE_PASSWORD, certs.truststorePassword()));

        int id = new SchemaRegistryClient(registry.url(), T, trusted).register("s-value", TaskRequest.getClassSchema());

        assertThat(id).isPositive();
    }

    @Test
    void anUntrustedCertificateSaysSoAndNamesTheTruststoreSetting(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.generate(dir);
        registry = FakeSchemaRegistry.https(certs.serverContext());

        assertThatThrownBy(() -> new SchemaRegistryClient(registry.url(), T).schemaById(1))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("TLS handshake with the schema registry at " + registry.url() + " failed")
                .hasMessageContaining("certificate is not trusted")
                .hasMessageContaining("schema.registry.ssl.truststore.location (not set");
    }

    @Test
    void aWrongTruststorePasswordNamesTheTruststoreButNotThePassword(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.generate(dir);
        SchemaRegistrySettings wrong = new SchemaRegistrySettings(null, null, certs.truststore().toString(),
                "not-the-pw", null);

        assertThatThrownBy(() -> new SchemaRegistryClient("https://127.0.0.1:1", T, wrong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema.registry.ssl.truststore.location='" + certs.truststore() + "'")
                .hasMessageNotContaining("not-the-pw");
    }

    @Test
    void settingsAreValidatedNamingTheKeyAndMaskedWhenShown() {
        assertThat(userInfo("no-colon-secret").errors())
                .containsExactly("schema.registry.basic.auth.user.info must be USER:PASSWORD (the value is not shown)");
        assertThat(new SchemaRegistrySettings("a:b", "t", null, null, null).errors())
                .anySatisfy(e -> assertThat(e).contains("not both"));
        assertThat(new SchemaRegistrySettings(null, null, "/no/such/file.p12", null, null).errors())
                .anySatisfy(e -> assertThat(e).contains("schema.registry.ssl.truststore.location must be a readable file"));
        assertThat(new SchemaRegistrySettings("alice:pw-1", "tok-2", "/ts.p12", "tspw-3", "JKS").toString())
                .doesNotContain("pw-1", "tok-2", "tspw-3").contains("/ts.p12", "JKS");
        assertThat(SchemaRegistrySettings.none().toString()).as("an unset credential does not read as a masked one")
                .contains("auth=none", "truststore=default").doesNotContain("REDACTED");
    }
}
