package io.tasker.examples.subscribers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasker.subscriber.Event;
import io.tasker.subscriber.SubscriberTestKit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditTrailTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    @Test
    void appendsOneJsonLinePerEventOfEveryKind() throws Exception {
        Path file = dir.resolve("sub/audit.jsonl");
        SubscriberTestKit kit = SubscriberTestKit.of(AuditTrail.subscriber(file));
        Event created = Event.builder("order.created").taskId("t-1").namespace("ecommerce").step("create_order")
                .attempt(1).correlationId("corr-1").template("order_fulfillment", "1.0.0")
                .payload(CatalogExamples.example("order.created")).build();
        Event started = Event.builder("task.started").kind(Event.Kind.LIFECYCLE).taskId("t-1")
                .payload(Map.of("task_state", "in_progress")).build();
        assertThat(kit.send(created).handled()).containsExactly("append");
        kit.send(started);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.path("event_id").asText()).isEqualTo(created.id());
        assertThat(first.path("event").asText()).isEqualTo("order.created");
        assertThat(first.path("kind").asText()).isEqualTo("domain");
        assertThat(first.path("template").asText()).isEqualTo("order_fulfillment@1.0.0");
        assertThat(first.path("correlation_id").asText()).isEqualTo("corr-1");
        assertThat(first.path("payload").path("total_cents").asLong()).isEqualTo(2699);
        JsonNode second = JSON.readTree(lines.get(1));
        assertThat(second.path("kind").asText()).isEqualTo("lifecycle");
        assertThat(second.path("payload").path("task_state").asText()).isEqualTo("in_progress");
    }
}
