package io.tasker.runner.internal;

import io.tasker.avro.StepCommand;
import io.tasker.runner.StepOutcome;
import io.tasker.schemas.RejectReason;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.common.TopicPartition;

/**
 * Commands the runner decoded but cannot run (no such handler here, JSON fields that cannot be decoded). Each goes to
 * the rejected topic with headers, like any bad record, and also gets a permanent step failure naming the reason, so
 * the topology moves the step (and task) to error instead of waiting for a result that never comes. The command's
 * offset completes once both are acknowledged.
 */
final class DeadEnds {
    private final String runnerId;
    private final Rejecter rejecter;
    private final ResultPublisher results;
    private final InFlightCommands inFlight;
    private final RunnerMetrics metrics;

    DeadEnds(String runnerId, Rejecter rejecter, ResultPublisher results, InFlightCommands inFlight,
            RunnerMetrics metrics) {
        this.runnerId = runnerId;
        this.rejecter = rejecter;
        this.results = results;
        this.inFlight = inFlight;
        this.metrics = metrics;
    }

    /**
     * Reports the already dispatched command {@code cmd} read from {@code rec}.
     *
     * @param detail the reason in words; becomes the rejected record's detail header and the step error's message
     */
    void report(TopicPartition tp, ConsumerRecord<byte[], byte[]> rec, StepCommand cmd, RejectReason reason,
            String detail, Throwable error) {
        metrics.deadEnd();
        Callback done = inFlight.completion(tp, rec.offset(), 2, false);
        rejecter.reject(rec, reason, detail, error, done);
        Instant now = Instant.now();
        StepOutcome.Failure failure = new StepOutcome.Failure(detail, false, null,
                error == null ? null : error.getClass().getName(), List.of());
        results.publish(cmd, failure, now, now, done);
    }

    /** The detail of a command naming a handler this runner does not have. */
    String unknownHandler(StepCommand cmd, java.util.Set<String> known) {
        return "handler '" + cmd.getHandler() + "' of step '" + cmd.getStepName() + "' is not registered on runner "
                + runnerId + " (known: " + String.join(", ", known) + ")";
    }
}
