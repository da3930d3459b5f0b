package io.tasker.runner.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.tasker.runner.StepOutcome;
import io.tasker.schemas.RejectReason;
import io.tasker.telemetry.MetricValues;
import io.tasker.telemetry.TaskerTelemetry;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The runner's metrics, updated by every runner thread: OpenTelemetry instruments of the process's
 * {@link TaskerTelemetry} (exported by OTLP and served at {@code GET /metrics}), read back through its on-demand reader
 * for {@code GET /v1/stats} and {@link io.tasker.runner.StepRunner}'s getters, so there is one set of counters.
 * Thread-safe.
 */
final class RunnerMetrics {
    /** Handler executions that returned in time, by namespace, step and {@code outcome} (success, failure). */
    static final String EXECUTIONS = "tasker.runner.executions.total";
    /** Handler executions that returned a failure (or threw), by namespace, step and {@code error_type}. */
    static final String FAILURES = "tasker.runner.failures.total";
    /** How long a handler ran, seconds, by namespace, step and outcome. */
    static final String DURATION = "tasker.runner.execution.duration";
    /** The runner's operational counts by {@code name} (the keys of {@code GET /v1/stats}). */
    static final String COUNTS = "tasker.runner.counts";
    /** Commands sent to the rejected topic, by {@code reason}. */
    static final String REJECTED = "tasker.runner.rejected.total";
    static final String STUCK_HANDLERS = "tasker.runner.stuck_handlers";
    /** Commands polled and not yet acknowledged (running, or waiting for a worker or for their result's ack). */
    static final String IN_FLIGHT = "tasker.runner.in_flight";

    static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("namespace");
    static final AttributeKey<String> STEP_NAME = AttributeKey.stringKey("step_name");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error_type");
    static final AttributeKey<String> NAME = AttributeKey.stringKey("name");
    static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");

    // names of COUNTS
    static final String STEPS_EXECUTED = "steps_executed";
    static final String DEAD_ENDS = "dead_ends";
    static final String TIMEOUTS = "timeouts";
    static final String RESULTS_TOO_LARGE = "results_too_large";
    static final String LATE_OUTCOMES_DISCARDED = "late_outcomes_discarded";
    static final String REBALANCES = "rebalances";
    static final String DURABLE_EVENTS = "events_published_durable";
    static final String FIRE_AND_FORGET_EVENTS = "events_published_fire_and_forget";
    static final String FIRE_AND_FORGET_SEND_FAILURES = "events_fire_and_forget_send_failures";
    static final String DECLARATIVE_SKIPPED = "events_declarative_skipped_unknown_template";
    static final String CONTRACT_VIOLATIONS = "events_contract_violations";
    static final String IN_PROGRESS_REPORTS = "in_progress_reports";
    static final String IN_PROGRESS_REPORT_FAILURES = "in_progress_report_failures";
    /** Every name of {@link #COUNTS}, in the order {@code GET /v1/stats} lists them. */
    static final List<String> COUNT_NAMES = List.of(STEPS_EXECUTED, DEAD_ENDS, TIMEOUTS, RESULTS_TOO_LARGE,
            LATE_OUTCOMES_DISCARDED, REBALANCES, DURABLE_EVENTS, FIRE_AND_FORGET_EVENTS, FIRE_AND_FORGET_SEND_FAILURES,
            DECLARATIVE_SKIPPED, CONTRACT_VIOLATIONS, IN_PROGRESS_REPORTS, IN_PROGRESS_REPORT_FAILURES);

    /** Seconds: from 5 ms to 15 minutes (handlers may run long). */
    private static final List<Double> SECONDS_BUCKETS = List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75,
            1.0, 2.5, 5.0, 7.5, 10.0, 30.0, 60.0, 300.0, 900.0);

    private final TaskerTelemetry telemetry;
    private final LongCounter executions;
    private final LongCounter failures;
    private final DoubleHistogram duration;
    private final LongCounter counts;
    private final LongCounter rejected;
    private final LongUpDownCounter stuckHandlers;
    private final Map<String, Attributes> countAttributes = new java.util.HashMap<>();
    private final Map<RejectReason, Attributes> reasonAttributes = new EnumMap<>(RejectReason.class);

    /** Metrics of their own process telemetry: nothing exported, readable in-process (tests). */
    RunnerMetrics() {
        this(TaskerTelemetry.off("tasker-runner"));
    }

    RunnerMetrics(TaskerTelemetry telemetry) {
        this.telemetry = telemetry;
        Meter m = telemetry.meter();
        executions = m.counterBuilder(EXECUTIONS).setUnit("{execution}")
                .setDescription("Handler executions that returned in time, by outcome").build();
        failures = m.counterBuilder(FAILURES).setUnit("{execution}")
                .setDescription("Handler executions that failed, by the exception class").build();
        duration = m.histogramBuilder(DURATION).setUnit("s").setExplicitBucketBoundariesAdvice(SECONDS_BUCKETS)
                .setDescription("How long a handler ran, until it returned in time").build();
        counts = m.counterBuilder(COUNTS).setUnit("{event}")
                .setDescription("Operational counts of the runner by name (the counters of GET /v1/stats)").build();
        rejected = m.counterBuilder(REJECTED).setUnit("{command}")
                .setDescription("Step commands sent to the rejected topic, by reason").build();
        stuckHandlers = m.upDownCounterBuilder(STUCK_HANDLERS).setUnit("{handler}")
                .setDescription("Handlers still running after being interrupted at their step's timeout").build();
        // every name and reason present from the start: a scrape shows 0 rather than nothing
        for (String name : COUNT_NAMES) {
            Attributes a = Attributes.of(NAME, name);
            countAttributes.put(name, a);
            counts.add(0, a);
        }
        for (RejectReason r : RejectReason.values()) {
            Attributes a = Attributes.of(REASON, r.code());
            reasonAttributes.put(r, a);
            rejected.add(0, a);
        }
        stuckHandlers.add(0);
    }

    TaskerTelemetry telemetry() {
        return telemetry;
    }

    private void count(String name, long n) {
        counts.add(n, countAttributes.get(name));
    }

    /** Reports {@link #IN_FLIGHT} from {@code count} at each collection until the returned handle is closed. */
    AutoCloseable observeInFlight(java.util.function.IntSupplier count) {
        return telemetry.meter().gaugeBuilder(IN_FLIGHT).ofLongs().setUnit("{command}")
                .setDescription("Step commands polled and not yet acknowledged")
                .buildWithCallback(m -> m.record(count.getAsInt()));
    }

    /** A handler returned {@code outcome} in time after running {@code ran}. Worker thread. */
    void handlerReturned(String namespace, String stepName, StepOutcome outcome, Duration ran) {
        boolean failed = outcome instanceof StepOutcome.Failure;
        Attributes a = Attributes.of(NAMESPACE, namespace, STEP_NAME, stepName, OUTCOME, failed ? "failure" : "success");
        executions.add(1, a);
        duration.record(Math.max(0, ran.toNanos()) / 1e9, a);
        if (outcome instanceof StepOutcome.Failure f) {
            failures.add(1, Attributes.of(NAMESPACE, namespace, STEP_NAME, stepName, ERROR_TYPE,
                    f.exceptionClass() == null ? "unknown" : f.exceptionClass()));
        }
    }

    /** A step result for an attempt whose handler ran was acknowledged. */
    void stepExecuted() {
        count(STEPS_EXECUTED, 1);
    }

    void rejected(RejectReason reason) {
        rejected.add(1, reasonAttributes.get(reason));
    }

    /** A command that could not run got a permanent failure result (besides its rejected copy). */
    void deadEnd() {
        count(DEAD_ENDS, 1);
    }

    void timedOut() {
        count(TIMEOUTS, 1);
    }

    void stuckHandlerAdded() {
        stuckHandlers.add(1);
    }

    void stuckHandlerReturned() {
        stuckHandlers.add(-1);
    }

    void resultTooLarge() {
        count(RESULTS_TOO_LARGE, 1);
    }

    void lateOutcomeDiscarded() {
        count(LATE_OUTCOMES_DISCARDED, 1);
    }

    void rebalanced() {
        count(REBALANCES, 1);
    }

    /** A result carrying {@code n} durable events was acknowledged. */
    void durableEventsPublished(int n) {
        count(DURABLE_EVENTS, n);
    }

    /** A fire-and-forget event was acknowledged. */
    void fireAndForgetPublished() {
        count(FIRE_AND_FORGET_EVENTS, 1);
    }

    void fireAndForgetSendFailed() {
        count(FIRE_AND_FORGET_SEND_FAILURES, 1);
    }

    /** An attempt's declarative events were skipped: the runner does not know its template. */
    void declarativeSkippedUnknownTemplate() {
        count(DECLARATIVE_SKIPPED, 1);
    }

    /** A {@code publish} was refused, or declarative payloads broke their contract. */
    void eventContractViolations(int n) {
        count(CONTRACT_VIOLATIONS, n);
    }

    /** A long attempt's in-progress report was acknowledged. */
    void inProgressReported() {
        count(IN_PROGRESS_REPORTS, 1);
    }

    void inProgressReportFailed() {
        count(IN_PROGRESS_REPORT_FAILURES, 1);
    }

    /** One collection of the runner's instruments, for an answer that reads several values. */
    Snapshot snapshot() {
        return new Snapshot(telemetry.stats().collect());
    }

    /** The values of one collection. */
    record Snapshot(MetricValues values) {
        long count(String name) {
            return values.longValue(COUNTS, Attributes.of(NAME, name));
        }

        long rejectedTotal() {
            return values.longTotal(REJECTED);
        }

        /** Rejections by reason, every reason listed (zero included); unmodifiable. */
        Map<RejectReason, Long> rejectedByReason() {
            Map<RejectReason, Long> out = new EnumMap<>(RejectReason.class);
            for (RejectReason r : RejectReason.values()) {
                out.put(r, values.longValue(REJECTED, Attributes.of(REASON, r.code())));
            }
            return Collections.unmodifiableMap(out);
        }

        int stuckHandlers() {
            return (int) values.longTotal(STUCK_HANDLERS);
        }
    }

    long inProgressReports() {
        return snapshot().count(IN_PROGRESS_REPORTS);
    }

    long inProgressReportFailures() {
        return snapshot().count(IN_PROGRESS_REPORT_FAILURES);
    }

    long stepsExecuted() {
        return snapshot().count(STEPS_EXECUTED);
    }

    long rejectedTotal() {
        return snapshot().rejectedTotal();
    }

    Map<RejectReason, Long> rejectedByReason() {
        return snapshot().rejectedByReason();
    }

    long deadEnds() {
        return snapshot().count(DEAD_ENDS);
    }

    long timeouts() {
        return snapshot().count(TIMEOUTS);
    }

    int stuckHandlers() {
        return snapshot().stuckHandlers();
    }

    long resultsTooLarge() {
        return snapshot().count(RESULTS_TOO_LARGE);
    }

    long lateOutcomesDiscarded() {
        return snapshot().count(LATE_OUTCOMES_DISCARDED);
    }

    long rebalances() {
        return snapshot().count(REBALANCES);
    }

    long durableEventsPublished() {
        return snapshot().count(DURABLE_EVENTS);
    }

    long fireAndForgetEventsPublished() {
        return snapshot().count(FIRE_AND_FORGET_EVENTS);
    }

    long fireAndForgetSendFailures() {
        return snapshot().count(FIRE_AND_FORGET_SEND_FAILURES);
    }

    long declarativeEventsSkipped() {
        return snapshot().count(DECLARATIVE_SKIPPED);
    }

    long eventContractViolations() {
        return snapshot().count(CONTRACT_VIOLATIONS);
    }
}
