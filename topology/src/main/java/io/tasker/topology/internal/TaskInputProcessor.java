package io.tasker.topology.internal;

import io.tasker.schemas.RejectReason;
import io.tasker.schemas.TaskLogContext;
import io.tasker.schemas.TaskerTopics;
import io.tasker.topology.TaskerTopology;
import io.tasker.topology.TopologyCounters;
import io.tasker.topology.TopologyNames;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * What the three task processors (requests, results, commands) share: the partition's stores, the template
 * catalog, the engine, decoding a value in the processor so a bad record is rejected with its source instead of
 * stopping the application, and containment: an unexpected exception while handling one record sends that record to
 * the rejected topic ({@code processing_failed}) and puts its task in error, and the stream thread goes on with the
 * next record. Only Kafka errors and a registry outage propagate (see {@link Containment}).
 */
abstract class TaskInputProcessor<T> implements Processor<byte[], byte[], Object, Object> {
    private static final Logger log = LoggerFactory.getLogger(TaskInputProcessor.class);
    private final Deserializer<T> deserializer;
    private final String what;
    protected final TemplateCatalog catalog;
    protected final TopologyCounters counters;
    protected final NamespaceTopics namespaceTopics;
    protected final TaskerTopics topics;
    protected final long retentionMs;
    protected final TaskEngine engine;
    protected final io.tasker.topology.TelemetryEvents telemetry;
    protected final TaskRedaction redaction;
    private final TopologyMetrics metrics;
    protected final TaskSpans spans;
    protected ProcessorContext<Object, Object> ctx;
    /** The log context of the record in hand: subclasses add what they learn by decoding it (step, attempt). */
    private TaskLogContext logContext;
    private final TimerHints timerHints;
    protected ProcessorSupport.Stores stores;
    protected KeyValueStore<String, TaskRecord> tasks;
    protected ReadOnlyKeyValueStore<String, byte[]> templates;

    /** @param what the record kind for error messages, e.g. "a step result" */
    TaskInputProcessor(Deserializer<T> deserializer, String what, TaskerTopology.Parts parts, TimerHints timerHints) {
        this.timerHints = timerHints;
        this.deserializer = deserializer;
        this.what = what;
        this.catalog = parts.catalog();
        this.counters = parts.counters();
        this.namespaceTopics = parts.namespaceTopics();
        this.topics = parts.topics();
        this.retentionMs = parts.retentionMs();
        this.engine = parts.engine();
        this.telemetry = parts.telemetry();
        this.redaction = parts.redaction();
        this.metrics = new TopologyMetrics(parts.taskerTelemetry());
        this.spans = TaskSpans.of(parts.taskerTelemetry());
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.ctx = context;
        TimerHints.Hint hint = timerHints.of(context.taskId());
        // (re)initialised: the store may have been restored or rolled back since the hint was last right
        hint.unknown();
        this.stores = ProcessorSupport.Stores.of(context, hint, retentionMs, namespaceTopics, topics, telemetry, redaction, metrics, spans);
        this.tasks = stores.tasks();
        this.templates = context.getStateStore(TopologyNames.TEMPLATES_STORE);
        stores.index().templateCounts().fillIfNew(tasks);
    }

    @Override
    public final void process(Record<byte[], byte[]> in) {
        String taskId = in.key() == null ? null : new String(in.key(), StandardCharsets.UTF_8);
        // every line logged while handling this record carries the task's ids (see LogKeys)
        try (TaskLogContext logContext = TaskLogContext.open(taskId)) {
            this.logContext = logContext;
            try {
                handle(in);
            } catch (RuntimeException e) {
                if (Containment.mustPropagate(e)) throw e;
                contain(in, taskId, e);
            }
        }
    }

    /** The MDC of the record being handled (the correlation id is added when the task is loaded, see {@link ProcessorSupport.Stores#load}). */
    protected TaskLogContext logContext() {
        return logContext;
    }

    /** Handles one input record; may throw, see the class comment. */
    protected abstract void handle(Record<byte[], byte[]> in);

    /** Called when handling a record failed and was contained: count what the record carried that is now lost. */
    protected void contained() {
    }

    private void contain(Record<byte[], byte[]> in, String taskId, RuntimeException e) {
        String where = ProcessorSupport.where(ctx);
        counters.increment("processing.failed");
        contained();
        log.error("processing {} from {} failed; the record goes to the rejected topic and task {} to error", what, where, taskId, e);
        Rejection.reject(redaction.base(), ctx, in, RejectReason.PROCESSING_FAILED, Containment.describe(e), e, counters);
        if (taskId == null) return;
        try {
            TaskRecord task = stores.load(taskId);
            if (task == null) return;
            failTask(task, TaskErrorCode.PROCESSING_FAILED, RejectReason.PROCESSING_FAILED.code() + ": " + Containment.describe(e), ctx.currentSystemTimeMs());
        } catch (RuntimeException again) {
            if (Containment.mustPropagate(again)) throw again;
            counters.increment("processing.failed.task_not_updated");
            log.error("task {} could not be set to error after a processing failure ({})", taskId, where, again);
        }
    }

    protected void registryRetried() {
        counters.increment("registry.retried");
    }

    /** The task's template (the registry is retried briefly in place, see {@link RegistryRetry}). */
    protected TaskTemplates.Lookup templateOf(TaskRecord task) {
        return RegistryRetry.call(() -> TaskTemplates.of(catalog, templates, task), this::registryRetried);
    }

    /** Puts the task in error for {@code reason} (no-op when it is finished or in error already). */
    protected void failTask(TaskRecord task, TaskErrorCode code, String reason, long now) {
        Decision d = engine.failTask(task, code, reason, now);
        if (!d.dropped()) ProcessorSupport.apply(ctx, stores, task, d, now, now, counters);
    }

    /** The decoded value, or null after the record was sent to the rejected topic. A registry outage is rethrown. */
    protected T decode(Record<byte[], byte[]> in) {
        T value;
        try {
            String topic = ctx.recordMetadata().map(m -> m.topic()).orElse("");
            value = RegistryRetry.call(() -> deserializer.deserialize(topic, in.headers(), in.value()), this::registryRetried);
        } catch (SerializationException e) {
            Rejection.rethrowIfTransient(e);
            Rejection.reject(redaction.base(), ctx, in, RejectReason.DESERIALIZATION_FAILED, e.getMessage(), e, counters);
            return null;
        }
        if (value == null) {
            Rejection.reject(redaction.base(), ctx, in, RejectReason.NULL_VALUE, what + " must have a value", null, counters);
        }
        return value;
    }
}
