package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasker.avro.DomainEvent;
import io.tasker.avro.EventDelivery;
import io.tasker.examples.Examples;
import io.tasker.schemas.CloudEventHeaders;
import io.tasker.templates.TaskTemplate;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchEventsTest {
    private static final TaskTemplate DEMO = Examples.templates(null).stream()
            .filter(t -> t.name().equals("order_fulfillment")).findFirst().orElseThrow();
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void eventsAreSpreadOverTheTasksAndEachTaskNumbersItsEventsInOrder() {
        BenchEvents events = new BenchEvents("t", DEMO, "run1", 3, 200);
        Set<String> keys = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 9; i++) {
            DomainEvent e = events.event(i, NOW);
            keys.add(e.getTaskId());
            ids.add(e.getEventId());
            assertThat(e.getSequence()).isEqualTo(i / 3);
        }
        assertThat(keys).hasSize(3);
        assertThat(ids).hasSize(9);
        assertThat(events.event(4, NOW).getTaskId()).isEqualTo(events.event(1, NOW).getTaskId());
        assertThat(new BenchEvents("t", DEMO, "run2", 3, 200).taskId(0)).isNotEqualTo(events.taskId(0));
    }

    @Test
    void aRecordIsKeyedByTaskIdAndCarriesTheCloudEventHeadersOfADurableEvent() {
        ProducerRecord<String, DomainEvent> r = new BenchEvents("bench.domain-events.ecommerce", DEMO, "run1", 10, 200).record(7, NOW);
        DomainEvent e = r.value();
        assertThat(r.topic()).isEqualTo("bench.domain-events.ecommerce");
        assertThat(r.key()).isEqualTo(e.getTaskId());
        assertThat(e.getName()).isEqualTo("order.created");
        assertThat(e.getDelivery()).isEqualTo(EventDelivery.DURABLE);
        assertThat(e.getRecordedAt()).isEqualTo(NOW);
        assertThat(header(r, CloudEventHeaders.TYPE)).isEqualTo("order.created");
        assertThat(header(r, CloudEventHeaders.ID)).isEqualTo(e.getEventId());
        assertThat(header(r, CloudEventHeaders.SUBJECT)).isEqualTo(e.getTaskId());
        assertThat(header(r, CloudEventHeaders.CONTENT_TYPE)).isEqualTo(CloudEventHeaders.AVRO_CONTENT_TYPE);
    }

    @Test
    void thePayloadHasTheFieldsTheDemoSchemaRequiresAndIsPaddedToTheSizeAskedFor() throws Exception {
        String padded = new BenchEvents("t", DEMO, "r", 1, 500).payload(42);
        JsonNode json = new ObjectMapper().readTree(padded);
        assertThat(padded).hasSize(500);
        assertThat(json.get("order_id").asText()).isEqualTo("ord-42");
        assertThat(json.get("customer_id").isTextual()).isTrue();
        assertThat(json.get("total_cents").canConvertToLong()).isTrue();
        assertThat(new BenchEvents("t", DEMO, "r", 1, 10).payload(42)).doesNotContain("note");
    }

    @Test
    void badSizesAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> new BenchEvents("t", DEMO, "r", 0, 200)).hasMessageContaining("--tasks");
        assertThatThrownBy(() -> new BenchEvents("t", DEMO, "r", 1, -1)).hasMessageContaining("--payload-bytes");
    }

    private static String header(ProducerRecord<?, ?> r, String key) {
        return new String(r.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }
}
