package io.tasker.topology;

import io.tasker.avro.LifecycleEvent;
import io.tasker.avro.StepCommand;
import io.tasker.avro.StepError;
import io.tasker.avro.StepOutcome;
import io.tasker.avro.StepResult;
import io.tasker.avro.TaskRequest;
import io.tasker.schemas.RejectedHeaders;
import io.tasker.schemas.TaskerTopics;
import io.tasker.schemas.redaction.RedactionConfig;
import io.tasker.schemas.redaction.Redactor;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets of a task's context (a default key and a field its input_schema marks sensitive) reach the handler in the
 * step command, and never the lifecycle topic or the rejected topic's headers, even when a handler's error quotes them.
 */
class RedactionTopologyTest {
    private static final String MASK = RedactionConfig.DEFAULT_MASK;
    private static final String TEMPLATE = """
            name: login
            namespace: shop
            version: 1.0.0
            input_schema:
              type: object
              properties:
                password: { type: string }
                pin: { type: string, writeOnly: true }
            steps:
              - { name: auth, handler: h.auth, retry: { max_attempts: 1 } }
            """;
    private static final String PASSWORD = "pw-CONTEXT-1111";
    private static final String PIN = "PIN-8642";
    private static final String LITERAL = "sk_live_LITERAL4444";

    private final TaskerTopics topics = new TaskerTopics("r.");
    private TopologyFixture fixture;
    private TestInputTopic<String, TaskRequest> requests;
    private TestInputTopic<String, StepResult> results;
    private TestOutputTopic<String, StepCommand> dispatched;
    private TestOutputTopic<String, LifecycleEvent> lifecycle;
    private TestOutputTopic<byte[], byte[]> rejected;

    @BeforeEach
    void start() throws Exception {
        fixture = TopologyFixture.start("ttd-redaction", client -> {
            Redactor redactor = new Redactor(RedactionConfig.fromProperties(Map.of(RedactionConfig.VALUE_PATTERNS, "/sk_live_\\w+/")));
            TaskerTopology.Parts parts = TaskerTopology.Parts.of(topics, client, new TopologyCounters()).withRedactor(redactor);
            return parts;
        });
        fixture.register(TEMPLATE, "login.yaml");
        requests = fixture.input(topics.taskRequests(), TaskRequest.class);
        results = fixture.input(topics.stepResults(), StepResult.class);
        dispatched = fixture.output(topics.stepCommands("shop"), StepCommand.class);
        lifecycle = fixture.output(topics.lifecycle(), LifecycleEvent.class);
        rejected = fixture.rawOutput(topics.rejected());
    }

    @AfterEach
    void stop() {
        if (fixture != null) fixture.close();
    }

    private TaskRequest request(String id) {
        return TaskRequest.newBuilder().setTaskId(id).setNamespace("shop").setTemplateName("login")
                .setContextJson("{\"user\":\"ann\",\"password\":\"" + PASSWORD + "\",\"pin\":\"" + PIN + "\"}")
                .setRequestedAt(Instant.now()).setCorrelationId("c").setTags(Map.of()).build();
    }

    @Test
    void stepCommandCarriesRealValuesWhileLifecycleEventsMaskTheHandlersErrorText() {
        requests.pipeInput("t1", request("t1"));

        StepCommand command = dispatched.readValue();
        assertThat(command.getContextJson()).as("handlers get the real values").contains(PASSWORD, PIN);

        results.pipeInput("t1", StepResult.newBuilder().setTaskId("t1").setStepName("auth").setAttempt(1).setStatus(StepOutcome.FAILURE)
                .setError(StepError.newBuilder().setMessage("login " + PASSWORD + " with pin " + PIN + " and key " + LITERAL + " refused")
                        .setExceptionClass("com.shop.Refused").setBacktrace(List.of("at Auth.login(" + PASSWORD + ")"))
                        .setRetryable(false).build())
                .setRunnerId("r1").setStartedAt(Instant.now()).setFinishedAt(Instant.now()).build());

        List<LifecycleEvent> events = lifecycle.readValuesToList();
        assertThat(events).extracting(LifecycleEvent::getEventType).contains("step.failed", "task.failed");
        for (LifecycleEvent e : events) {
            assertThat(e.toString()).as(e.getEventType()).doesNotContain(PASSWORD, PIN, LITERAL);
        }
        LifecycleEvent stepFailed = events.stream().filter(e -> e.getEventType().equals("step.failed")).findFirst().orElseThrow();
        assertThat(stepFailed.getErrorMessage()).isEqualTo("login " + MASK + " with pin " + MASK + " and key " + MASK + " refused");
        assertThat(stepFailed.getPayloadJson()).contains("at Auth.login(" + MASK + ")");
    }

    @Test
    void rejectedDetailIsMasked() {
        requests.pipeInput(LITERAL, request("t2")); // the key differs from task_id: rejected, the detail quotes the key

        TestRecord<byte[], byte[]> r = rejected.readRecord();
        String detail = new String(r.headers().lastHeader(RejectedHeaders.DETAIL).value(), StandardCharsets.UTF_8);
        assertThat(detail).doesNotContain(LITERAL).contains(MASK);
    }
}
