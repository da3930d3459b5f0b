package io.tasker.topology.internal;

import io.tasker.avro.StepResult;
import io.tasker.schemas.RejectReason;
import io.tasker.schemas.TaskerLimits;
import io.tasker.topology.TaskerTopology;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Step results: fenced by attempt, then advance the task. Results for an attempt that is not in flight
 * (duplicates, late, for finished tasks) are dropped and counted by reason. A success whose result is over
 * {@link TaskerLimits#STEP_RESULT_MAX_BYTES} counts as a permanent failure of that attempt (runners check this
 * before sending; this protects the task store from runners that do not).
 */
public final class ResultProcessor extends TaskInputProcessor<StepResult> {
    private static final Logger log = LoggerFactory.getLogger(ResultProcessor.class);
    /** How often due timers are looked for: the timer resolution. */
    static final Duration TIMER_RESOLUTION = Duration.ofMillis(50);

    public ResultProcessor(Deserializer<StepResult> results, TaskerTopology.Parts parts, TimerHints timerHints) {
        super(results, "a step result", parts, timerHints);
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        super.init(context);
        // One punctuator per partition (stream task); hosted here because this processor shares the stores.
        context.schedule(TIMER_RESOLUTION, PunctuationType.WALL_CLOCK_TIME,
                new TimerPunctuator(context, stores, templates, catalog, engine, counters));
    }

    /** Events of the result being handled, for counting them as discarded if handling fails. */
    private int eventsInHand;

    @Override
    protected void handle(Record<byte[], byte[]> in) {
        eventsInHand = 0;
        StepResult raw = decode(in);
        if (raw == null) return;
        eventsInHand = raw.getEvents().size();
        logContext().correlationId(raw.getCorrelationId()).step(raw.getStepName(), raw.getAttempt());
        if (AvroMapping.isProgress(raw)) {
            started(AvroMapping.fromProgress(raw));
            return;
        }
        int resultBytes = raw.getResultJson() == null ? 0 : raw.getResultJson().getBytes(StandardCharsets.UTF_8).length;
        StepResultIn result;
        try {
            result = AvroMapping.fromResult(raw, in.timestamp());
            if (spans.on()) result = result.withTraceparent(traceparentOf(in));
        } catch (IllegalArgumentException e) {
            Rejection.reject(redaction.base(), ctx, in, RejectReason.INVALID_RESULT, e.getMessage(), e, counters);
            return;
        }
        if (result.success() && resultBytes > TaskerLimits.STEP_RESULT_MAX_BYTES) {
            counters.increment("results.too_large");
            counters.increment("events.discarded.result_too_large", result.events().size());
            result = tooLarge(result, resultBytes);
        }
        TaskRecord task = stores.load(result.taskId());
        if (task == null) {
            drop("unknown_task", result);
            return;
        }
        long now = ctx.currentSystemTimeMs();
        TaskTemplates.Lookup template = templateOf(task);
        if (!template.found()) {
            drop("template_missing", result);
            failTask(task, TaskErrorCode.TEMPLATE_UNAVAILABLE, template.problem(), now);
            return;
        }
        Decision d = engine.onResult(task, template.entry().template(), result, now);
        if (d.dropped()) {
            drop(d.dropReason(), result);
            return;
        }
        ProcessorSupport.apply(ctx, stores, task, d, template.entry().template(), engine, now, now, counters);
        counters.increment("results.applied");
    }

    /** A runner's report that a long attempt started: the step goes in_progress (fenced like a result). */
    private void started(StepStartIn s) {
        TaskRecord task = stores.load(s.taskId());
        if (task == null) {
            dropProgress("unknown_task", s);
            return;
        }
        long now = ctx.currentSystemTimeMs();
        Decision d = engine.onStarted(task, s, now);
        if (d.dropped()) {
            dropProgress(d.dropReason(), s);
            return;
        }
        ProcessorSupport.apply(ctx, stores, task, d, now, now, counters);
        counters.increment("results.progress_applied");
    }

    private void dropProgress(String reason, StepStartIn s) {
        counters.increment("dropped.progress." + reason);
        log.info("dropped in-progress report of {} attempt {} for task {}: {} ({})", s.stepName(), s.attempt(), s.taskId(),
                reason, ProcessorSupport.where(ctx));
    }

    @Override
    protected void contained() {
        counters.increment("events.discarded." + io.tasker.schemas.RejectReason.PROCESSING_FAILED.code(), eventsInHand);
    }

    private static StepResultIn tooLarge(StepResultIn r, int bytes) {
        String message = "result too large: " + bytes + " bytes; the limit is " + TaskerLimits.describe(TaskerLimits.STEP_RESULT_MAX_BYTES);
        // as in the runner: the outcome is replaced by a failure, and the events that came with the result go with it
        return new StepResultIn(r.taskId(), r.stepName(), r.attempt(), false, null, message, io.tasker.schemas.StepErrorClasses.RESULT_TOO_LARGE,
                false, null, List.of(), r.runnerId(), r.startedAt(), r.finishedAt(), r.arrivedAt(), List.of(), null, r.dispatchId());
    }

    private static String traceparentOf(Record<byte[], byte[]> in) {
        org.apache.kafka.common.header.Header h = in.headers().lastHeader(io.tasker.telemetry.TraceHeaders.TRACEPARENT);
        return h == null || h.value() == null ? null : io.tasker.telemetry.TraceHeaders.format(
                io.tasker.telemetry.TraceHeaders.parse(new String(h.value(), StandardCharsets.UTF_8)));
    }

    private void drop(String reason, StepResultIn r) {
        counters.increment("dropped." + reason);
        // the attempt is not recorded, so its durable events are never visible
        counters.increment("events.discarded." + reason, r.events().size());
        log.info("dropped result of {} attempt {} for task {}: {} ({})", r.stepName(), r.attempt(), r.taskId(), reason,
                ProcessorSupport.where(ctx));
    }
}
