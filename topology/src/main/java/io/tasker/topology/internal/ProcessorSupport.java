package io.tasker.topology.internal;

import io.tasker.topology.TopologyCounters;
import io.tasker.topology.TopologyNames;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Writes a decision: the new task state to the store, then its step commands and lifecycle events downstream. */
final class ProcessorSupport {
    private ProcessorSupport() {
    }

    /** Where the current input record came from, for logs: {@code topic-partition@offset}. */
    static String where(org.apache.kafka.streams.processor.api.ProcessingContext ctx) {
        return ctx.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("?");
    }

    static void apply(ProcessorContext<Object, Object> ctx, KeyValueStore<String, TaskRecord> tasks, TimerStore timers,
                      Decision d, long now, long timestamp, TopologyCounters counters) {
        TaskRecord task = d.task();
        tasks.put(task.taskId(), task);
        for (Decision.Timer timer : d.timers()) {
            timers.schedule(task.taskId(), timer);
        }
        for (Decision.Dispatch dispatch : d.dispatches()) {
            ctx.forward(new Record<Object, Object>(task.taskId(), AvroMapping.toCommand(task, dispatch, now), timestamp),
                    TopologyNames.STEP_COMMANDS_SINK);
        }
        for (Decision.Event event : d.events()) {
            ctx.forward(new Record<Object, Object>(task.taskId(), AvroMapping.toLifecycle(task, event, now), timestamp),
                    TopologyNames.LIFECYCLE_SINK);
            counters.increment(event.type());
        }
        counters.increment("steps.dispatched", d.dispatches().size());
    }
}
