package io.tasker.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologyConfigTest {

    @Test
    void theStartUpFormOfTheConfigurationMasksSecretLookingOverridesAndUrlCredentials() {
        TopologyConfig c = TopologyConfig.builder().bootstrapServers("b:9092").schemaRegistryUrl("https://svc:s3cret@registry:8081")
                .applicationId("app").stateDir(Path.of("/tmp/state"))
                .streamsOverrides(Map.of("sasl.jaas.config", "PlainLoginModule password=hunter2", "ssl.key.password", "hunter3",
                        "ssl.keystore.type", "PKCS12", "num.standby.replicas", "1"))
                .build();
        assertThat(c.toString())
                .contains("bootstrapServers=b:9092", "applicationId=app", "schemaRegistryUrl=https://***REDACTED***@registry:8081",
                        "sasl.jaas.config=***REDACTED***", "ssl.key.password=***REDACTED***", "ssl.keystore.type=PKCS12", "num.standby.replicas=1")
                .doesNotContain("hunter2", "hunter3", "s3cret");
    }

    @Test
    void theStartUpFormGoesThroughTheConfiguredRedactionRulesAndMask() {
        TopologyConfig c = TopologyConfig.fromProperties(Map.of("bootstrap.servers", "b:9092",
                "schema.registry.url", "http://registry:8081", "redaction.keys", "pin", "redaction.mask", "[hidden]",
                "redaction.value.patterns", "/sk_live_\\w+/"));
        c = TopologyConfig.builder().bootstrapServers("b:9092").schemaRegistryUrl("http://registry:8081")
                .redaction(c.redaction()).streamsOverrides(Map.of("client.pin", "4711-secret",
                        "client.id", "app-sk_live_abc123", "ssl.keystore.type", "PKCS12")).build();
        assertThat(c.toString())
                .contains("client.pin=[hidden]", "client.id=app-[hidden]", "ssl.keystore.type=PKCS12", "mask=[hidden]")
                .doesNotContain("4711-secret", "sk_live_abc123");
    }
}
