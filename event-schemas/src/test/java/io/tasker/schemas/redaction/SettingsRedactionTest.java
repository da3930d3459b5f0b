package io.tasker.schemas.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The start-up configuration line: settings masked by the component's redaction rules. */
class SettingsRedactionTest {
    final Redactor redactor = new Redactor(RedactionConfig.fromProperties(Map.of(
            RedactionConfig.KEYS, "pin", RedactionConfig.VALUE_PATTERNS, "/sk_live_\\w+/")));

    @Test
    void credentialSettingsKeyRulesUrlCredentialsAndValuePatternsAreMasked() {
        Map<String, String> shown = SettingsRedaction.values(redactor, Map.of(
                "sasl.jaas.config", "PlainLoginModule required username=\"u\" password=\"hunter2\";",
                "ssl.key.password", "hunter3",
                "basic.auth.user.info", "svc:hunter4",
                "client.pin", "8812",
                "client.id", "app-sk_live_abc",
                "ssl.keystore.type", "PKCS12",
                "ssl.keystore.key", "-----BEGIN PRIVATE KEY----- hunter6",
                "schema.registry.url", "https://svc:hunter5@registry:8081"));

        assertThat(shown).containsEntry("sasl.jaas.config", "***REDACTED***")
                .containsEntry("ssl.key.password", "***REDACTED***")
                .containsEntry("basic.auth.user.info", "***REDACTED***")
                .containsEntry("client.pin", "***REDACTED***")
                .containsEntry("client.id", "app-***REDACTED***")
                .containsEntry("ssl.keystore.type", "PKCS12")
                .containsEntry("ssl.keystore.key", "***REDACTED***")
                .containsEntry("schema.registry.url", "https://***REDACTED***@registry:8081");
        assertThat(shown.toString()).doesNotContain("hunter", "8812", "sk_live_abc");
    }

    @Test
    void nullStaysNull() {
        assertThat(SettingsRedaction.value(redactor, "instance.id", null)).isNull();
    }
}
