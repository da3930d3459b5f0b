package io.tasker.runner.internal;

import io.tasker.avro.StepCommand;
import io.tasker.runner.HandlerRegistry;
import io.tasker.runner.StepHandler;
import io.tasker.schemas.RejectReason;
import io.tasker.schemas.SchemaRegistryException;
import io.tasker.schemas.TaskerAvroSerde;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll thread: fetches commands, decodes them and hands each to a worker (or rejects it), pauses fetching while
 * too many commands are in flight, and commits periodically. When the runner stops it runs the shutdown.
 */
final class PollLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(PollLoop.class);

    static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    static final long COMMIT_INTERVAL_MS = 1000;
    static final long REGISTRY_BACKOFF_MS = 1000;

    private final String runnerId;
    private final int maxInFlight;
    private final RunnerState state;
    private final Consumer<byte[], byte[]> consumer;
    private final TaskerAvroSerde<StepCommand> commandSerde;
    private final HandlerRegistry handlers;
    private final InFlightCommands inFlight;
    private final PartitionBackoff backoff;
    private final StepExecutor executor;
    private final Rejecter rejecter;
    private final DeadEnds deadEnds;
    private final OffsetCommitter committer;
    private final RunnerShutdown shutdown;
    private boolean paused;

    PollLoop(String runnerId, int maxInFlight, RunnerState state, Consumer<byte[], byte[]> consumer,
            TaskerAvroSerde<StepCommand> commandSerde, HandlerRegistry handlers, InFlightCommands inFlight,
            PartitionBackoff backoff, StepExecutor executor, Rejecter rejecter, DeadEnds deadEnds,
            OffsetCommitter committer, RunnerShutdown shutdown) {
        this.runnerId = runnerId;
        this.maxInFlight = maxInFlight;
        this.state = state;
        this.consumer = consumer;
        this.commandSerde = commandSerde;
        this.handlers = handlers;
        this.inFlight = inFlight;
        this.backoff = backoff;
        this.executor = executor;
        this.rejecter = rejecter;
        this.deadEnds = deadEnds;
        this.committer = committer;
        this.shutdown = shutdown;
    }

    @Override
    public void run() {
        long nextCommit = System.currentTimeMillis() + COMMIT_INTERVAL_MS;
        try {
            while (state.isRunning()) {
                updatePause();
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
                for (TopicPartition tp : records.partitions()) {
                    for (ConsumerRecord<byte[], byte[]> rec : records.records(tp)) {
                        if (!state.isRunning() || !accept(tp, rec)) {
                            break;
                        }
                    }
                }
                long now = System.currentTimeMillis();
                if (now >= nextCommit) {
                    committer.commitAsync();
                    nextCommit = now + COMMIT_INTERVAL_MS;
                }
            }
        } catch (WakeupException e) {
            // close() or a fatal error asked us to stop
        } catch (Throwable e) {
            state.fatal(e);
        } finally {
            shutdown.run();
        }
    }

    /**
     * Dispatches one record. Returns {@code false} when the rest of the partition's batch must be skipped because
     * the record will be fetched again (schema registry unavailable).
     */
    private boolean accept(TopicPartition tp, ConsumerRecord<byte[], byte[]> rec) {
        if (rec.value() == null) {
            reject(tp, rec, RejectReason.NULL_VALUE, "record has no value (tombstone)", null);
            return true;
        }
        StepCommand cmd;
        try {
            cmd = commandSerde.deserializer().deserialize(rec.topic(), rec.headers(), rec.value());
        } catch (SchemaRegistryException e) {
            if (e.httpStatus() == SchemaRegistryException.NO_RESPONSE || e.httpStatus() >= 500) {
                log.warn("Schema registry unavailable while decoding {}-{}@{}, retrying in {} ms: {}", rec.topic(),
                        rec.partition(), rec.offset(), REGISTRY_BACKOFF_MS, e.getMessage());
                consumer.seek(tp, rec.offset());
                backoff.pauseUntil(tp, System.currentTimeMillis() + REGISTRY_BACKOFF_MS);
                return false;
            }
            reject(tp, rec, RejectReason.DESERIALIZATION_FAILED, e.getMessage(), e);
            return true;
        } catch (RuntimeException e) {
            reject(tp, rec, RejectReason.DESERIALIZATION_FAILED, e.getMessage(), e);
            return true;
        }
        if (cmd == null) {
            reject(tp, rec, RejectReason.DESERIALIZATION_FAILED, "deserializer returned null", null);
            return true;
        }
        inFlight.dispatched(tp, rec.offset());
        Optional<StepHandler> handler = handlers.find(cmd.getHandler());
        if (handler.isEmpty()) {
            // e.g. a rolling deploy: the step fails (and the task goes to error) instead of waiting forever
            deadEnds.report(tp, rec, cmd, RejectReason.UNKNOWN_HANDLER,
                    deadEnds.unknownHandler(cmd, handlers.names()), null);
            return true;
        }
        executor.submit(tp, rec, cmd, handler.get());
        return true;
    }

    /** A record without a task to fail: it only goes to the rejected topic. */
    private void reject(TopicPartition tp, ConsumerRecord<byte[], byte[]> rec, RejectReason reason, String detail,
            Throwable error) {
        inFlight.dispatched(tp, rec.offset());
        rejecter.reject(rec, reason, detail, error, inFlight.completion(tp, rec.offset(), 1, false));
    }

    /** Pauses every partition while saturated, otherwise only the partitions backing off; resumes the rest. */
    private void updatePause() {
        Set<TopicPartition> assignment = consumer.assignment();
        boolean saturated = inFlight.count() >= maxInFlight;
        if (saturated != paused) {
            log.debug("Step runner {}: {} commands in flight, {} fetching", runnerId, inFlight.count(),
                    saturated ? "pausing" : "resuming");
            paused = saturated;
        }
        Set<TopicPartition> shouldPause = saturated ? Set.copyOf(assignment)
                : backoff.pausedAt(System.currentTimeMillis(), assignment);
        io.tasker.kafka.Pauses.apply(consumer, shouldPause);
    }
}
