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

    /** The partition-local stores every task processor writes. */
    record Stores(KeyValueStore<String, TaskRecord> tasks, TimerStore timers, TaskIndex index) {
        static Stores of(ProcessorContext<?, ?> ctx) {
            return new Stores(ctx.getStateStore(TopologyNames.TASKS_STORE),
                    new TimerStore(ctx.getStateStore(TopologyNames.TIMERS_STORE)),
                    new TaskIndex(ctx.getStateStore(TopologyNames.TASK_INDEX_STORE), ctx.getStateStore(TopologyNames.TASK_COUNTS_STORE)));
        }
    }

    /** Where the current input record came from, for logs: {@code topic-partition@offset}. */
    static String where(org.apache.kafka.streams.processor.api.ProcessingContext ctx) {
        return ctx.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("?");
    }

    static void apply(ProcessorContext<Object, Object> ctx, Stores stores, TaskRecord before,
                      Decision d, long now, long timestamp, TopologyCounters counters) {
        TaskRecord task = d.task();
        stores.tasks().put(task.taskId(), task);
        stores.index().update(before, task);
        TimerStore timers = stores.timers();
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
