package io.tasker.topology.internal;

import io.tasker.avro.TaskCommand;
import io.tasker.schemas.RejectReason;
import io.tasker.schemas.TaskerLimits;
import io.tasker.topology.TaskerTopology;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Operator commands (cancel, retry, resolve step, complete step). A command the task's state does not
 * allow goes to the rejected topic with reason {@code illegal_command} and the engine's explanation;
 * the HTTP API checks the same rule ({@link TaskEngine#decide}) first, so operators normally get a 409 instead.
 */
public final class CommandProcessor extends TaskInputProcessor<TaskCommand> {
    public CommandProcessor(Deserializer<TaskCommand> commands, TaskerTopology.Parts parts, TimerHints timerHints) {
        super(commands, "a task command", parts, timerHints);
    }

    @Override
    protected void handle(Record<byte[], byte[]> in) {
        TaskCommand raw = decode(in);
        if (raw == null) return;
        logContext().step(raw.getStepName(), null);
        TaskRecord task = stores.load(raw.getTaskId());
        if (task == null) {
            Rejection.reject(redaction.base(), ctx, in, RejectReason.UNKNOWN_TASK, "no task " + raw.getTaskId(), null, counters);
            return;
        }
        OperatorCommand command;
        try {
            command = AvroMapping.fromCommand(raw);
        } catch (IllegalArgumentException e) {
            Rejection.reject(redaction.base(), ctx, in, RejectReason.INVALID_COMMAND, e.getMessage(), e, counters);
            return;
        }
        long resultBytes = raw.getResultJson() == null ? 0 : AvroMapping.utf8Length(raw.getResultJson());
        if (resultBytes > TaskerLimits.STEP_RESULT_MAX_BYTES) {
            Rejection.reject(redaction.base(), ctx, in, RejectReason.TOO_LARGE, "result is " + resultBytes + " bytes; the limit is "
                    + TaskerLimits.describe(TaskerLimits.STEP_RESULT_MAX_BYTES), null, counters);
            return;
        }
        long now = ctx.currentSystemTimeMs();
        TaskTemplates.Lookup template = templateOf(task);
        if (!template.found()) {
            Rejection.reject(redaction.base(), ctx, in, RejectReason.TEMPLATE_MISSING, template.problem(), null, counters);
            failTask(task, TaskErrorCode.TEMPLATE_UNAVAILABLE, template.problem(), now);
            return;
        }
        Decision d = engine.decide(task, template.entry().template(), command, now);
        if (d.dropped()) {
            Rejection.reject(redaction.base(), ctx, in, RejectReason.ILLEGAL_COMMAND, d.dropReason(), null, counters);
            return;
        }
        ProcessorSupport.apply(ctx, stores, task, d, template.entry().template(), engine, now, now, counters);
        counters.increment("commands." + raw.getType().name().toLowerCase());
    }
}
