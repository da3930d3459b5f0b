package io.tasker.topology.internal;

import io.tasker.topology.TopologyCounters;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.Optional;

/**
 * Fires due timers of one partition on wall-clock time: retries after backoff, step timeouts, task
 * deadlines. Each pass handles at most {@link #MAX_PER_PASS} timers so a backlog cannot stall the stream
 * thread; the rest fire on the next pass.
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
            timers.delete(due.key());
            MDC.put("task_id", due.taskId());
            try {
                fire(due, now);
            } finally {
                MDC.remove("task_id");
            }
        }
    }

    private void fire(TimerStore.Due due, long now) {
        TaskRecord task = tasks.get(due.taskId());
        if (task == null) {
            counters.increment("timers.stale");
            return;
        }
        Optional<TemplateCatalog.Entry> entry = catalog.find(templates, task.namespace(), task.templateName(), task.templateVersion());
        if (entry.isEmpty()) {
            log.warn("timer {} of task {} dropped: template {} is gone", due.timer().kind(), task.taskId(), task.templateKey());
            counters.increment("timers.template_missing");
            return;
        }
        Decision d = engine.onTimer(task, entry.get().template(), due.timer(), now);
        if (d.dropped()) {
            counters.increment("timers.stale");
            return;
        }
        counters.increment("timers.fired." + due.timer().kind().name().toLowerCase());
        ProcessorSupport.apply(ctx, stores, task, d, now, now, counters);
    }
}
