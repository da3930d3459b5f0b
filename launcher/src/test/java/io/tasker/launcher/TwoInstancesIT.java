package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasker.examples.Examples;
import io.tasker.topology.TaskerTopologyApp;
import io.tasker.topology.TopologyNames;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TwoInstancesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    static Platform platform;
    static TaskerTopologyApp a;
    static TaskerTopologyApp b;

    @BeforeAll
    static void startTwoInstances() {
        var templates = E2E.templates();
        platform = Platform.infrastructure(E2E.options("two"), templates);
        platform.startRunner(Examples.handlers(), templates);
        a = platform.startTopology();
        b = platform.startTopology();
        await().atMost(Duration.ofSeconds(90)).until(() -> a.isRunning() && b.isRunning()
                && !a.streams().metadataForAllStreamsClients().isEmpty()
                && a.streams().metadataForAllStreamsClients().stream().allMatch(m -> !m.topicPartitions().isEmpty()));
        E2E.awaitTemplates(new TaskerClient(a.url()), "order_fulfillment");
    }

    @AfterAll
    static void stop() {
        if (platform != null) platform.close();
    }

    @Test
    void taskOwnedByInstanceBIsAnsweredCorrectlyThroughInstanceA() throws Exception {
        TaskerClient viaA = new TaskerClient(a.url());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(viaA.submit("ecommerce", "order_fulfillment", JSON.readTree(Examples.sampleContext(i)), null).body().get("task_id").asText());
        }
        String bAddress = b.url().substring("http://".length());
        List<String> ownedByB = new ArrayList<>();
        for (String id : ids) {
            KeyQueryMetadata md = a.streams().queryMetadataForKey(TopologyNames.TASKS_STORE, id, new StringSerializer());
            if ((md.activeHost().host() + ":" + md.activeHost().port()).equals(bAddress)) ownedByB.add(id);
        }
        assertThat(ownedByB).as("with 3 partitions over 2 instances, B owns some of 12 tasks").isNotEmpty();

        for (String id : ownedByB) {
            JsonNode task = E2E.awaitFinished(viaA, id);
            assertThat(task.path("task_id").asText()).isEqualTo(id);
            assertThat(task.path("state").asText()).isEqualTo("complete");
            assertThat(task.path("served_by").asText()).as("answered from B's store").isEqualTo(bAddress);
        }
        assertThat(a.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
    }
}
