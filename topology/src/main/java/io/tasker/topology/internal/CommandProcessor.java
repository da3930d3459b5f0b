package io.tasker.topology.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tasker.avro.TaskCommand;
import io.tasker.templates.TaskTemplate;
import io.tasker.topology.TopologyCounters;
import io.tasker.topology.TopologyNames;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.MDC;

import java.util.Optional;

/**
 * Operator commands (cancel, retry, resolve step, complete step). A command the task's state does not
 * allow goes to the rejected topic with reason {@code illegal_command} and the engine's explanation;
 * the HTTP API checks the same rule first, so operators normally get a 409 instead.
 */
public final class CommandProcessor extends TaskInputProcessor<TaskCommand> {
    public CommandProcessor(Deserializer<TaskCommand> commands, TemplateCatalog catalog, TopologyCounters counters) {
        super(commands, "a task command", catalog, counters);
    }

    @Override
    public void process(Record<byte[], byte[]> in) {
        TaskCommand command = decode(in);
        if (command == null) return;
        MDC.put("task_id", command.getTaskId());
        try {
            TaskRecord task = tasks.get(command.getTaskId());
            if (task == null) {
                Rejection.reject(ctx, in, "unknown_task", "no task " + command.getTaskId(), null, counters);
                return;
            }
            Optional<TemplateCatalog.Entry> entry = catalog.find(templates, task.namespace(), task.templateName(), task.templateVersion());
            if (entry.isEmpty()) {
                Rejection.reject(ctx, in, "template_missing", "template " + task.templateKey() + " is gone", null, counters);
                return;
            }
            long now = ctx.currentSystemTimeMs();
            Decision d;
            try {
                d = decide(engine, task, entry.get().template(), command, now);
            } catch (IllegalArgumentException e) {
                Rejection.reject(ctx, in, "invalid_command", e.getMessage(), e, counters);
                return;
            }
            if (d.dropped()) {
                Rejection.reject(ctx, in, "illegal_command", d.dropReason(), null, counters);
                return;
            }
            ProcessorSupport.apply(ctx, stores, task, d, now, now, counters);
            counters.increment("commands." + command.getType().name().toLowerCase());
        } finally {
            MDC.remove("task_id");
        }
    }

    /**
     * What a command does to a task; shared with the HTTP API, which runs it on the current state to answer
     * 409 before producing the command.
     *
     * @throws IllegalArgumentException for a malformed command (unknown type, missing step, result not JSON)
     */
    public static Decision decide(TaskEngine engine, TaskRecord task, TaskTemplate template, TaskCommand c, long now) {
        return switch (c.getType()) {
            case CANCEL -> engine.cancel(task, c.getReason(), now);
            case RETRY -> engine.retry(task, template, now);
            case RESOLVE_STEP -> engine.resolveStep(task, template, requireStep(c), c.getReason(), now);
            case COMPLETE_STEP -> {
                try {
                    yield engine.completeStep(task, template, requireStep(c),
                            Json.MAPPER.readTree(c.getResultJson() == null ? "null" : c.getResultJson()), now);
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException("result_json is not JSON: " + e.getOriginalMessage());
                }
            }
            default -> throw new IllegalArgumentException("unknown command type " + c.getType());
        };
    }

    private static String requireStep(TaskCommand c) {
        if (c.getStepName() == null || c.getStepName().isBlank()) {
            throw new IllegalArgumentException(c.getType() + " needs a step_name");
        }
        return c.getStepName();
    }
}
