package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.examples.Examples;
import io.tasker.infra.testkit.SecureEmbeddedKafka;
import io.tasker.templates.TaskTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo order workflow completes with the topology and the runner connected over each secured listener:
 * SASL_PLAINTEXT/PLAIN, SASL_SSL/SCRAM-SHA-512 and SSL with client certificates (the {@code kafka.*} and
 * {@code topology.kafka.*} passthroughs carry the settings, to the HTTP API's producer too).
 */
class SecureListenersDemoIT {
    enum Mode { SASL_PLAINTEXT_PLAIN, SASL_SSL_SCRAM_SHA_512, SSL_CLIENT_CERTIFICATE }

    static SecureEmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = SecureEmbeddedKafka.builder().withPlainUser("tasker", "tasker-plain-secret").start();
        kafka.createScramUser("tasker", "tasker-scram-secret");
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) kafka.close();
    }

    static Map<String, String> settings(Mode mode) {
        return switch (mode) {
            case SASL_PLAINTEXT_PLAIN -> kafka.clients().saslPlain("tasker", "tasker-plain-secret");
            case SASL_SSL_SCRAM_SHA_512 -> kafka.clients().saslSslScram("tasker", "tasker-scram-secret");
            case SSL_CLIENT_CERTIFICATE -> kafka.clients().sslClientCert("tasker");
        };
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void theDemoOrderCompletesOverTheListener(Mode mode) {
        try (SecurePlatform platform = new SecurePlatform(kafka)) {
            List<TaskTemplate> templates = Examples.templates(null);
            platform.provision(templates.stream().map(TaskTemplate::namespace).distinct().toList());
            platform.startRunner(settings(mode), Examples.handlers(), templates);
            TaskerClient client = new TaskerClient(platform.startTopology(settings(mode)).url());
            E2E.awaitTemplates(client, "order_fulfillment");
            String taskId = UUID.randomUUID().toString();
            platform.submit(settings(mode), taskId, "ecommerce", "order_fulfillment", Examples.sampleContext(1));

            JsonNode task = E2E.awaitFinished(client, taskId);

            assertThat(task.path("state").asText()).as(mode + ": " + task).isEqualTo("complete");
            assertThat(task.path("steps")).allSatisfy(s -> assertThat(s.path("state").asText()).isEqualTo("complete"));
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void theDemoOrderSubmittedOverHttpCompletesOverTheListener(Mode mode) throws Exception {
        try (SecurePlatform platform = new SecurePlatform(kafka)) {
            List<TaskTemplate> templates = Examples.templates(null);
            platform.provision(templates.stream().map(TaskTemplate::namespace).distinct().toList());
            platform.startRunner(settings(mode), Examples.handlers(), templates);
            TaskerClient client = new TaskerClient(platform.startTopology(settings(mode)).url());
            E2E.awaitTemplates(client, "order_fulfillment");
            TaskerClient.Response submitted = client.submit("ecommerce", "order_fulfillment",
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(Examples.sampleContext(2)), null);
            assertThat(submitted.status()).as(String.valueOf(submitted.body())).isEqualTo(202);

            JsonNode task = E2E.awaitFinished(client, submitted.body().path("task_id").asText());

            assertThat(task.path("state").asText()).isEqualTo("complete");
        }
    }
}
