package io.tasker.topology.internal;

import io.tasker.avro.StepResult;
import io.tasker.topology.TopologyCounters;
import io.tasker.topology.TopologyNames;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.Optional;

/**
 * Step results: fenced by attempt, then advance the task. Results for an attempt that is not in flight
 * (duplicates, late, for finished tasks) are dropped and counted by reason.
 */
public final class ResultProcessor extends TaskInputProcessor<StepResult> {
    private static final Logger log = LoggerFactory.getLogger(ResultProcessor.class);
    /** How often due timers are looked for: the timer resolution. */
    static final Duration TIMER_RESOLUTION = Duration.ofMillis(50);

    public ResultProcessor(Deserializer<StepResult> results, TemplateCatalog catalog, TopologyCounters counters) {
        super(results, "a step result", catalog, counters);
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        super.init(context);
        // One punctuator per partition (stream task); hosted here because this processor shares the stores.
        context.schedule(TIMER_RESOLUTION, PunctuationType.WALL_CLOCK_TIME,
                new TimerPunctuator(context, stores, templates, catalog, engine, counters));
    }

    @Override
    public void process(Record<byte[], byte[]> in) {
        StepResult raw = decode(in);
        if (raw == null) return;
        StepResultIn result;
        try {
            result = AvroMapping.fromResult(raw, in.timestamp());
        } catch (IllegalArgumentException e) {
            Rejection.reject(ctx, in, "invalid_result", e.getMessage(), e, counters);
            return;
        }
        MDC.put("task_id", result.taskId());
        if (raw.getCorrelationId() != null) MDC.put("correlation_id", raw.getCorrelationId());
        try {
            handle(result);
        } finally {
            MDC.remove("task_id");
            MDC.remove("correlation_id");
        }
    }

    private void handle(StepResultIn result) {
        TaskRecord task = tasks.get(result.taskId());
        if (task == null) {
            drop("unknown_task", result);
            return;
        }
        Optional<TemplateCatalog.Entry> entry = catalog.find(templates, task.namespace(), task.templateName(), task.templateVersion());
        if (entry.isEmpty()) {
            // The template was deleted from the templates topic while the task ran: nothing can advance it.
            drop("template_missing", result);
            return;
        }
        long now = ctx.currentSystemTimeMs();
        Decision d = engine.onResult(task, entry.get().template(), result, now);
        if (d.dropped()) {
            drop(d.dropReason(), result);
            return;
        }
        ProcessorSupport.apply(ctx, stores, task, d, now, now, counters);
        counters.increment("results.applied");
    }

    private void drop(String reason, StepResultIn r) {
        counters.increment("dropped." + reason);
        log.info("dropped result of {} attempt {} for task {}: {} ({})", r.stepName(), r.attempt(), r.taskId(), reason,
                ProcessorSupport.where(ctx));
    }
}
