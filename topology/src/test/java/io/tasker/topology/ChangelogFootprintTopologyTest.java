package io.tasker.topology;

import io.tasker.avro.StepCommand;
import io.tasker.avro.StepOutcome;
import io.tasker.avro.StepResult;
import io.tasker.avro.TaskRequest;
import io.tasker.schemas.TaskerTopics;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one task of the demo's shape (order_fulfillment: two roots, a join, two more steps, every step with a timeout,
 * a task deadline) writes to the changelogs of the topology's stores, counted exactly: each record is bytes on the
 * broker, in the transaction and in every restore, so a change that adds one shows here.
 */
class ChangelogFootprintTopologyTest {
    private static final String APP = "footprint";
    private static final String TEMPLATE = """
            name: demo
            namespace: shop
            version: 1.0.0
            lifecycle: { max_duration_seconds: 3600 }
            steps:
              - { name: fetch_cart, handler: h.a, timeout_seconds: 30 }
              - { name: fetch_products, handler: h.b, timeout_seconds: 30 }
              - { name: validate_products, depends_on: [fetch_cart, fetch_products], handler: h.c, timeout_seconds: 30 }
              - { name: create_order, depends_on: [validate_products], handler: { name: h.d, config: { tax_rate: 0.08 } }, timeout_seconds: 30 }
              - { name: publish_event, depends_on: [create_order], handler: h.e, timeout_seconds: 30 }
            """;
    private static final String UNTIMED = """
            name: untimed
            namespace: shop
            version: 1.0.0
            steps:
              - { name: a, handler: h.a }
              - { name: b, depends_on: [a], handler: h.b }
            """;
    private static final List<String> STORES = List.of(TopologyNames.TASKS_STORE, TopologyNames.TASK_DATA_STORE,
            TopologyNames.TIMERS_STORE, TopologyNames.TASK_INDEX_STORE, TopologyNames.TASK_COUNTS_STORE,
            TopologyNames.TASK_TEMPLATE_COUNTS_STORE);

    private final TaskerTopics topics = new TaskerTopics("t.");
    private TopologyFixture fixture;
    private TestInputTopic<String, TaskRequest> requests;
    private TestInputTopic<String, StepResult> results;
    private TestOutputTopic<String, StepCommand> commands;

    /** Changelog records and their key + value bytes of one store. */
    record Footprint(long records, long bytes) {
    }

    @BeforeEach
    void start() throws Exception {
        fixture = TopologyFixture.start(APP, client -> TaskerTopology.Parts.of(topics, client, new TopologyCounters()));
        for (String yaml : List.of(TEMPLATE, UNTIMED)) fixture.register(yaml, "t.yaml");
        requests = fixture.input(topics.taskRequests(), TaskRequest.class);
        results = fixture.input(topics.stepResults(), StepResult.class);
        commands = fixture.output(topics.stepCommands("shop"), StepCommand.class);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private void submit(String template, String id) {
        requests.pipeInput(id, TaskRequest.newBuilder().setTaskId(id).setNamespace("shop").setTemplateName(template)
                .setContextJson("{\"customer_id\":\"customer-7\",\"cart_id\":\"cart-" + id + "\",\"items\":[{\"sku\":\"SKU-1001\",\"quantity\":2}]}")
                .setRequestedAt(Instant.now()).setCorrelationId("c-" + id).setTags(Map.of()).build());
    }

    /** Answers every command like a runner would (runner id, one small result) until no command is left. */
    private void runToCompletion() {
        while (!commands.isEmpty()) {
            StepCommand c = commands.readValue();
            results.pipeInput(c.getTaskId(), StepResult.newBuilder().setTaskId(c.getTaskId()).setStepName(c.getStepName())
                    .setAttempt(c.getAttempt()).setStatus(StepOutcome.SUCCESS).setRunnerId("runner-1")
                    .setResultJson("{\"step\":\"" + c.getStepName() + "\",\"ok\":true}")
                    .setStartedAt(Instant.now()).setFinishedAt(Instant.now()).build());
        }
    }

    /** Everything written to the store changelogs since the last call, per store. */
    private Map<String, Footprint> drainChangelogs() {
        Map<String, Footprint> out = new TreeMap<>();
        for (String store : STORES) {
            String topic = APP + "-" + store + "-changelog";
            if (!fixture.driver().producedTopicNames().contains(topic)) {
                out.put(store, new Footprint(0, 0));
                continue;
            }
            List<TestRecord<byte[], byte[]>> records = fixture.rawOutput(topic)
                    .readRecordsToList();
            long bytes = 0;
            for (TestRecord<byte[], byte[]> r : records) {
                bytes += (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
            }
            out.put(store, new Footprint(records.size(), bytes));
        }
        return out;
    }

    private static long total(Map<String, Footprint> f) {
        return f.values().stream().mapToLong(Footprint::records).sum();
    }

    @Test
    void aDemoTaskWritesAFixedNumberOfChangelogRecords() {
        submit("demo", "warmup"); // the first task of a partition also creates the per-state counts
        runToCompletion();
        drainChangelogs();

        submit("demo", "task-1");
        runToCompletion();
        assertThat(fixture.store(TopologyNames.TASKS_STORE).get("task-1")).extracting("state").isEqualTo(TaskState.COMPLETE);
        Map<String, Footprint> f = drainChangelogs();
        System.out.println("changelog footprint of one demo task: " + f + " total records " + total(f) + ", bytes "
                + f.values().stream().mapToLong(Footprint::bytes).sum());
        // tasks: one rewrite per input (request + 5 results); task-data: context + 5 results; timers: deadline and 5
        // timeouts written and deleted with their outcome, plus the retention timer; index: 6 rows, then 3 moved on
        // the state change; counts: state +1, -1/+1, and 3 changes of the ready-steps gauge; template counts +1, -1/+1
        assertThat(f.values().stream().map(Footprint::records).toList()).as("records per store, in store-name order: "
                + f.keySet()).containsExactly(6L, 6L, 12L, 3L, 6L, 13L);
        assertThat(f.get(TopologyNames.TASKS_STORE).bytes()).as("binary task records (JSON was ~9,900 bytes)").isLessThan(3_000);
        assertThat(f.get(TopologyNames.TIMERS_STORE).bytes()).as("key-only timers").isLessThan(600);
    }

    private java.util.List<org.apache.kafka.common.utils.Bytes> timerKeys() {
        java.util.List<org.apache.kafka.common.utils.Bytes> keys = new java.util.ArrayList<>();
        try (var it = fixture.<org.apache.kafka.common.utils.Bytes, byte[]>store(TopologyNames.TIMERS_STORE).all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    private static String kinds(java.util.List<org.apache.kafka.common.utils.Bytes> keys) {
        StringBuilder sb = new StringBuilder();
        for (var k : keys) {
            String s = new String(k.get(), 8, k.get().length - 8, java.nio.charset.StandardCharsets.UTF_8);
            sb.append(s.split("\0")[1]).append(' ');
        }
        return sb.toString().trim();
    }

    @Test
    void aStepWithoutTimeoutWritesNoTimer() {
        submit("untimed", "u-1");
        assertThat(commands.readValue().getStepName()).isEqualTo("a");
        assertThat(timerKeys()).as("no deadline, no step timeout").isEmpty();
        Map<String, Footprint> f = drainChangelogs();
        assertThat(f.get(TopologyNames.TIMERS_STORE).records()).isZero();
    }

    @Test
    void aFinishedDemoTaskKeepsOnlyItsRetentionTimer() {
        submit("demo", "task-1");
        assertThat(kinds(timerKeys())).isEqualTo("STEP_TIMEOUT STEP_TIMEOUT TASK_DEADLINE");
        runToCompletion();
        assertThat(kinds(timerKeys())).as("each timeout deleted with its result, the deadline with the task's end")
                .isEqualTo("RETENTION");
    }
}
