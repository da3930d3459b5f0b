package io.tasker.runner;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.tasker.avro.StepCommand;
import io.tasker.avro.StepResult;
import io.tasker.schemas.LogKeys;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.telemetry.TaskerTelemetry;
import io.tasker.telemetry.TraceHeaders;
import io.tasker.telemetry.TraceIds;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The runner's handler span: a CONSUMER child of the span the command's {@code traceparent} names, with the messaging
 * attributes of its record; the handler logs with its trace and span ids; the result carries its {@code traceparent};
 * a failure is an ERROR span with {@code error.type} and a masked exception event.
 */
class RunnerTracesIT extends RunnerITSupport {
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final Map<String, String> mdcSeen = new ConcurrentHashMap<>();

    private StepRunner startTraced() {
        TaskerTelemetry telemetry = TaskerTelemetry.forTesting(spans);
        toClose.add(telemetry);
        HandlerRegistry handlers = handlers()
                .register("test.mdc", ctx -> {
                    mdcSeen.put(LogKeys.TRACE_ID, String.valueOf(MDC.get(LogKeys.TRACE_ID)));
                    mdcSeen.put(LogKeys.SPAN_ID, String.valueOf(MDC.get(LogKeys.SPAN_ID)));
                    return StepOutcome.success(Map.of());
                })
                .register("test.fail", ctx -> {
                    throw new IllegalStateException("declined: password=hunter22");
                });
        StepRunner runner = new StepRunner(config(), handlers, List.of(template()), telemetry);
        toClose.add(runner);
        runner.start();
        return runner;
    }

    private void sendWithTraceparent(StepCommand c, String traceparent) {
        try (KafkaProducer<String, StepCommand> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
                TaskerAvroSerde.forValues(StepCommand.class, registry).serializer())) {
            ProducerRecord<String, StepCommand> r = new ProducerRecord<>(topics.stepCommands(NS), c.getTaskId(), c);
            TraceHeaders.put(r.headers(), traceparent);
            p.send(r);
            p.flush();
        }
    }

    private SpanData awaitSpan(String taskId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> spans.getFinishedSpanItems().stream()
                .anyMatch(s -> taskId.equals(s.getAttributes().get(AttributeKey.stringKey("tasker.task.id")))));
        return spans.getFinishedSpanItems().stream()
                .filter(s -> taskId.equals(s.getAttributes().get(AttributeKey.stringKey("tasker.task.id")))).findFirst().orElseThrow();
    }

    @Test
    void theHandlerSpanIsAChildOfTheCommandsTraceparentAndTheResultCarriesItsOwn() {
        startTraced();
        var results = reader(topics.stepResults(), TaskerAvroSerde.forValues(StepResult.class, registry).deserializer());
        String trace = TraceIds.newTraceId();
        String attemptSpan = TraceIds.stepAttemptSpanId(trace, "tr-1", "echo", 1);
        sendWithTraceparent(command("tr-1", "echo", "test.mdc", 1), TraceHeaders.format(trace, attemptSpan));

        SpanData span = awaitSpan("tr-1");
        assertThat(span.getTraceId()).isEqualTo(trace);
        assertThat(span.getParentSpanId()).isEqualTo(attemptSpan);
        assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(span.getName()).isEqualTo("process " + topics.stepCommands(NS));
        assertThat(span.getAttributes().get(AttributeKey.stringKey("messaging.system"))).isEqualTo("kafka");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("messaging.destination.name"))).isEqualTo(topics.stepCommands(NS));
        assertThat(span.getAttributes().get(AttributeKey.stringKey("messaging.consumer.group.name"))).isEqualTo(groupId);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("messaging.destination.partition.id"))).isEqualTo("0");
        assertThat(span.getAttributes().get(AttributeKey.longKey("messaging.kafka.offset"))).isNotNull();
        assertThat(span.getAttributes().get(AttributeKey.stringKey("messaging.kafka.message.key"))).isEqualTo("tr-1");
        assertThat(span.getEvents()).extracting(EventData::getName).containsSubsequence("step.before_handle", "step.after_handle");
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(mdcSeen).containsEntry(LogKeys.TRACE_ID, trace).containsEntry(LogKeys.SPAN_ID, span.getSpanId());

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            pollReaders();
            return results.stream().anyMatch(r -> r.value().getTaskId().equals("tr-1"));
        });
        ConsumerRecord<String, StepResult> result = results.stream().filter(r -> r.value().getTaskId().equals("tr-1")).findFirst().orElseThrow();
        assertThat(header(result, TraceHeaders.TRACEPARENT)).isEqualTo(TraceHeaders.format(trace, span.getSpanId()));
    }

    @Test
    void aFailingHandlerGivesAnErrorSpanWithErrorTypeAndAMaskedExceptionEvent() {
        startTraced();
        String trace = TraceIds.newTraceId();
        sendWithTraceparent(command("tr-2", "echo", "test.fail", 1),
                TraceHeaders.format(trace, TraceIds.stepAttemptSpanId(trace, "tr-2", "echo", 1)));
        SpanData span = awaitSpan("tr-2");
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo(IllegalStateException.class.getName());
        EventData exception = span.getEvents().stream().filter(e -> e.getName().equals("exception")).findFirst().orElseThrow();
        assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.message"))).contains("declined").doesNotContain("hunter22");
    }
}
