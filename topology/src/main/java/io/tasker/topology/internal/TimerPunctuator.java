package io.tasker.topology.internal;

import io.tasker.schemas.RejectReason;
import io.tasker.schemas.TaskLogContext;
import io.tasker.topology.TopologyCounters;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires due timers of one partition on wall-clock time: retries after backoff, step timeouts, task
 * deadlines, and the deletion of finished tasks after their retention. Each pass handles at most
 * {@link #MAX_PER_PASS} timers so a backlog cannot stall the stream thread; the rest fire on the next pass.
 *
 * <p>Containment: a timer whose firing throws (a bug, a template that no longer fits the task) is deleted, counted
 * and its task put in error; the next timer fires. While the schema registry is unreachable the pass stops and the
 * timers stay where they are for the next pass: an outage is never taken for a missing template. Kafka errors
 * propagate (the transaction aborts and nothing of the pass is lost).
 */
final class TimerPunctuator implements Punctuator {
    private static final Logger log = LoggerFactory.getLogger(TimerPunctuator.class);
    static final int MAX_PER_PASS = 500;

    private final ProcessorContext<Object, Object> ctx;
    private final ProcessorSupport.Stores stores;
    private final KeyValueStore<String, TaskRecord> tasks;
    private final TimerStore timers;
    private final ReadOnlyKeyValueStore<String, byte[]> templates;
    private final TemplateCatalog catalog;
    private final TaskEngine engine;
    private final TopologyCounters counters;

    TimerPunctuator(ProcessorContext<Object, Object> ctx, ProcessorSupport.Stores stores,
                    ReadOnlyKeyValueStore<String, byte[]> templates, TemplateCatalog catalog, TaskEngine engine,
                    TopologyCounters counters) {
        this.ctx = ctx;
        this.stores = stores;
        this.tasks = stores.tasks();
        this.timers = stores.timers();
        this.templates = templates;
        this.catalog = catalog;
        this.engine = engine;
        this.counters = counters;
    }

    @Override
    public void punctuate(long now) {
        for (TimerStore.Due due : timers.due(now, MAX_PER_PASS)) {
            // the correlation id joins when the task is loaded (ProcessorSupport.Stores#load)
            try (TaskLogContext ignored = TaskLogContext.open(due.taskId()).step(due.timer().stepName(), due.timer().attempt())) {
                if (!fireContained(due, now)) {
                    timers.dueAgain(); // the rest of this pass's timers are still due
                    return;
                }
            }
        }
    }

    /** Fires one timer; false when the pass must stop (registry unreachable) with this timer kept for later. */
    private boolean fireContained(TimerStore.Due due, long now) {
        TaskRecord task = stores.load(due.taskId());
        try {
            if (task != null && task.state() == io.tasker.topology.TaskState.IN_PROGRESS && due.timer().kind() != Decision.TimerKind.RETENTION) {
                // resolve before deleting the timer, so an unreachable registry leaves it in place
                TaskTemplates.of(catalog, templates, task);
            }
        } catch (RuntimeException e) {
            if (!Containment.isRegistryOutage(e)) throw e;
            counters.increment("timers.deferred.registry_unavailable");
            log.warn("schema registry unavailable; due timers wait for the next pass: {}", e.getMessage());
            return false;
        }
        timers.delete(due.key());
        try {
            fire(due, task, now);
        } catch (RuntimeException e) {
            if (Containment.mustPropagate(e)) throw e;
            counters.increment("timers.failed");
            log.error("timer {} of task {} failed; the task goes to error", due.timer().kind(), due.taskId(), e);
            failTask(task, TaskErrorCode.PROCESSING_FAILED, RejectReason.PROCESSING_FAILED.code() + ": " + Containment.describe(e), now);
        }
        return true;
    }

    private void fire(TimerStore.Due due, TaskRecord task, long now) {
        if (task == null) {
            counters.increment("timers.stale");
            return;
        }
        if (due.timer().kind() == Decision.TimerKind.RETENTION) {
            expire(task, now);
            return;
        }
        if (task.state() != io.tasker.topology.TaskState.IN_PROGRESS) {
            counters.increment("timers.stale"); // retries, timeouts and deadlines only matter to a running task
            return;
        }
        TaskTemplates.Lookup template = TaskTemplates.of(catalog, templates, task);
        if (!template.found()) {
            log.warn("timer {} of task {}: {}; the task goes to error", due.timer().kind(), task.taskId(), template.problem());
            counters.increment("timers.template_missing");
            failTask(task, TaskErrorCode.TEMPLATE_UNAVAILABLE, template.problem(), now);
            return;
        }
        Decision d = engine.onTimer(task, template.entry().template(), due.timer(), now);
        if (d.dropped()) {
            counters.increment("timers.stale");
            return;
        }
        counters.increment("timers.fired." + due.timer().kind().name().toLowerCase());
        ProcessorSupport.apply(ctx, stores, task, d, template.entry().template(), engine, now, now, counters);
    }

    private void expire(TaskRecord task, long now) {
        long retention = stores.retentionMs();
        if (!Retention.isFinished(task.state()) || retention <= 0) {
            counters.increment("timers.stale");
            return;
        }
        long dueAt = Retention.dueAt(task, retention);
        if (dueAt > now) {
            // retention was raised since the timer was set
            timers.schedule(task.taskId(), new Decision.Timer(dueAt, Decision.TimerKind.RETENTION, null, 0));
            return;
        }
        stores.delete(task);
        counters.increment("tasks.expired");
        log.debug("task {} ({}) deleted after its retention of {} ms", task.taskId(), task.state().wireName(), retention);
    }

    private void failTask(TaskRecord task, TaskErrorCode code, String reason, long now) {
        if (task == null) return;
        try {
            TaskRecord current = stores.load(task.taskId());
            if (current == null) return;
            Decision d = engine.failTask(current, code, reason, now);
            if (!d.dropped()) ProcessorSupport.apply(ctx, stores, current, d, now, now, counters);
        } catch (RuntimeException again) {
            if (Containment.mustPropagate(again)) throw again;
            counters.increment("timers.failed.task_not_updated");
            log.error("task {} could not be set to error after a timer failure", task.taskId(), again);
        }
    }
}
