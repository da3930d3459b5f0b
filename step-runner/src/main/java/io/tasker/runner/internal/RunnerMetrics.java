package io.tasker.runner.internal;

import io.tasker.schemas.RejectReason;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The runner's counters, updated by every runner thread. Thread-safe. */
final class RunnerMetrics {
    private final AtomicLong stepsExecuted = new AtomicLong();
    private final Map<RejectReason, AtomicLong> rejected = new EnumMap<>(RejectReason.class);
    private final AtomicLong deadEnds = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicInteger stuckHandlers = new AtomicInteger();
    private final AtomicLong resultsTooLarge = new AtomicLong();
    private final AtomicLong lateOutcomesDiscarded = new AtomicLong();
    private final AtomicLong rebalances = new AtomicLong();
    private final AtomicLong durableEvents = new AtomicLong();
    private final AtomicLong fireAndForgetEvents = new AtomicLong();
    private final AtomicLong fireAndForgetSendFailures = new AtomicLong();
    private final AtomicLong declarativeSkipped = new AtomicLong();
    private final AtomicLong contractViolations = new AtomicLong();
    private final AtomicLong inProgressReports = new AtomicLong();
    private final AtomicLong inProgressReportFailures = new AtomicLong();

    RunnerMetrics() {
        for (RejectReason r : RejectReason.values()) {
            rejected.put(r, new AtomicLong());
        }
    }

    /** A step result for an attempt whose handler ran was acknowledged. */
    void stepExecuted() {
        stepsExecuted.incrementAndGet();
    }

    void rejected(RejectReason reason) {
        rejected.get(reason).incrementAndGet();
    }

    /** A command that could not run got a permanent failure result (besides its rejected copy). */
    void deadEnd() {
        deadEnds.incrementAndGet();
    }

    void timedOut() {
        timeouts.incrementAndGet();
    }

    void stuckHandlerAdded() {
        stuckHandlers.incrementAndGet();
    }

    void stuckHandlerReturned() {
        stuckHandlers.decrementAndGet();
    }

    void resultTooLarge() {
        resultsTooLarge.incrementAndGet();
    }

    void lateOutcomeDiscarded() {
        lateOutcomesDiscarded.incrementAndGet();
    }

    void rebalanced() {
        rebalances.incrementAndGet();
    }

    /** A result carrying {@code n} durable events was acknowledged. */
    void durableEventsPublished(int n) {
        durableEvents.addAndGet(n);
    }

    /** A fire-and-forget event was acknowledged. */
    void fireAndForgetPublished() {
        fireAndForgetEvents.incrementAndGet();
    }

    void fireAndForgetSendFailed() {
        fireAndForgetSendFailures.incrementAndGet();
    }

    /** An attempt's declarative events were skipped: the runner does not know its template. */
    void declarativeSkippedUnknownTemplate() {
        declarativeSkipped.incrementAndGet();
    }

    /** A {@code publish} was refused, or declarative payloads broke their contract. */
    void eventContractViolations(int n) {
        contractViolations.addAndGet(n);
    }

    /** A long attempt's in-progress report was acknowledged. */
    void inProgressReported() {
        inProgressReports.incrementAndGet();
    }

    void inProgressReportFailed() {
        inProgressReportFailures.incrementAndGet();
    }

    long inProgressReports() {
        return inProgressReports.get();
    }

    long inProgressReportFailures() {
        return inProgressReportFailures.get();
    }

    long stepsExecuted() {
        return stepsExecuted.get();
    }

    long rejectedTotal() {
        return rejected.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Rejections by reason, every reason listed (zero included); unmodifiable snapshot. */
    Map<RejectReason, Long> rejectedByReason() {
        Map<RejectReason, Long> out = new EnumMap<>(RejectReason.class);
        rejected.forEach((r, n) -> out.put(r, n.get()));
        return Collections.unmodifiableMap(out);
    }

    long deadEnds() {
        return deadEnds.get();
    }

    long timeouts() {
        return timeouts.get();
    }

    int stuckHandlers() {
        return stuckHandlers.get();
    }

    long resultsTooLarge() {
        return resultsTooLarge.get();
    }

    long lateOutcomesDiscarded() {
        return lateOutcomesDiscarded.get();
    }

    long rebalances() {
        return rebalances.get();
    }

    long durableEventsPublished() {
        return durableEvents.get();
    }

    long fireAndForgetEventsPublished() {
        return fireAndForgetEvents.get();
    }

    long fireAndForgetSendFailures() {
        return fireAndForgetSendFailures.get();
    }

    long declarativeEventsSkipped() {
        return declarativeSkipped.get();
    }

    long eventContractViolations() {
        return contractViolations.get();
    }
}
