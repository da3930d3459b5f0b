package io.tasker.launcher.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tasker.subscriber.SubscriberConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubscriberGeneratorTest {
    @TempDir
    Path dir;

    static List<GeneratedFile> generate(String name, String... events) {
        return SubscriberGenerator.generate(new SubscriberGenerator.Request(name, "com.acme.orders",
                KnownEventsTest.EXAMPLES.resolve(List.of(events))));
    }

    static String content(List<GeneratedFile> files, String suffix) {
        return files.stream().filter(f -> f.path().toString().endsWith(suffix)).findFirst().orElseThrow().content();
    }

    @Test
    void writesTheClassItsTestAndItsConfigWhereMavenAndTheTestLookForThem() {
        assertThat(generate("order-notifications", "order.created")).extracting(f -> f.path().toString())
                .containsExactly("src/main/java/com/acme/orders/OrderNotifications.java",
                        "src/test/java/com/acme/orders/OrderNotificationsTest.java", "order-notifications.yaml");
    }

    @Test
    void subscribesToEveryEventWithOneHandlerAndTypedAccessorsForItsContractsFields() {
        String java = content(generate("order-notifications", "order.created", "task.failed"), "Notifications.java");
        assertThat(java).contains("@Subscribe({\"order.created\", \"task.failed\"})",
                "public class OrderNotifications extends TaskerSubscriber {",
                "super(\"order-notifications\");",
                "    void handleOrderCreated(Event e) throws Exception {\n"
                        + "        String orderId = e.getString(\"order_id\", null);\n"
                        + "        String customerId = e.getString(\"customer_id\", null);\n"
                        + "        long totalCents = e.getLong(\"total_cents\", 0L);\n"
                        + "        String currency = e.getString(\"currency\", null);\n",
                "    void handleTaskFailed(Event e) throws Exception {",
                "        long executionDurationMs = e.getLong(\"execution_duration_ms\", 0L);",
                "        JsonNode failedSteps = e.payloadTree().path(\"failed_steps\");",
                "import com.fasterxml.jackson.databind.JsonNode;",
                "SubscriberRunner.start(new OrderNotifications(), SubscriberConfig.fromYaml(file));");
        assertThat(java.lines()).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(Lines.WIDTH));
    }

    @Test
    void testFeedsEachEventsExamplePayloadAndAssertsItsHandlerRan() {
        String test = content(generate("audit", "order.created", "step.failed"), "AuditTest.java");
        assertThat(test).contains("SubscriberTestKit.of(new Audit(),",
                "SubscriberConfig.fromYaml(Path.of(\"audit.yaml\"))",
                "    void handlesOrderCreated() {",
                "                          \"order_id\" : \"ord-0f8e\",",
                "assertEquals(List.of(\"handleOrderCreated\"), delivery.handled());",
                "    void handlesStepFailed() {",
                ".step(\"create_order\").attempt(1)",
                "\"event_type\" : \"step.failed\"",
                // a backslash of the payload survives the text block
                "\"\\\\tat com.example.Payments.charge(Payments.java:42)\"",
                "assertEquals(List.of(\"handleStepFailed\"), delivery.handled());");
    }

    @Test
    void generatedSourcesCompileAgainstTheSdk() throws Exception {
        JavaSources.assertCompile(dir, generate("order-notifications", "order.created", "order.fulfillment_failed",
                "task.completed", "task.failed", "step.failed", "step.max_retries_reached", "task.cancelled"));
    }

    @Test
    void configIsAValidSubscriberConfigNamingTheSubscriber() throws Exception {
        Path yaml = dir.resolve("order-notifications.yaml");
        Files.writeString(yaml, content(generate("OrderNotifications", "order.created"), ".yaml"));
        SubscriberConfig config = SubscriberConfig.fromYaml(yaml);
        assertThat(config.subscriberName()).isEqualTo("order-notifications");
        assertThat(config.retryPolicy().maxAttempts()).isEqualTo(5);
    }

    @Test
    void refusesClassNamesTheGeneratedCodeImports() {
        assertThatThrownBy(() -> generate("event", "order.created")).isInstanceOf(GeneratorException.class)
                .hasMessageContaining("would make class Event");
    }
}
