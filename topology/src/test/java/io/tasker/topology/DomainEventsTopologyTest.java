package io.tasker.topology;

import io.tasker.avro.DomainEvent;
import io.tasker.avro.EventDelivery;
import io.tasker.avro.PublishedEvent;
import io.tasker.avro.StepError;
import io.tasker.avro.StepOutcome;
import io.tasker.avro.StepResult;
import io.tasker.avro.TaskCommand;
import io.tasker.avro.TaskCommandType;
import io.tasker.avro.TaskRequest;
import io.tasker.schemas.EventIds;
import io.tasker.schemas.TaskerTopics;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** Durable domain events leave the topology when, and only when, the attempt that published them is recorded. */
class DomainEventsTopologyTest {
    private static final String TEMPLATE = """
            name: orders
            namespace: shop
            version: 1.0.0
            steps:
              - name: create
                handler: h.create
                timeout_seconds: 1
                retry: { max_attempts: 3, backoff: none, backoff_base_ms: 0 }
                publishes_events:
                  - { name: order.created, schema: { type: object } }
              - { name: ship, depends_on: [create], handler: h.ship }
            """;

    private final TaskerTopics topics = new TaskerTopics("t.");
    private TopologyFixture fixture;
    private TopologyCounters counters;
    private TestInputTopic<String, TaskRequest> requests;
    private TestInputTopic<String, StepResult> results;
    private TestInputTopic<String, TaskCommand> commands;
    private TestOutputTopic<String, DomainEvent> events;

    private void start(UnaryOperator<TaskerTopology.Parts> customize) throws Exception {
        fixture = TopologyFixture.start("ttd-events", client -> {
            counters = new TopologyCounters();
            return customize.apply(TaskerTopology.Parts.of(topics, client, counters));
        });
        fixture.register(TEMPLATE, "orders.yaml");
        requests = fixture.input(topics.taskRequests(), TaskRequest.class);
        results = fixture.input(topics.stepResults(), StepResult.class);
        commands = fixture.input(topics.taskCommands(), TaskCommand.class);
        events = fixture.output(topics.domainEvents("shop"), DomainEvent.class);
    }

    @AfterEach
    void stop() {
        if (fixture != null) fixture.close();
    }

    private void submit(String id) {
        requests.pipeInput(id, TaskRequest.newBuilder().setTaskId(id).setNamespace("shop").setTemplateName("orders")
                .setContextJson("{}").setRequestedAt(Instant.now()).setCorrelationId("corr-" + id).setTags(Map.of()).build());
    }

    private static List<PublishedEvent> published(String id, String step, int attempt, int count) {
        List<PublishedEvent> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(PublishedEvent.newBuilder().setEventId(EventIds.of(id, step, attempt, "order.created", i)).setName("order.created")
                    .setSequence(i).setPayloadJson("{\"n\":" + i + "}").setFiredAt(Instant.ofEpochMilli(1_000 + i)).build());
        }
        return out;
    }

    private static StepResult ok(String id, String step, int attempt, List<PublishedEvent> events) {
        return StepResult.newBuilder().setTaskId(id).setStepName(step).setAttempt(attempt).setStatus(StepOutcome.SUCCESS)
                .setResultJson("{}").setRunnerId("runner-7").setStartedAt(Instant.now()).setFinishedAt(Instant.now()).setEvents(events).build();
    }

    private static StepResult failed(String id, String step, int attempt, List<PublishedEvent> events) {
        return StepResult.newBuilder().setTaskId(id).setStepName(step).setAttempt(attempt).setStatus(StepOutcome.FAILURE)
                .setError(StepError.newBuilder().setMessage("declined").setRetryable(true).build()).setRunnerId("runner-7")
                .setStartedAt(Instant.now()).setFinishedAt(Instant.now()).setEvents(events).build();
    }

    private static String header(TestRecord<String, DomainEvent> r, String key) {
        return new String(r.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }

    @Test
    void theEventsOfARecordedAttemptAreReleasedInOrderWithEnvelopeAndCloudEventsHeaders() throws Exception {
        start(UnaryOperator.identity());
        submit("t1");
        assertThat(events.isEmpty()).as("nothing before the attempt is recorded").isTrue();

        results.pipeInput("t1", ok("t1", "create", 1, published("t1", "create", 1, 2)));

        List<TestRecord<String, DomainEvent>> out = events.readRecordsToList();
        assertThat(out).extracting(TestRecord::key).containsExactly("t1", "t1");
        DomainEvent first = out.get(0).value();
        assertThat(out).extracting(r -> r.value().getSequence()).containsExactly(0, 1);
        assertThat(first.getEventId()).isEqualTo(EventIds.of("t1", "create", 1, "order.created", 0));
        assertThat(first.getName()).isEqualTo("order.created");
        assertThat(first.getNamespace()).isEqualTo("shop");
        assertThat(first.getStepName()).isEqualTo("create");
        assertThat(first.getAttempt()).isEqualTo(1);
        assertThat(first.getTemplateName()).isEqualTo("orders");
        assertThat(first.getTemplateVersion()).isEqualTo("1.0.0");
        assertThat(first.getCorrelationId()).isEqualTo("corr-t1");
        assertThat(first.getFiredBy()).isEqualTo("runner-7");
        assertThat(first.getFiredAt()).isEqualTo(Instant.ofEpochMilli(1_000));
        assertThat(first.getRecordedAt()).isNotNull();
        assertThat(first.getDelivery()).isEqualTo(EventDelivery.DURABLE);
        assertThat(first.getPayloadJson()).isEqualTo("{\"n\":0}");
        assertThat(first.getPayloadSchema()).isEqualTo("tasker:shop/orders/1.0.0#create/order.created");
        assertThat(header(out.get(0), "ce_id")).isEqualTo(first.getEventId());
        assertThat(header(out.get(0), "ce_type")).isEqualTo("order.created");
        assertThat(header(out.get(0), "ce_source")).isEqualTo("/tasker/shop/tasks/t1/steps/create");
        assertThat(header(out.get(0), "content-type")).isEqualTo("application/avro");
        assertThat(counters.get("events.released")).isEqualTo(2);
    }

    @Test
    void duplicateAndStaleResultsReleaseNothingAndTheirEventsAreCounted() throws Exception {
        start(UnaryOperator.identity());
        submit("t1");
        results.pipeInput("t1", ok("t1", "create", 1, published("t1", "create", 1, 1)));
        events.readRecordsToList();

        results.pipeInput("t1", ok("t1", "create", 1, published("t1", "create", 1, 1)));   // duplicate
        results.pipeInput("t1", ok("t1", "create", 7, published("t1", "create", 7, 2)));   // an attempt that never ran

        assertThat(events.isEmpty()).isTrue();
        assertThat(counters.get("events.discarded.step_not_awaiting_result")).isEqualTo(3);
    }

    @Test
    void aFailedAttemptThatIsRecordedReleasesItsEventsToo() throws Exception {
        start(UnaryOperator.identity());
        submit("t1");
        results.pipeInput("t1", failed("t1", "create", 1, published("t1", "create", 1, 1)));

        assertThat(events.readValuesToList()).extracting(DomainEvent::getAttempt).containsExactly(1);
        results.pipeInput("t1", ok("t1", "create", 2, published("t1", "create", 2, 1)));
        assertThat(events.readValuesToList()).extracting(DomainEvent::getEventId)
                .containsExactly(EventIds.of("t1", "create", 2, "order.created", 0));
    }

    @Test
    void theInFlightEventsOfACancelledTaskAreDiscardedAndCounted() throws Exception {
        start(UnaryOperator.identity());
        submit("t1");
        commands.pipeInput("t1", TaskCommand.newBuilder().setTaskId("t1").setCommandId(UUID.randomUUID().toString())
                .setType(TaskCommandType.CANCEL).setReason("customer called").setRequestedAt(Instant.now()).build());
        results.pipeInput("t1", ok("t1", "create", 1, published("t1", "create", 1, 2)));

        assertThat(events.isEmpty()).isTrue();
        assertThat(counters.get("events.discarded.task_not_in_progress")).isEqualTo(2);
    }

    @Test
    void aSuccessThatArrivedBeforeItsTimeoutIsRecordedLateWithItsEvents() throws Exception {
        start(UnaryOperator.identity());
        submit("t1");
        StepResult inTime = ok("t1", "create", 1, published("t1", "create", 1, 1));
        fixture.advance(Duration.ofMillis(1_500)); // the 1 s timeout fires first; attempt 2 is dispatched
        // the result reached Kafka in time (its record timestamp), only the topology read it late
        results.pipeInput("t1", inTime, Instant.now().minusMillis(1_400));

        assertThat(events.readValuesToList()).extracting(DomainEvent::getAttempt).containsExactly(1);
    }

    @Test
    void eventsForANamespaceWhoseEventsTopicIsGoneAreCountedNotProduced() throws Exception {
        start(p -> p.withNamespaceTopics(topic -> !topic.equals(topics.domainEvents("shop"))));
        submit("t1");
        results.pipeInput("t1", ok("t1", "create", 1, published("t1", "create", 1, 2)));

        assertThat(events.isEmpty()).isTrue();
        assertThat(counters.get("events.discarded.topic_missing")).isEqualTo(2);
    }
}
