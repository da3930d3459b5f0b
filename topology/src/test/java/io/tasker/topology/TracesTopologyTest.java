package io.tasker.topology;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.tasker.avro.LifecycleEvent;
import io.tasker.avro.StepCommand;
import io.tasker.avro.StepError;
import io.tasker.avro.StepOutcome;
import io.tasker.avro.StepResult;
import io.tasker.avro.TaskRequest;
import io.tasker.schemas.TaskerTopics;
import io.tasker.telemetry.TaskerTelemetry;
import io.tasker.telemetry.TraceHeaders;
import io.tasker.telemetry.TraceIds;
import io.tasker.topology.internal.TaskRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The topology's spans: one trace per task, continuing the request's {@code traceparent}; a span per step attempt (a
 * failed attempt ERROR with {@code error.type} and an exception event, its retry a second span), the task's span
 * above them; step commands and lifecycle records carry the {@code traceparent} of the span they belong to.
 */
class TracesTopologyTest {
    private static final String TEMPLATE = """
            name: orders
            namespace: shop
            version: 1.0.0
            steps:
              - name: charge
                handler: h.charge
                retry: { max_attempts: 2, backoff: none, backoff_base_ms: 500, jitter: 0 }
                publishes_events:
                  - { name: order.charged, schema: { type: object } }
              - { name: ship, depends_on: [charge], handler: h.ship, timeout_seconds: 5 }
            """;
    private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private final TaskerTopics topics = new TaskerTopics("t.");
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private TopologyFixture fixture;
    private TaskerTelemetry telemetry;
    private TestInputTopic<String, TaskRequest> requests;
    private TestInputTopic<String, StepResult> results;
    private TestInputTopic<String, io.tasker.avro.TaskCommand> commands;
    private TestOutputTopic<String, StepCommand> dispatched;
    private TestOutputTopic<String, LifecycleEvent> lifecycle;
    private TestOutputTopic<String, io.tasker.avro.DomainEvent> domainEvents;

    private void start(boolean tracing) throws Exception {
        fixture = TopologyFixture.start("ttd-traces", client -> {
            TaskerTopology.Parts parts = TaskerTopology.Parts.of(topics, client, new TopologyCounters());
            if (tracing) {
                telemetry = TaskerTelemetry.forTesting(spans);
                parts = parts.withTelemetry(telemetry);
            }
            return parts;
        });
        fixture.register(TEMPLATE, "orders.yaml");
        requests = fixture.input(topics.taskRequests(), TaskRequest.class);
        results = fixture.input(topics.stepResults(), StepResult.class);
        commands = fixture.input(topics.taskCommands(), io.tasker.avro.TaskCommand.class);
        dispatched = fixture.output(topics.stepCommands("shop"), StepCommand.class);
        domainEvents = fixture.output(topics.domainEvents("shop"), io.tasker.avro.DomainEvent.class);
        lifecycle = fixture.output(topics.lifecycle(), LifecycleEvent.class);
    }

    @AfterEach
    void stop() {
        if (fixture != null) fixture.close();
        if (telemetry != null) telemetry.close();
    }

    private void submit(String id, String traceparent) {
        RecordHeaders headers = new RecordHeaders();
        TraceHeaders.put(headers, traceparent);
        requests.pipeInput(new TestRecord<>(id, TaskRequest.newBuilder().setTaskId(id).setNamespace("shop").setTemplateName("orders")
                .setContextJson("{}").setRequestedAt(Instant.now()).setCorrelationId("corr-" + id).setTags(Map.of()).build(), headers));
    }

    private void ok(String id, String step, int attempt) {
        Instant started = Instant.now();
        results.pipeInput(id, StepResult.newBuilder().setTaskId(id).setStepName(step).setAttempt(attempt).setStatus(StepOutcome.SUCCESS)
                .setResultJson("{}").setRunnerId("runner-1").setStartedAt(started).setFinishedAt(started.plusMillis(1)).build());
    }

    private void failed(String id, String step, int attempt, boolean retryable) {
        Instant started = Instant.now();
        results.pipeInput(id, StepResult.newBuilder().setTaskId(id).setStepName(step).setAttempt(attempt).setStatus(StepOutcome.FAILURE)
                .setError(StepError.newBuilder().setMessage("card declined").setExceptionClass("com.shop.Declined")
                        .setBacktrace(List.of("at com.shop.Charge.run(Charge.java:12)")).setRetryable(retryable).build())
                .setRunnerId("runner-1").setStartedAt(started).setFinishedAt(started.plusMillis(1)).build());
    }

    private void command(String id, io.tasker.avro.TaskCommandType type) {
        commands.pipeInput(id, io.tasker.avro.TaskCommand.newBuilder().setTaskId(id).setCommandId(java.util.UUID.randomUUID().toString())
                .setType(type).setRequestedAt(Instant.now()).build());
    }

    private TaskRecord task(String id) {
        KeyValueStore<String, TaskRecord> store = fixture.store(TopologyNames.TASKS_STORE);
        return store.get(id);
    }

    private static String header(org.apache.kafka.common.header.Headers headers) {
        var h = headers.lastHeader(TraceHeaders.TRACEPARENT);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private SpanData span(String name, int attempt) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)
                        && (attempt == 0 || Long.valueOf(attempt).equals(s.getAttributes().get(AttributeKey.longKey("tasker.step.attempt")))))
                .findFirst().orElseThrow(() -> new AssertionError("no span " + name + " attempt " + attempt + " in " + spans.getFinishedSpanItems()));
    }

    private static List<String> eventNames(SpanData s) {
        return s.getEvents().stream().map(EventData::getName).toList();
    }

    @Test
    void aTaskContinuesTheRequestsTraceWithARetriedStepAsAnErrorAttemptThenAnOkAttempt() throws Exception {
        start(true);
        submit("t1", TraceHeaders.format(CALLER_TRACE, CALLER_SPAN));
        TaskRecord record = task("t1");
        assertThat(record.traceId()).isEqualTo(CALLER_TRACE);
        assertThat(record.parentSpanId()).isEqualTo(CALLER_SPAN);
        String taskSpan = TraceIds.taskSpanId(CALLER_TRACE, "t1");

        var first = dispatched.readRecord();
        assertThat(header(first.headers())).isEqualTo(TraceHeaders.format(CALLER_TRACE, TraceIds.stepAttemptSpanId(CALLER_TRACE, "t1", "charge", 1)));
        failed("t1", "charge", 1, true);
        fixture.advance(java.time.Duration.ofSeconds(1)); // the retry timer
        var retry = dispatched.readRecord();
        assertThat(retry.value().getAttempt()).isEqualTo(2);
        assertThat(header(retry.headers())).isEqualTo(TraceHeaders.format(CALLER_TRACE, TraceIds.stepAttemptSpanId(CALLER_TRACE, "t1", "charge", 2)));
        ok("t1", "charge", 2);
        dispatched.readRecord();
        assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("step charge", "step charge")
                .as("the task span waits for the task's end");
        ok("t1", "ship", 1);

        assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName)
                .containsExactlyInAnyOrder("step charge", "step charge", "step ship", "task shop/orders");
        assertThat(spans.getFinishedSpanItems()).allSatisfy(s -> {
            assertThat(s.getTraceId()).isEqualTo(CALLER_TRACE);
            assertThat(s.getStartEpochNanos()).isLessThanOrEqualTo(s.getEndEpochNanos());
        });
        SpanData task = span("task shop/orders", 0);
        assertThat(task.getSpanId()).isEqualTo(taskSpan);
        assertThat(task.getParentSpanId()).isEqualTo(CALLER_SPAN);
        assertThat(task.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(task.getAttributes().get(AttributeKey.stringKey("tasker.task.state"))).isEqualTo("complete");
        assertThat(task.getAttributes().get(AttributeKey.stringKey("tasker.correlation_id"))).isEqualTo("corr-t1");
        assertThat(task.getStartEpochNanos()).isEqualTo(record.createdAt() * 1_000_000);
        assertThat(eventNames(task)).contains("task.initialize_requested", "workflow.viable_steps_discovered", "task.completed");

        SpanData failedAttempt = span("step charge", 1);
        SpanData okAttempt = span("step charge", 2);
        SpanData ship = span("step ship", 1);
        for (SpanData s : List.of(failedAttempt, okAttempt, ship)) assertThat(s.getParentSpanId()).isEqualTo(taskSpan);
        assertThat(failedAttempt.getSpanId()).isEqualTo(TraceIds.stepAttemptSpanId(CALLER_TRACE, "t1", "charge", 1));
        assertThat(failedAttempt.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(failedAttempt.getStatus().getDescription()).isEqualTo("card declined");
        assertThat(failedAttempt.getAttributes().get(ERROR_TYPE)).isEqualTo("com.shop.Declined");
        assertThat(eventNames(failedAttempt)).containsSubsequence("step.enqueued", "step.started", "step.failed", "step.retry_requested")
                .contains("exception");
        assertThat(okAttempt.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(okAttempt.getAttributes().get(ERROR_TYPE)).isNull();
        assertThat(eventNames(okAttempt)).containsSubsequence("step.enqueued", "step.started", "step.completed");
        assertThat(okAttempt.getAttributes().get(AttributeKey.stringKey("tasker.runner.id"))).isEqualTo("runner-1");
        assertThat(failedAttempt.getEndEpochNanos()).isLessThanOrEqualTo(okAttempt.getStartEpochNanos());
        assertThat(okAttempt.getEndEpochNanos()).isLessThanOrEqualTo(ship.getStartEpochNanos());
        assertThat(task.getEndEpochNanos()).isGreaterThanOrEqualTo(ship.getEndEpochNanos());

        // lifecycle records name the span they belong to
        for (var e : lifecycle.readRecordsToList()) {
            String expected = e.value().getStepName() == null ? TraceHeaders.format(CALLER_TRACE, taskSpan)
                    : TraceHeaders.format(CALLER_TRACE, TraceIds.stepAttemptSpanId(CALLER_TRACE, "t1", e.value().getStepName(), e.value().getAttempt()));
            assertThat(header(e.headers())).as(e.value().getEventType()).isEqualTo(expected);
        }
    }

    @Test
    void aTaskWithoutTraceparentStartsItsOwnTraceAndAPermanentFailureMakesTheTaskSpanAnError() throws Exception {
        start(true);
        submit("t2", null);
        TaskRecord record = task("t2");
        assertThat(record.traceId()).matches("[0-9a-f]{32}");
        assertThat(record.parentSpanId()).isNull();
        failed("t2", "charge", 1, false);

        SpanData task = span("task shop/orders", 0);
        assertThat(task.getTraceId()).isEqualTo(record.traceId());
        assertThat(task.getParentSpanId()).isEqualTo(SpanId.getInvalid());
        assertThat(task.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(task.getAttributes().get(ERROR_TYPE)).isEqualTo("step_failed");
        assertThat(eventNames(task)).contains("task.failed");
        SpanData attempt = span("step charge", 1);
        assertThat(attempt.getParentSpanId()).isEqualTo(task.getSpanId());
        assertThat(eventNames(attempt)).contains("step.max_retries_reached", "exception");
    }

    @Test
    void withTracingOffNoSpanAndNoHeaderIsWrittenButTheTaskKeepsItsTraceId() throws Exception {
        start(false);
        submit("t3", TraceHeaders.format(CALLER_TRACE, CALLER_SPAN));
        assertThat(task("t3").traceId()).isEqualTo(CALLER_TRACE);
        assertThat(header(dispatched.readRecord().headers())).isNull();
        ok("t3", "charge", 1);
        assertThat(lifecycle.readRecordsToList()).allSatisfy(r -> assertThat(header(r.headers())).isNull());
        assertThat(spans.getFinishedSpanItems()).isEmpty();
    }

    @Test
    void anOperatorRetryOfAFailedTaskReportsTheResumedRunAsAChildOfTheTaskSpanWithoutReusingItsId() throws Exception {
        start(true);
        submit("t4", null);
        failed("t4", "charge", 1, false);
        SpanData failedRun = span("task shop/orders", 0);
        assertThat(failedRun.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);

        command("t4", io.tasker.avro.TaskCommandType.RETRY);
        ok("t4", "charge", 2);
        ok("t4", "ship", 1);

        SpanData resumed = span("task shop/orders (resumed)", 0);
        assertThat(resumed.getParentSpanId()).isEqualTo(failedRun.getSpanId());
        assertThat(resumed.getAttributes().get(AttributeKey.stringKey("tasker.task.state"))).isEqualTo("complete");
        assertThat(resumed.getStartEpochNanos()).isGreaterThanOrEqualTo(failedRun.getEndEpochNanos());
        assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getSpanId).doesNotHaveDuplicates();
        assertThat(span("step charge", 2).getParentSpanId()).isEqualTo(failedRun.getSpanId());
    }

    @Test
    void aTimedOutAttemptIsAnErrorSpanWithTheTimeoutErrorType() throws Exception {
        start(true);
        submit("t5", null);
        ok("t5", "charge", 1);
        fixture.advance(java.time.Duration.ofSeconds(6));

        SpanData ship = span("step ship", 1);
        assertThat(ship.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(ship.getAttributes().get(ERROR_TYPE)).isEqualTo(io.tasker.schemas.StepErrorClasses.TIMEOUT);
        assertThat(ship.getAttributes().get(AttributeKey.stringKey("tasker.step.outcome"))).isEqualTo("timeout");
        assertThat(eventNames(ship)).contains("exception");
    }

    @Test
    void cancellingATaskReportsItsAttemptInFlightAsAbandonedSoTheHandlerSpanKeepsItsParent() throws Exception {
        start(true);
        submit("t6", null);
        command("t6", io.tasker.avro.TaskCommandType.CANCEL);

        SpanData charge = span("step charge", 1);
        assertThat(charge.getAttributes().get(AttributeKey.stringKey("tasker.step.outcome"))).isEqualTo("abandoned");
        assertThat(charge.getSpanId()).isEqualTo(TraceIds.stepAttemptSpanId(task("t6").traceId(), "t6", "charge", 1));
        SpanData task = span("task shop/orders", 0);
        assertThat(task.getAttributes().get(AttributeKey.stringKey("tasker.task.state"))).isEqualTo("cancelled");
        assertThat(task.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }

    @Test
    void aReleasedDomainEventCarriesTheTraceparentOfTheResultThatPublishedIt() throws Exception {
        start(true);
        submit("t7", null);
        String trace = task("t7").traceId();
        String handlerSpan = "1111111111111111";
        RecordHeaders headers = new RecordHeaders();
        TraceHeaders.put(headers, TraceHeaders.format(trace, handlerSpan));
        Instant now = Instant.now();
        results.pipeInput(new TestRecord<>("t7", StepResult.newBuilder().setTaskId("t7").setStepName("charge").setAttempt(1)
                .setStatus(StepOutcome.SUCCESS).setResultJson("{}").setRunnerId("runner-1").setStartedAt(now).setFinishedAt(now)
                .setEvents(List.of(io.tasker.avro.PublishedEvent.newBuilder().setEventId(io.tasker.schemas.EventIds.of("t7", "charge", 1, "order.charged", 0))
                        .setName("order.charged").setSequence(0).setPayloadJson("{}").setFiredAt(now).build())).build(), headers));

        var released = domainEvents.readRecord();
        assertThat(released.value().getName()).isEqualTo("order.charged");
        assertThat(header(released.headers())).isEqualTo(TraceHeaders.format(trace, handlerSpan));
    }

    @Test
    void whileTracingTheTopologysLogLinesAboutATaskCarryItsTraceId() throws Exception {
        start(true);
        var appender = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        var log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(io.tasker.topology.internal.ResultProcessor.class);
        appender.start();
        log.addAppender(appender);
        try {
            submit("t8", TraceHeaders.format(CALLER_TRACE, CALLER_SPAN));
            ok("t8", "charge", 1);
            ok("t8", "charge", 1); // a duplicate: dropped, and logged
            assertThat(appender.list).anyMatch(e -> e.getFormattedMessage().startsWith("dropped result of charge"));
            assertThat(appender.list).allSatisfy(e -> assertThat(e.getMDCPropertyMap())
                    .containsEntry(io.tasker.schemas.LogKeys.TRACE_ID, CALLER_TRACE));
        } finally {
            log.detachAppender(appender);
        }
    }
}
