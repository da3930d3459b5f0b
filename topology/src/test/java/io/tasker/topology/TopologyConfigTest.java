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
                .contains("bootstrapServers=b:9092", "applicationId=app", "schemaRegistryUrl=https://******@registry:8081",
                        "sasl.jaas.config=******", "ssl.key.password=******", "ssl.keystore.type=PKCS12", "num.standby.replicas=1")
                .doesNotContain("hunter2", "hunter3", "s3cret");
    }
}
