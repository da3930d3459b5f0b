package io.tasker.topology.internal;

import io.tasker.avro.StepOutcome;
import io.tasker.avro.StepResult;
import io.tasker.avro.TaskRequest;
import io.tasker.schemas.TaskerTopics;
import io.tasker.topology.TaskState;
import io.tasker.topology.TaskerTopology;
import io.tasker.topology.TopologyCounters;
import io.tasker.topology.TopologyFixture;
import io.tasker.topology.TopologyNames;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Tasks per template version and state, kept by the task processors so {@code /v1/templates/stats} scans no task. */
class TemplateCountsTest {
    private static final String TEMPLATE = """
            name: pipeline
            namespace: shop
            version: 1.0.0
            steps:
              - { name: only, handler: h.only }
            """;

    private final TaskerTopics topics = new TaskerTopics("t.");
    private TopologyFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) fixture.close();
    }

    @Test
    void everyStateChangeMovesTheTaskBetweenItsTemplateVersionsCounts() throws Exception {
        fixture = TopologyFixture.start("counts", client -> TaskerTopology.Parts.of(topics, client, new TopologyCounters()));
        fixture.register(TEMPLATE, "pipeline.yaml");
        TestInputTopic<String, TaskRequest> requests = fixture.input(topics.taskRequests(), TaskRequest.class);
        TestInputTopic<String, StepResult> results = fixture.input(topics.stepResults(), StepResult.class);

        for (String id : List.of("t1", "t2", "t3")) {
            requests.pipeInput(id, TaskRequest.newBuilder().setTaskId(id).setNamespace("shop").setTemplateName("pipeline")
                    .setContextJson("{}").setRequestedAt(Instant.now()).setTags(Map.of()).build());
        }
        assertThat(counts()).containsEntry(key("in_progress"), 3L);

        results.pipeInput("t1", StepResult.newBuilder().setTaskId("t1").setStepName("only").setAttempt(1)
                .setStatus(StepOutcome.SUCCESS).setResultJson("{}").setStartedAt(Instant.now()).setFinishedAt(Instant.now()).build());

        assertThat(counts()).containsEntry(key("in_progress"), 2L).containsEntry(key("complete"), 1L);
        long total = counts().values().stream().mapToLong(Long::longValue).sum();
        assertThat(total).as("each task is counted once").isEqualTo(3);
    }

    @Test
    void aStoreCreatedAfterTasksExistedIsFilledFromThemOnce() {
        MockProcessorContext<Object, Object> ctx = new MockProcessorContext<>();
        KeyValueStore<String, TaskRecord> tasks = store("tasks", new TaskRecordSerde(), ctx);
        KeyValueStore<String, Long> countStore = store("counts", Serdes.Long(), ctx);
        tasks.put("a", task("a", "1.0.0", TaskState.COMPLETE));
        tasks.put("b", task("b", "1.0.0", TaskState.COMPLETE));
        tasks.put("c", task("c", "2.0.0", TaskState.ERROR));
        TemplateCounts counts = new TemplateCounts(countStore);

        counts.fillIfNew(tasks);
        counts.fillIfNew(tasks); // a restart: already filled, nothing is counted twice

        Map<String, Long> summed = new TreeMap<>();
        TemplateCounts.sum(countStore, summed);
        assertThat(summed).containsExactlyInAnyOrderEntriesOf(Map.of(
                TemplateCounts.key("shop", "pipeline", "1.0.0", "complete"), 2L,
                TemplateCounts.key("shop", "pipeline", "2.0.0", "error"), 1L));
    }

    @Test
    void keysParseBackAndTheMarkerIsNoCount() {
        TemplateCounts.Count c = TemplateCounts.parse(TemplateCounts.key("shop", "pipe.line", "1.0.0", "complete"), 4L);

        assertThat(c).isEqualTo(new TemplateCounts.Count("shop", "pipe.line", "1.0.0", "complete", 4));
        assertThat(TemplateCounts.parse(TemplateCounts.FILLED, 1L)).isNull();
    }

    private Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        TemplateCounts.sum(fixture.store(TopologyNames.TASK_TEMPLATE_COUNTS_STORE), out);
        out.values().removeIf(v -> v == 0);
        return out;
    }

    private static String key(String state) {
        return TemplateCounts.key("shop", "pipeline", "1.0.0", state);
    }

    private static TaskRecord task(String id, String version, TaskState state) {
        return new TaskRecord(id, "shop", "pipeline", version, state, null, null, null, 1, 1, 0, null, List.of(), null, null, null, null);
    }

    private static <V> KeyValueStore<String, V> store(String name, org.apache.kafka.common.serialization.Serde<V> serde,
                                                      MockProcessorContext<Object, Object> ctx) {
        KeyValueStore<String, V> s = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), serde)
                .withLoggingDisabled().build();
        s.init(ctx.getStateStoreContext(), s);
        return s;
    }
}
