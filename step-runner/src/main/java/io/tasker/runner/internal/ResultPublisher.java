package io.tasker.runner.internal;

import io.tasker.avro.PublishedEvent;
import io.tasker.avro.StepCommand;
import io.tasker.avro.StepResult;
import io.tasker.runner.StepOutcome;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.schemas.TaskerLimits;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces step results, keyed by task id, and makes sure an oversized result never stops the runner: a success
 * whose result JSON exceeds {@link TaskerLimits#STEP_RESULT_MAX_BYTES}, a result record that exceeds the producer's
 * {@code max.request.size}, or a send the broker refuses as too large is reported as a permanent failure of that
 * attempt instead. Thread-safe.
 */
final class ResultPublisher {
    private static final Logger log = LoggerFactory.getLogger(ResultPublisher.class);

    /** Upper bound of what a one-record batch adds to key and value (batch header, record framing). */
    static final int RECORD_OVERHEAD_BYTES = 512;

    private final String runnerId;
    private final Producer<byte[], byte[]> producer;
    private final TaskerAvroSerde<StepResult> serde;
    private final String topic;
    private final int maxRequestSize;
    private final Executor followUps;
    private final RunnerMetrics metrics;

    /**
     * @param followUps where replacement sends run: never on the producer's I/O thread, whose callbacks must not
     *                  block on {@code send}
     */
    ResultPublisher(String runnerId, Producer<byte[], byte[]> producer, TaskerAvroSerde<StepResult> serde,
            String topic, int maxRequestSize, Executor followUps, RunnerMetrics metrics) {
        this.runnerId = runnerId;
        this.producer = producer;
        this.serde = serde;
        this.topic = topic;
        this.maxRequestSize = maxRequestSize;
        this.followUps = followUps;
        this.metrics = metrics;
    }

    /** Produces the result of attempt {@code cmd}; {@code done} gets the broker's answer for what was produced. */
    void publish(StepCommand cmd, StepOutcome outcome, Instant startedAt, Instant finishedAt, Callback done) {
        publish(cmd, outcome, List.of(), startedAt, finishedAt, done);
    }

    /**
     * Produces the result of attempt {@code cmd} carrying its durable {@code events}; {@code done} gets the broker's
     * answer for what was produced. A result replaced by a {@code result too large} failure carries no events.
     */
    void publish(StepCommand cmd, StepOutcome outcome, List<PublishedEvent> events, Instant startedAt,
            Instant finishedAt, Callback done) {
        publish(cmd, outcome, events, startedAt, finishedAt, done, null);
    }

    /** Like the above, the result record carrying {@code traceparent} (the handler's span) when it is not null. */
    void publish(StepCommand cmd, StepOutcome outcome, List<PublishedEvent> events, Instant startedAt,
            Instant finishedAt, Callback done, String traceparent) {
        StepOutcome reported = outcome;
        String resultJson = null;
        if (outcome instanceof StepOutcome.Success s) {
            resultJson = JsonSupport.write(s.result());
            int bytes = Outcomes.utf8Length(resultJson);
            if (bytes > TaskerLimits.STEP_RESULT_MAX_BYTES) {
                reported = tooLarge(cmd, Outcomes.resultTooLarge(bytes), events.size());
                resultJson = null;
            }
        }
        List<PublishedEvent> carried = reported == outcome ? events : List.of();
        StepResult result = Outcomes.toResult(cmd, reported, resultJson, carried, runnerId, startedAt, finishedAt);
        byte[] key = Utf8.bytes(cmd.getTaskId());
        byte[] value = serde.serializer().serialize(topic, result);
        long size = (long) key.length + value.length + RECORD_OVERHEAD_BYTES;
        if (size > maxRequestSize) {
            StepOutcome.Failure f = new StepOutcome.Failure("result too large: the result record"
                    + (carried.isEmpty() ? "" : " (result and " + carried.size() + " domain events)") + " would be "
                    + size + " bytes, more than the runner's producer max.request.size of " + maxRequestSize
                    + " bytes", false, null, null, List.of());
            result = Outcomes.toResult(cmd, tooLarge(cmd, f, carried.size()), null, List.of(), runnerId, startedAt,
                    finishedAt);
            value = serde.serializer().serialize(topic, result);
        }
        StepResult sent = result;
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, key, value);
        io.tasker.telemetry.TraceHeaders.put(record.headers(), traceparent);
        producer.send(record, (md, error) -> {
            if (error instanceof RecordTooLargeException && sent.getStatus() == io.tasker.avro.StepOutcome.SUCCESS) {
                StepOutcome.Failure f = new StepOutcome.Failure("result too large: Kafka refused the result record: "
                        + error.getMessage(), false, null, error.getClass().getName(), List.of());
                try {
                    followUps.execute(() -> replace(cmd, tooLarge(cmd, f, sent.getEvents().size()), startedAt,
                            finishedAt, done, traceparent));
                    return;
                } catch (java.util.concurrent.RejectedExecutionException stopping) {
                    // the runner is stopping: the attempt stays uncommitted and is delivered again
                }
            }
            if (error == null && !sent.getEvents().isEmpty()) {
                metrics.durableEventsPublished(sent.getEvents().size());
            }
            done.onCompletion(md, error);
        });
    }

    /**
     * Produces the {@code IN_PROGRESS} report of attempt {@code cmd}, running since {@code startedAt}. Best effort: a
     * failed send is counted and logged; the attempt's result follows anyway.
     */
    void publishInProgress(StepCommand cmd, Instant startedAt) {
        StepResult report = StepResult.newBuilder().setTaskId(cmd.getTaskId()).setStepName(cmd.getStepName())
                .setAttempt(cmd.getAttempt()).setStatus(io.tasker.avro.StepOutcome.IN_PROGRESS).setRunnerId(runnerId)
                .setStartedAt(startedAt).setFinishedAt(Instant.now()).setCorrelationId(cmd.getCorrelationId())
                .setDispatchId(cmd.getDispatchId()).build();
        producer.send(new ProducerRecord<>(topic, Utf8.bytes(cmd.getTaskId()), serde.serializer().serialize(topic, report)),
                (md, error) -> {
                    if (error == null) {
                        metrics.inProgressReported();
                        return;
                    }
                    metrics.inProgressReportFailed();
                    log.warn("Step {} of task {} attempt {}: the in-progress report was not sent: {}", cmd.getStepName(),
                            cmd.getTaskId(), cmd.getAttempt(), error.toString());
                });
    }

    private StepOutcome.Failure tooLarge(StepCommand cmd, StepOutcome.Failure f, int droppedEvents) {
        metrics.resultTooLarge();
        log.warn("Step {} of task {} attempt {}: {}; reporting a permanent failure instead{}", cmd.getStepName(),
                cmd.getTaskId(), cmd.getAttempt(), f.message(), droppedEvents == 0 ? ""
                        : " (the attempt's " + droppedEvents + " durable domain events are dropped with the result)");
        return f;
    }

    /** Sends a small failure in place of a result Kafka refused; if even that fails, {@code done} gets the error. */
    private void replace(StepCommand cmd, StepOutcome.Failure f, Instant startedAt, Instant finishedAt,
            Callback done, String traceparent) {
        try {
            StepResult result = Outcomes.toResult(cmd, f, null, List.of(), runnerId, startedAt, finishedAt);
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, Utf8.bytes(cmd.getTaskId()),
                    serde.serializer().serialize(topic, result));
            io.tasker.telemetry.TraceHeaders.put(record.headers(), traceparent);
            producer.send(record, done);
        } catch (RuntimeException e) {
            done.onCompletion(null, e);
        }
    }
}
