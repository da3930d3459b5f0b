package io.tasker.runner.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the runner reports about itself: why it is unhealthy (for {@code isHealthy()} and {@code GET /health}) and its
 * counters as JSON (for {@code GET /v1/stats}). Thread-safe.
 */
final class RunnerStatus {
    enum Phase { NOT_STARTED, STARTING, FAILED_TO_START, STARTED, CLOSED }

    private final String runnerId;
    private final long stuckHandlerGraceMs;
    private final RunnerState state;
    private final RunnerMetrics metrics;
    private final InFlightCommands inFlight;
    private volatile Phase phase = Phase.NOT_STARTED;
    private volatile Thread pollThread;
    private volatile WorkerPool workers;
    private volatile Set<String> namespaces = Set.of();
    private volatile Throwable startFailure;

    RunnerStatus(String runnerId, long stuckHandlerGraceMs, RunnerState state, RunnerMetrics metrics,
            InFlightCommands inFlight) {
        this.runnerId = runnerId;
        this.stuckHandlerGraceMs = stuckHandlerGraceMs;
        this.state = state;
        this.metrics = metrics;
        this.inFlight = inFlight;
    }

    void starting(Set<String> namespaces) {
        this.namespaces = Set.copyOf(namespaces);
        phase = Phase.STARTING;
    }

    void started(Thread pollThread, WorkerPool workers) {
        this.pollThread = pollThread;
        this.workers = workers;
        phase = Phase.STARTED;
    }

    void failedToStart(Throwable e) {
        startFailure = e;
        phase = Phase.FAILED_TO_START;
    }

    void closed() {
        phase = Phase.CLOSED;
    }

    Set<String> namespaces() {
        return namespaces;
    }

    /** Why the runner is not healthy; empty when it is. */
    List<String> problems() {
        List<String> out = new ArrayList<>();
        Thread t = pollThread;
        switch (phase) {
            case NOT_STARTED -> out.add("not started");
            case STARTING -> out.add("starting");
            case FAILED_TO_START -> out.add("failed to start: " + startFailure);
            case CLOSED -> out.add("stopped");
            case STARTED -> {
                if (state.failure().isPresent()) {
                    out.add("stopped after a fatal error: " + state.failure().get());
                } else if (!state.isRunning() || t == null || !t.isAlive()) {
                    out.add("not polling");
                }
            }
        }
        int stuck = metrics.stuckHandlers();
        if (stuck > 0) {
            out.add(stuck + " stuck handler" + (stuck == 1 ? "" : "s") + ": still running " + stuckHandlerGraceMs
                    + " ms after being interrupted at their step's timeout");
        }
        return out;
    }

    /** The fields of {@code GET /health} besides status and reasons. */
    ObjectNode healthDetails() {
        ObjectNode n = JsonSupport.MAPPER.createObjectNode();
        n.put("runner_id", runnerId);
        namespaces.forEach(n.putArray("namespaces")::add);
        n.put("stuck_handlers", metrics.stuckHandlers());
        n.put("in_flight", inFlight.count());
        return n;
    }

    /** The body of {@code GET /v1/stats}: one collection of the runner's instruments. */
    ObjectNode metricsJson() {
        RunnerMetrics.Snapshot m = metrics.snapshot();
        ObjectNode n = JsonSupport.MAPPER.createObjectNode();
        n.put("runner_id", runnerId);
        n.put("steps_executed", m.count(RunnerMetrics.STEPS_EXECUTED));
        n.put("rejected_total", m.rejectedTotal());
        ObjectNode rejected = n.putObject("rejected");
        m.rejectedByReason().forEach((r, c) -> {
            if (c > 0) {
                rejected.put(r.code(), c);
            }
        });
        for (String name : RunnerMetrics.COUNT_NAMES) {
            if (!name.equals(RunnerMetrics.STEPS_EXECUTED)) n.put(name, m.count(name));
        }
        n.put("stuck_handlers", m.stuckHandlers());
        n.put("in_flight", inFlight.count());
        WorkerPool w = workers;
        n.put("worker_threads", w == null ? 0 : w.size());
        return n;
    }
}
