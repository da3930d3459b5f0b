package io.tasker.topology.internal;

import io.tasker.avro.StepCommand;
import io.tasker.schemas.TaskerLimits;
import io.tasker.templates.TaskTemplate;
import io.tasker.topology.TelemetryEvents;
import io.tasker.topology.TopologyCounters;
import io.tasker.topology.TopologyNames;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** Writes a decision: the new task state to the store, then its step commands and lifecycle events downstream. */
final class ProcessorSupport {
    private static final Logger log = LoggerFactory.getLogger(ProcessorSupport.class);

    private ProcessorSupport() {
    }

    /**
     * The partition-local stores every task processor writes, and where telemetry-only events go.
     *
     * @param retentionMs     how long a finished task is kept (0 = forever)
     * @param namespaceTopics which step-command topics exist: a command is never produced to a missing one
     */
    record Stores(KeyValueStore<String, TaskRecord> tasks, KeyValueStore<String, byte[]> data, TimerStore timers, TaskIndex index,
                  long retentionMs, NamespaceTopics namespaceTopics, io.tasker.schemas.TaskerTopics topics,
                  TelemetryEvents telemetry, TaskRedaction redaction, TopologyMetrics metrics, TaskSpans spans) {
        static Stores of(ProcessorContext<?, ?> ctx, TimerHints.Hint timerHint, long retentionMs, NamespaceTopics namespaceTopics,
                         io.tasker.schemas.TaskerTopics topics, TelemetryEvents telemetry, TaskRedaction redaction,
                         TopologyMetrics metrics, TaskSpans spans) {
            return new Stores(ctx.getStateStore(TopologyNames.TASKS_STORE), ctx.getStateStore(TopologyNames.TASK_DATA_STORE),
                    new TimerStore(ctx.getStateStore(TopologyNames.TIMERS_STORE), timerHint),
                    new TaskIndex(ctx.getStateStore(TopologyNames.TASK_INDEX_STORE), ctx.getStateStore(TopologyNames.TASK_COUNTS_STORE),
                            new TemplateCounts(ctx.getStateStore(TopologyNames.TASK_TEMPLATE_COUNTS_STORE))),
                    retentionMs, namespaceTopics, topics, telemetry, redaction, metrics, spans);
        }

        TaskData.Reader reader() {
            return new TaskData.Reader(data);
        }

        /**
         * The task as stored: its context and earlier results stay in the task-data store until a command needs them.
         * Every record and timer loads its task before deciding anything, so this is where the task's correlation id
         * (and, while tracing, its trace id) joins the log context (only for the task the context is about).
         */
        TaskRecord load(String taskId) {
            TaskRecord task = TaskData.load(tasks, data, taskId);
            if (task != null && taskId.equals(org.slf4j.MDC.get(io.tasker.schemas.LogKeys.TASK_ID))) {
                io.tasker.schemas.TaskLogContext.putCorrelationId(task.correlationId());
                // only while traced: a trace id no backend has would send a reader looking for nothing
                if (spans.on() && task.traceId() != null) org.slf4j.MDC.put(io.tasker.schemas.LogKeys.TRACE_ID, task.traceId());
            }
            return task;
        }

        /** Deletes a task and everything kept for it (retention). */
        void delete(TaskRecord task) {
            tasks.delete(task.taskId());
            TaskData.delete(data, task);
            index.remove(task);
        }
    }

    /** Where the current input record came from, for logs: {@code topic-partition@offset}. */
    static String where(org.apache.kafka.streams.processor.api.ProcessingContext ctx) {
        return ctx.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("?");
    }

    /** Writes a decision that dispatches nothing (a failed or cancelled task). */
    static void apply(ProcessorContext<Object, Object> ctx, Stores stores, TaskRecord before,
                      Decision d, long now, long timestamp, TopologyCounters counters) {
        if (!d.dispatches().isEmpty()) throw new IllegalArgumentException("a decision with dispatches needs its template");
        apply(ctx, stores, before, d, null, null, now, timestamp, counters);
    }

    /**
     * Writes a decision. A step command that would exceed {@link TaskerLimits#STEP_COMMAND_MAX_BYTES} (context plus
     * dependency results plus config) is never produced: that attempt fails permanently instead, through the engine,
     * so the task moves on (or to error) exactly as for any other permanent failure.
     */
    static void apply(ProcessorContext<Object, Object> ctx, Stores stores, TaskRecord before, Decision d,
                      TaskTemplate template, TaskEngine engine, long now, long timestamp, TopologyCounters counters) {
        List<StepCommand> commands = new ArrayList<>();
        d = withoutOversizedCommands(d, template, engine, now, commands, stores.reader(), counters);
        if (!commands.isEmpty()) {
            String topic = stores.topics().stepCommands(d.task().namespace());
            if (!stores.namespaceTopics().exists(topic)) {
                // deleted while the task ran: producing would block the stream thread and abort its transaction
                counters.increment("commands.topic_missing");
                String reason = "step-command topic " + topic + " does not exist any more; start a runner for namespace '"
                        + d.task().namespace() + "' (it creates the topic), then retry the task";
                log.warn("task {}: {}", d.task().taskId(), reason);
                Decision failed = engine.failTask(d.task(), TaskErrorCode.COMMAND_TOPIC_MISSING, reason, now);
                List<Decision.Event> events = new ArrayList<>(d.events());
                events.addAll(failed.events());
                d = new Decision(failed.task(), List.of(), events, d.timers(), null, d.releases());
                commands.clear();
            }
        }
        TaskRecord task = stores.spans().beforeWrite(before, d.task(), now);
        TaskData.write(stores.tasks(), stores.data(), before, task);
        stores.index().update(before, task);
        TimerStore timers = stores.timers();
        SettledTimers.cancel(timers, before, task, template, now);
        for (Decision.Timer timer : d.timers()) {
            timers.schedule(task.taskId(), timer);
        }
        if (stores.retentionMs() > 0 && Retention.justFinished(before, task)) {
            timers.schedule(task.taskId(), Retention.timer(task, stores.retentionMs()));
        }
        for (StepCommand command : commands) {
            // the runner's handler span is a child of the attempt's span (whose id it can derive from nothing else)
            String traceparent = stores.spans().stepTraceparent(task, command.getStepName(), command.getAttempt());
            ctx.forward(new Record<Object, Object>(task.taskId(), command, timestamp, traceHeaders(traceparent)),
                    TopologyNames.STEP_COMMANDS_SINK);
        }
        releaseDomainEvents(ctx, stores, task, d, now, timestamp, counters);
        emitEvents(ctx, stores, template, before, task, d, now, timestamp, counters);
        stores.metrics().record(task, d.events());
        counters.increment("steps.dispatched", commands.size());
        EagerCommit.maybeRequest(ctx, before, task, !commands.isEmpty(), now, timestamp);
    }

    /**
     * Durable system events become lifecycle records in the decision's transaction; telemetry-only ones go to the
     * telemetry sink, whose failure is counted and logged but never fails the record.
     */
    private static void emitEvents(ProcessorContext<Object, Object> ctx, Stores stores, TaskTemplate template, TaskRecord before,
                                   TaskRecord task, Decision d, long now, long timestamp, TopologyCounters counters) {
        TelemetryEvents telemetry = stores.telemetry();
        io.tasker.schemas.redaction.Redactor redactor = stores.redaction().forTemplate(template);
        java.util.Set<String> secrets = null;
        TaskSpans spans = stores.spans();
        boolean spansNeedSecrets = spans.on() && task.traceId() != null;
        for (Decision.Event event : d.events()) {
            if (secrets == null && (event.failure() != null || task.error() != null || spansNeedSecrets)) {
                // a handler's message may quote the context: mask the values of its sensitive fields there too
                secrets = contextSecrets(stores, task, template);
            }
            LifecycleEvents.Masking masking = new LifecycleEvents.Masking(redactor, secrets == null ? java.util.Set.of() : secrets);
            if (event.type().isPublished()) {
                ctx.forward(new Record<Object, Object>(task.taskId(), LifecycleEvents.toRecord(task, event, masking), timestamp,
                        traceHeaders(spans.eventTraceparent(task, event))), TopologyNames.LIFECYCLE_SINK);
                counters.increment(event.type().wireName());
                continue;
            }
            try {
                telemetry.emit(LifecycleEvents.toTelemetry(task, event, masking));
            } catch (RuntimeException e) {
                if (Containment.mustPropagate(e)) throw e;
                counters.increment("telemetry.failed");
                log.warn("task {}: the telemetry sink failed on {}: {}", task.taskId(), event.type().wireName(), e.toString());
            }
        }
        if (!spans.on() || task.traceId() == null) return;
        if (secrets == null) secrets = contextSecrets(stores, task, template);
        try {
            spans.record(before, task, d, new LifecycleEvents.Masking(redactor, secrets), now);
        } catch (RuntimeException e) {
            // telemetry never fails a record; the spans of this decision are lost, the task goes on
            if (Containment.mustPropagate(e)) throw e;
            counters.increment("telemetry.failed");
            log.warn("task {}: reporting its spans failed: {}", task.taskId(), e.toString());
        }
    }

    /** Headers carrying {@code traceparent}; empty (and shared by nothing) when it is null (tracing off). */
    private static org.apache.kafka.common.header.Headers traceHeaders(String traceparent) {
        org.apache.kafka.common.header.internals.RecordHeaders headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        return io.tasker.telemetry.TraceHeaders.put(headers, traceparent);
    }

    private static java.util.Set<String> contextSecrets(Stores stores, TaskRecord task, TaskTemplate template) {
        byte[] context = stores.data().get(TaskData.contextKey(task.taskId()));
        if (context == null) return java.util.Set.of();
        return stores.redaction().secretsOfContext(new String(context, java.nio.charset.StandardCharsets.UTF_8), template);
    }

    /**
     * The durable events of the attempts this decision records, in the same transaction as the state change: a
     * {@code read_committed} consumer sees them if and only if the attempt was recorded. A namespace whose events topic
     * is gone cannot take them: they are counted and logged as discarded rather than blocking the stream thread.
     */
    private static void releaseDomainEvents(ProcessorContext<Object, Object> ctx, Stores stores, TaskRecord task, Decision d,
                                            long now, long timestamp, TopologyCounters counters) {
        if (d.releases().isEmpty()) return;
        String topic = stores.topics().domainEvents(task.namespace());
        if (!stores.namespaceTopics().exists(topic)) {
            counters.increment("events.discarded.topic_missing", d.releases().size());
            log.error("task {}: {} domain events of a recorded attempt discarded: topic {} does not exist (a runner serving"
                    + " namespace '{}' creates it at start-up)", task.taskId(), d.releases().size(), topic, task.namespace());
            return;
        }
        for (Decision.Release r : d.releases()) {
            io.tasker.avro.DomainEvent event = AvroMapping.toDomainEvent(task, r, now);
            // a subscriber's span links to the attempt that published the event (the runner's handler span when the
            // result carried its traceparent)
            String traceparent = r.traceparent() != null && stores.spans().on() ? r.traceparent()
                    : stores.spans().stepTraceparent(task, r.stepName(), r.attempt());
            ctx.forward(new Record<Object, Object>(task.taskId(), event, timestamp,
                    io.tasker.telemetry.TraceHeaders.put(io.tasker.schemas.CloudEventHeaders.of(event), traceparent)),
                    TopologyNames.DOMAIN_EVENTS_SINK);
        }
        counters.increment("events.released", d.releases().size());
    }

    private static Decision withoutOversizedCommands(Decision d, TaskTemplate template, TaskEngine engine, long now,
                                                     List<StepCommand> out, TaskData.Reader stored, TopologyCounters counters) {
        while (true) {
            out.clear();
            Decision.Dispatch oversized = null;
            long size = 0;
            for (Decision.Dispatch dispatch : d.dispatches()) {
                StepCommand command = AvroMapping.toCommand(d.task(), dispatch, now, stored);
                size = AvroMapping.payloadBytes(command);
                if (size > TaskerLimits.STEP_COMMAND_MAX_BYTES) {
                    oversized = dispatch;
                    break;
                }
                out.add(command);
            }
            if (oversized == null) return d;
            counters.increment("commands.too_large");
            String message = "step command too large: context, dependency results and config of step " + oversized.stepName()
                    + " are " + size + " bytes; the limit is " + TaskerLimits.describe(TaskerLimits.STEP_COMMAND_MAX_BYTES);
            log.warn("task {}: {}", d.task().taskId(), message);
            StepResultIn failure = new StepResultIn(d.task().taskId(), oversized.stepName(), oversized.attempt(), false, null, message,
                    io.tasker.schemas.StepErrorClasses.COMMAND_TOO_LARGE, false, null, List.of(), null, now, now, now);
            Decision next = engine.onResult(d.task(), template, failure, now);
            if (next.dropped()) throw new IllegalStateException("could not fail oversized step " + oversized.stepName() + ": " + next.dropReason());
            d = d.followedBy(oversized, next);
        }
    }
}
