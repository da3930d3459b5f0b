package io.tasker.topology;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tasker.avro.StepError;
import io.tasker.avro.StepOutcome;
import io.tasker.avro.StepResult;
import io.tasker.avro.TaskRequest;
import io.tasker.avro.TemplateRegistration;
import io.tasker.schemas.LogKeys;
import io.tasker.schemas.TaskerTopics;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateJson;
import io.tasker.templates.TemplateLoader;
import io.tasker.topology.internal.ResultProcessor;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every line the topology logs while it processes a task's record or fires its timer carries the task's ids. */
class LogContextTopologyTest {
    private static final String TEMPLATE = """
            name: pipeline
            namespace: shop
            version: 1.0.0
            steps:
              - { name: b, handler: h.b, retry: { max_attempts: 3, backoff: exponential, backoff_base_ms: 100 } }
            """;

    private final TaskerTopics topics = new TaskerTopics("t.");
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final Logger telemetryLog = (Logger) LoggerFactory.getLogger(CountingTelemetryEvents.class);
    private final Logger resultLog = (Logger) LoggerFactory.getLogger(ResultProcessor.class);
    private TopologyFixture fixture;
    private TestInputTopic<String, TaskRequest> requests;
    private TestInputTopic<String, StepResult> results;

    @BeforeEach
    void start() throws Exception {
        fixture = TopologyFixture.start("ttd-log-context", client -> TaskerTopology.Parts.of(topics, client, new TopologyCounters()));
        TestInputTopic<String, TemplateRegistration> templates = fixture.input(topics.templates(), TemplateRegistration.class);
        TaskTemplate template = new TemplateLoader(null).parse(TEMPLATE, "pipeline.yaml");
        templates.pipeInput(template.key(), TemplateRegistration.newBuilder().setNamespace("shop").setName("pipeline")
                .setVersion("1.0.0").setDefinitionJson(TemplateJson.toJson(template)).setRegisteredAt(Instant.now()).build());
        requests = fixture.input(topics.taskRequests(), TaskRequest.class);
        results = fixture.input(topics.stepResults(), StepResult.class);
        // the default telemetry sink logs each scheduling event at DEBUG: lines written while a request, a result and a timer are handled
        telemetryLog.setLevel(Level.DEBUG);
        captured.start();
        telemetryLog.addAppender(captured);
        resultLog.addAppender(captured);
    }

    @AfterEach
    void stop() {
        telemetryLog.detachAppender(captured);
        resultLog.detachAppender(captured);
        telemetryLog.setLevel(null);
        if (fixture != null) fixture.close();
    }

    @Test
    void linesOfARequestAResultAndATimerCarryTaskCorrelationStepAndAttempt() {
        requests.pipeInput("task-1", TaskRequest.newBuilder().setTaskId("task-1").setNamespace("shop").setTemplateName("pipeline")
                .setContextJson("{}").setCorrelationId("corr-1").setRequestedAt(Instant.now()).setTags(Map.of()).build());
        List<ILoggingEvent> onRequest = drain();
        assertThat(onRequest).isNotEmpty().allSatisfy(e -> assertThat(e.getMDCPropertyMap())
                .containsEntry(LogKeys.TASK_ID, "task-1").containsEntry(LogKeys.CORRELATION_ID, "corr-1"));

        // the result does not repeat the correlation id: it comes from the stored task
        results.pipeInput("task-1", StepResult.newBuilder().setTaskId("task-1").setStepName("b").setAttempt(1)
                .setStatus(StepOutcome.FAILURE).setError(StepError.newBuilder().setMessage("nope").setRetryable(true).build())
                .setStartedAt(Instant.now()).setFinishedAt(Instant.now()).build());
        results.pipeInput("task-1", StepResult.newBuilder().setTaskId("task-1").setStepName("b").setAttempt(1)
                .setStatus(StepOutcome.SUCCESS).setResultJson("{}").setStartedAt(Instant.now()).setFinishedAt(Instant.now()).build());
        List<ILoggingEvent> onResults = drain();
        assertThat(onResults).anyMatch(e -> e.getFormattedMessage().startsWith("dropped result of b attempt 1"));
        assertThat(onResults).isNotEmpty().allSatisfy(e -> assertThat(e.getMDCPropertyMap())
                .containsEntry(LogKeys.TASK_ID, "task-1").containsEntry(LogKeys.CORRELATION_ID, "corr-1")
                .containsEntry(LogKeys.STEP_NAME, "b").containsEntry(LogKeys.ATTEMPT, "1"));

        // the retry timer of attempt 1 fires and enqueues attempt 2
        fixture.advance(Duration.ofSeconds(2));
        List<ILoggingEvent> onTimer = drain();
        assertThat(onTimer).anyMatch(e -> e.getFormattedMessage().contains("step.enqueued"));
        assertThat(onTimer).allSatisfy(e -> assertThat(e.getMDCPropertyMap())
                .containsEntry(LogKeys.TASK_ID, "task-1").containsEntry(LogKeys.CORRELATION_ID, "corr-1")
                .containsEntry(LogKeys.STEP_NAME, "b").containsEntry(LogKeys.ATTEMPT, "1"));

        // the test driver processes on this thread: nothing is left behind for the next record
        for (String key : LogKeys.ALL) assertThat(MDC.get(key)).as(key).isNull();
    }

    private List<ILoggingEvent> drain() {
        List<ILoggingEvent> out = List.copyOf(captured.list);
        captured.list.clear();
        return out;
    }
}
