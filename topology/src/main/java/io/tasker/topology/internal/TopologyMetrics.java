package io.tasker.topology.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.tasker.telemetry.TaskerTelemetry;

import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.tasker.topology.TopologyNames;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The workflow metrics of the topology, counted at one place: the system events of each decision as it is written
 * ({@link ProcessorSupport}), the same facts the lifecycle topic and the telemetry sink get. Names and attributes are
 * the constants below. Durations are in seconds (OpenTelemetry semantic conventions), as double histograms.
 *
 * <p>Telemetry, not exactly-once: a record processed again after a rebalance or crash reports again. Thread-safe; one
 * per processor is fine (the SDK gives every holder of the same instrument name the same instrument).
 */
public final class TopologyMetrics {
    public static final String TASK_REQUESTS = "tasker.tasks.requests.total";
    public static final String TASK_COMPLETIONS = "tasker.tasks.completions.total";
    public static final String TASK_FAILURES = "tasker.tasks.failures.total";
    public static final String STEP_COMPLETIONS = "tasker.steps.completions.total";
    public static final String STEP_FAILURES = "tasker.steps.failures.total";
    public static final String TASK_DURATION = "tasker.tasks.duration";
    public static final String STEP_EXECUTION = "tasker.steps.execution.duration";
    public static final String STEP_QUEUE = "tasker.steps.queue.duration";
    public static final String STEP_HOP = "tasker.steps.hop.duration";
    public static final String TASKS_WAITING = "tasker.tasks.waiting";
    public static final String TASKS_BLOCKED = "tasker.tasks.blocked";
    public static final String STEPS_READY = "tasker.steps.ready";

    public static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("namespace");
    public static final AttributeKey<String> STEP_NAME = AttributeKey.stringKey("step_name");
    public static final AttributeKey<String> ERROR_CODE = AttributeKey.stringKey("error_code");
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error_type");
    /** The end state of a task ({@code complete}, {@code error}, ...) or the outcome of an attempt ({@code success}, {@code failure}). */
    public static final AttributeKey<String> STATE = AttributeKey.stringKey("state");
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");

    /** Seconds: from 5 ms (a hop between steps) to an hour (a long task). */
    static final List<Double> SECONDS_BUCKETS = List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0,
            2.5, 5.0, 7.5, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0);

    private final MetricAttributes attributes = new MetricAttributes(NAMESPACE);
    private final LongCounter taskRequests;
    private final LongCounter taskCompletions;
    private final LongCounter taskFailures;
    private final LongCounter stepCompletions;
    private final LongCounter stepFailures;
    private final DoubleHistogram taskDuration;
    private final DoubleHistogram stepExecution;
    private final DoubleHistogram stepQueue;
    private final DoubleHistogram stepHop;

    public TopologyMetrics(TaskerTelemetry telemetry) {
        Meter m = telemetry.meter();
        taskRequests = m.counterBuilder(TASK_REQUESTS).setUnit("{task}")
                .setDescription("Tasks accepted (a valid request created the task)").build();
        taskCompletions = m.counterBuilder(TASK_COMPLETIONS).setUnit("{task}")
                .setDescription("Tasks completed: every step done by its handler").build();
        taskFailures = m.counterBuilder(TASK_FAILURES).setUnit("{task}")
                .setDescription("Tasks that went to error, by why (an operator retry that fails again counts again)").build();
        stepCompletions = m.counterBuilder(STEP_COMPLETIONS).setUnit("{step}")
                .setDescription("Steps completed (by a handler or an operator)").build();
        stepFailures = m.counterBuilder(STEP_FAILURES).setUnit("{attempt}")
                .setDescription("Failed step attempts (retried or not), by the handler's exception class").build();
        taskDuration = seconds(m, TASK_DURATION, "Task duration: from the request to its end state");
        stepExecution = seconds(m, STEP_EXECUTION, "Step attempt execution: from the runner's start to its result (runner clock)");
        stepQueue = seconds(m, STEP_QUEUE, "Step attempt queue time: from dispatch to the runner's start");
        stepHop = seconds(m, STEP_HOP, "Hop latency: from a step's result (its runner's finish) to the dispatch of the steps it unblocked");
    }

    /**
     * Registers the gauges {@value #TASKS_WAITING}, {@value #TASKS_BLOCKED} and {@value #STEPS_READY} of this
     * instance's partitions, read when a reader collects from the counts the topology keeps in its state store (see
     * {@link TaskIndex}); once per process. {@code localCounts} returns the counts store's entries summed over the
     * partitions this instance owns, or null while the stores are not queryable (nothing is reported then).
     *
     * @return closing it unregisters the gauges
     */
    public static AutoCloseable observe(TaskerTelemetry telemetry, Supplier<Map<String, Long>> localCounts) {
        Meter m = telemetry.meter();
        ObservableLongMeasurement waiting = m.gaugeBuilder(TASKS_WAITING).ofLongs().setUnit("{task}")
                .setDescription("Running tasks with no attempt at a runner: their unfinished steps wait for a retry's backoff")
                .buildObserver();
        ObservableLongMeasurement blocked = m.gaugeBuilder(TASKS_BLOCKED).ofLongs().setUnit("{task}")
                .setDescription("Tasks in error: blocked by a failed step (or their deadline, ...) until an operator retries, resolves or cancels")
                .buildObserver();
        ObservableLongMeasurement ready = m.gaugeBuilder(STEPS_READY).ofLongs().setUnit("{step}")
                .setDescription("Steps whose dependencies are done, dispatched to their step-command topic and not yet started by a runner")
                .buildObserver();
        return m.batchCallback(() -> {
            Map<String, Long> counts = localCounts.get();
            if (counts == null) return;
            // never below 0: counts of tasks already running when this count was introduced were never added
            waiting.record(Math.max(0, counts.getOrDefault(TaskIndex.TASKS_WAITING, 0L)));
            blocked.record(Math.max(0, counts.getOrDefault(io.tasker.topology.TaskState.ERROR.wireName(), 0L)));
            ready.record(Math.max(0, counts.getOrDefault(TaskIndex.STEPS_READY, 0L)));
        }, waiting, blocked, ready);
    }

    /** {@link #observe(TaskerTelemetry, Supplier)} over the counts stores of a running instance's partitions. */
    public static AutoCloseable observe(TaskerTelemetry telemetry, KafkaStreams streams) {
        return observe(telemetry, () -> {
            Map<String, Long> out = new HashMap<>();
            try {
                streams.metadataForLocalThreads().forEach(thread -> thread.activeTasks().forEach(task -> {
                    ReadOnlyKeyValueStore<String, Long> store = streams.store(StoreQueryParameters.fromNameAndType(
                            TopologyNames.TASK_COUNTS_STORE, QueryableStoreTypes.<String, Long>keyValueStore())
                            .withPartition(task.taskId().partition()));
                    try (KeyValueIterator<String, Long> it = store.all()) {
                        it.forEachRemaining(kv -> out.merge(kv.key, kv.value, Long::sum));
                    }
                }));
            } catch (InvalidStateStoreException e) {
                return null; // restoring or rebalancing: report nothing rather than a partial count
            }
            return out;
        });
    }

    private static DoubleHistogram seconds(Meter m, String name, String description) {
        return m.histogramBuilder(name).setUnit("s").setDescription(description)
                .setExplicitBucketBoundariesAdvice(SECONDS_BUCKETS).build();
    }

    /** Counts the events of one decision about {@code task} (as the decision leaves it). */
    void record(TaskRecord task, List<Decision.Event> events) {
        long resultFinishedAt = Long.MIN_VALUE; // the latest runner finish of a success this decision records
        for (Decision.Event e : events) {
            switch (e.type()) {
                case TASK_INITIALIZE_REQUESTED -> taskRequests.add(1, attributes.of(task.namespace()));
                case TASK_COMPLETED -> {
                    taskCompletions.add(1, attributes.of(task.namespace()));
                    taskEnded(task, e, "complete");
                }
                case TASK_RESOLVED_MANUALLY -> taskEnded(task, e, "resolved_manually");
                case TASK_CANCELLED -> taskEnded(task, e, "cancelled");
                case TASK_FAILED -> {
                    TaskErrorCode code = e.task() == null ? null : e.task().errorCode();
                    taskFailures.add(1, attributes.of(task.namespace(),
                            ERROR_CODE, code == null ? "unknown" : code.code()));
                    taskEnded(task, e, "error");
                }
                case STEP_STARTED -> queued(task, e);
                case STEP_COMPLETED -> {
                    stepCompletions.add(1, step(task, e));
                    if (!e.completedManually()) {
                        executed(task, e, "success");
                        if (e.times() != null && e.times().completedAt() != null) {
                            resultFinishedAt = Math.max(resultFinishedAt, e.times().completedAt());
                        }
                    }
                }
                case STEP_FAILED -> {
                    String type = e.failure() == null || e.failure().exceptionClass() == null ? "unknown" : e.failure().exceptionClass();
                    stepFailures.add(1, attributes.of(task.namespace(), STEP_NAME, e.step().name(), ERROR_TYPE, type));
                    executed(task, e, "failure");
                }
                case STEP_ENQUEUED -> {
                    // a first attempt dispatched in the decision that recorded a success: the step it waited for
                    if (resultFinishedAt != Long.MIN_VALUE && e.step().attempt() == 1) {
                        stepHop.record(secondsBetween(resultFinishedAt, e.occurredAt()), step(task, e));
                    }
                }
                default -> {
                }
            }
        }
    }

    private void taskEnded(TaskRecord task, Decision.Event e, String state) {
        taskDuration.record(secondsBetween(task.createdAt(), e.occurredAt()),
                attributes.of(task.namespace(), STATE, state));
    }

    private void executed(TaskRecord task, Decision.Event e, String outcome) {
        Decision.Times t = e.times();
        if (t == null || t.startedAt() <= 0 || t.completedAt() == null) return; // no runner ran it (e.g. never started)
        stepExecution.record(secondsBetween(t.startedAt(), t.completedAt()),
                attributes.of(task.namespace(), STEP_NAME, e.step().name(), OUTCOME, outcome));
    }

    private void queued(TaskRecord task, Decision.Event e) {
        Decision.StepFacts facts = e.step();
        StepRecord step = task.step(facts.name()).orElse(null);
        if (step == null || e.times() == null) return;
        for (AttemptRecord a : step.attempts()) {
            if (a.attempt() == facts.attempt() && a.dispatchedAt() > 0) {
                stepQueue.record(secondsBetween(a.dispatchedAt(), e.times().startedAt()), step(task, e));
                return;
            }
        }
    }

    private Attributes step(TaskRecord task, Decision.Event e) {
        return attributes.of(task.namespace(), STEP_NAME, e.step().name());
    }

    /** Never negative: runner and topology clocks may disagree by a little. */
    private static double secondsBetween(long fromMs, long toMs) {
        return Math.max(0, toMs - fromMs) / 1000.0;
    }

}
