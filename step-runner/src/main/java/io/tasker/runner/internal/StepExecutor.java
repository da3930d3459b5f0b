package io.tasker.runner.internal;

import io.tasker.avro.StepCommand;
import io.tasker.avro.StepResult;
import io.tasker.runner.StepHandler;
import io.tasker.runner.StepOutcome;
import io.tasker.schemas.TaskerAvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Runs one command's handler on a worker thread and produces its result. */
final class StepExecutor {
    private static final Logger log = LoggerFactory.getLogger(StepExecutor.class);

    static final String MDC_TASK_ID = "task_id";
    static final String MDC_CORRELATION_ID = "correlation_id";
    static final String MDC_STEP = "step";

    private final String runnerId;
    private final Executor workers;
    private final Producer<byte[], byte[]> producer;
    private final TaskerAvroSerde<StepResult> resultSerde;
    private final String resultsTopic;
    private final InFlightCommands inFlight;
    private final RunnerState state;

    StepExecutor(String runnerId, Executor workers, Producer<byte[], byte[]> producer,
            TaskerAvroSerde<StepResult> resultSerde, String resultsTopic, InFlightCommands inFlight,
            RunnerState state) {
        this.runnerId = runnerId;
        this.workers = workers;
        this.producer = producer;
        this.resultSerde = resultSerde;
        this.resultsTopic = resultsTopic;
        this.inFlight = inFlight;
        this.state = state;
    }

    /** Dispatches the command at {@code offset} and runs it on a worker. Poll thread. */
    void submit(TopicPartition tp, long offset, StepCommand cmd, StepHandler handler) {
        inFlight.dispatched(tp, offset);
        workers.execute(() -> execute(tp, offset, cmd, handler));
    }

    private void execute(TopicPartition tp, long offset, StepCommand cmd, StepHandler handler) {
        MDC.put(MDC_TASK_ID, cmd.getTaskId());
        MDC.put(MDC_STEP, cmd.getStepName());
        if (cmd.getCorrelationId() != null) {
            MDC.put(MDC_CORRELATION_ID, cmd.getCorrelationId());
        }
        try {
            Instant startedAt = Instant.now();
            StepOutcome outcome;
            try {
                outcome = Outcomes.invoke(handler, CommandStepContext.of(cmd, startedAt));
            } catch (IllegalArgumentException e) {
                // malformed JSON in the command: retrying the same command cannot help
                outcome = Outcomes.fromThrowable(e, false);
            }
            Instant finishedAt = Instant.now();
            if (outcome instanceof StepOutcome.Failure f) {
                log.info("Step {} of task {} attempt {} failed (retryable={}): {}", cmd.getStepName(),
                        cmd.getTaskId(), cmd.getAttempt(), f.retryable(), f.message());
            } else {
                log.debug("Step {} of task {} attempt {} succeeded in {} ms", cmd.getStepName(), cmd.getTaskId(),
                        cmd.getAttempt(), Duration.between(startedAt, finishedAt).toMillis());
            }
            StepResult result = Outcomes.toResult(cmd, outcome, runnerId, startedAt, finishedAt);
            byte[] value = resultSerde.serializer().serialize(resultsTopic, result);
            producer.send(new ProducerRecord<>(resultsTopic, Utf8.bytes(cmd.getTaskId()), value),
                    (md, ex) -> inFlight.completed(tp, offset, ex, true));
        } catch (Throwable e) {
            // the result could not be produced: never skip it silently, stop the runner instead
            inFlight.abandoned();
            state.fatal(e);
            if (e instanceof VirtualMachineError vme) {
                throw vme;
            }
        } finally {
            MDC.remove(MDC_TASK_ID);
            MDC.remove(MDC_STEP);
            MDC.remove(MDC_CORRELATION_ID);
        }
    }
}
