package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.templates.RetryPolicy;
import io.tasker.templates.StepDefinition;
import io.tasker.templates.TaskTemplate;
import io.tasker.topology.StepState;
import io.tasker.topology.TaskState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The pure heart of the topology: given a task's state, its template and one input (a request, a step
 * result, a due timer), decide the next state, the step attempts to dispatch, the timers to set and the
 * lifecycle events. No Kafka, no I/O, no clock (callers pass {@code now}); randomness for backoff jitter
 * comes from the supplied source so tests are deterministic. Every state change goes through the
 * transition tables of {@link TaskState} and {@link StepState}. Thread-safe if the random source is. Not final only
 * so fault tests can inject an engine that throws.
 */
public class TaskEngine {
    public static final String DROP_TASK_NOT_RUNNING = "task_not_in_progress";
    public static final String DROP_UNKNOWN_STEP = "unknown_step";
    public static final String DROP_NOT_AWAITING = "step_not_awaiting_result";
    public static final String DROP_STALE_ATTEMPT = "stale_attempt";
    /**
     * A result or start report for the attempt in flight, by number, that echoes another dispatch id: it executed a
     * command this task state never dispatched (one from a transaction that aborted, whose replay dispatched the same
     * attempt number again with a new id), so its inputs may not be the recorded ones.
     */
    public static final String DROP_STALE_DISPATCH = "stale_dispatch";
    public static final String DROP_DUPLICATE_REQUEST = "duplicate_request";
    public static final String DROP_STALE_TIMER = "stale_timer";
    /** An in-progress report for an attempt already reported started (a runner re-ran it after a restart). */
    public static final String DROP_ALREADY_STARTED = "step_already_started";
    public static final String TIMEOUT_EXCEPTION = io.tasker.schemas.StepErrorClasses.TIMEOUT;

    private static final HandlerConfigs CONFIGS = new HandlerConfigs();
    private final DoubleSupplier random;
    private final LongSupplier dispatchIds;
    private final OperatorActions operator = new OperatorActions(this);

    public TaskEngine() {
        this(() -> ThreadLocalRandom.current().nextDouble(), () -> ThreadLocalRandom.current().nextLong());
    }

    /**
     * For tests: dispatch ids come from a fixed-seed sequence, so they are deterministic and still differ from one
     * dispatch to the next.
     *
     * @param random values in [0, 1) for backoff jitter
     */
    public TaskEngine(DoubleSupplier random) {
        this(random, seededDispatchIds(0x5EED));
    }

    /**
     * @param random      values in [0, 1) for backoff jitter
     * @param dispatchIds the dispatch id of each dispatched attempt. Must not repeat across restarts of the topology (a
     *                    replay after an aborted transaction must dispatch the same attempt with a new id): random
     *                    64-bit values, never derived from the attempt number
     */
    public TaskEngine(DoubleSupplier random, LongSupplier dispatchIds) {
        this.random = random;
        this.dispatchIds = dispatchIds;
    }

    /** A thread-safe, deterministic sequence of well-mixed 64-bit values (SplitMix64 over a counter). */
    public static LongSupplier seededDispatchIds(long seed) {
        java.util.concurrent.atomic.AtomicLong state = new java.util.concurrent.atomic.AtomicLong(seed);
        return () -> {
            long z = state.addAndGet(0x9E3779B97F4A7C15L);
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        };
    }

    /** What one call collects before it becomes a {@link Decision}. */
    static final class Out {
        final List<Decision.Dispatch> dispatches = new ArrayList<>();
        final List<Decision.Event> events = new ArrayList<>();
        final List<Decision.Timer> timers = new ArrayList<>();
        final List<Decision.Release> releases = new ArrayList<>();

        /** The attempt of {@code r} is being recorded: its durable domain events are released with this decision. */
        void record(StepResultIn r) {
            for (StepResultIn.EventIn e : r.events()) {
                releases.add(new Decision.Release(r.stepName(), r.attempt(), r.runnerId(), e, r.traceparent()));
            }
        }

        Decision decision(TaskRecord task) {
            return new Decision(task, dispatches, events, timers, null, releases);
        }
    }

    /** A new task from a validated request: pending -> in_progress, then every root step is dispatched. */
    public Decision start(String taskId, TaskTemplate template, JsonNode context, String correlationId,
                          String idempotencyKey, long now) {
        return start(taskId, template, null, context, correlationId, idempotencyKey, now);
    }

    /** @param templateDigest the digest of {@code template}'s definition, kept in the task to detect a redefinition */
    public Decision start(String taskId, TaskTemplate template, String templateDigest, JsonNode context, String correlationId,
                          String idempotencyKey, long now) {
        return start(taskId, template, templateDigest, context, correlationId, idempotencyKey, null, null, now);
    }

    /**
     * @param traceId      the task's trace (the caller's or a new one; null = not traced)
     * @param parentSpanId the caller's span, null when the task starts the trace
     */
    public Decision start(String taskId, TaskTemplate template, String templateDigest, JsonNode context, String correlationId,
                          String idempotencyKey, String traceId, String parentSpanId, long now) {
        List<StepRecord> steps = template.steps().stream()
                .map(s -> StepRecord.pending(s.name(), s.retry().maxAttempts()))
                .toList();
        TaskRecord task = new TaskRecord(taskId, template.namespace(), template.name(), template.version(), TaskState.PENDING,
                context, correlationId, idempotencyKey, now, now, 0, null, steps, templateDigest, traceId, parentSpanId, null);
        Out out = new Out();
        task = task.withState(TaskState.IN_PROGRESS, now, null);
        out.events.add(EngineEvents.initializeRequested(task, now));
        out.events.add(EngineEvents.taskStarted(task, now));
        Long maxSeconds = template.lifecycle().maxDurationSeconds();
        if (maxSeconds != null) {
            out.timers.add(new Decision.Timer(now + maxSeconds * 1000, Decision.TimerKind.TASK_DEADLINE, null, 0));
        }
        task = advance(task, template, now, out);
        return out.decision(task);
    }

    /** A step result from a runner. Results that do not match the attempt in flight are dropped with a reason. */
    public Decision onResult(TaskRecord task, TaskTemplate template, StepResultIn r, long now) {
        if (task.state() != TaskState.IN_PROGRESS && task.state() != TaskState.ERROR) return Decision.drop(DROP_TASK_NOT_RUNNING);
        StepRecord step = task.step(r.stepName()).orElse(null);
        if (task.state() == TaskState.ERROR) {
            // only a result that arrived in time for an attempt a timer failed can still change a task in error
            Decision inTime = step == null ? null : arrivedBeforeItsTimeout(task, template, step, r, now);
            return inTime != null ? inTime : Decision.drop(DROP_TASK_NOT_RUNNING);
        }
        if (step == null) return Decision.drop(DROP_UNKNOWN_STEP);
        if (!step.state().isAwaitingResult() || r.attempt() != step.attempt()) {
            Decision inTime = arrivedBeforeItsTimeout(task, template, step, r, now);
            if (inTime != null) return inTime;
            return Decision.drop(step.state().isAwaitingResult() ? DROP_STALE_ATTEMPT : DROP_NOT_AWAITING);
        }
        if (!sameDispatch(step, r.attempt(), r.dispatchId())) return Decision.drop(DROP_STALE_DISPATCH);

        Out out = new Out();
        out.record(r);
        if (step.state() == StepState.ENQUEUED && r.runnerId() != null) {
            // no in-progress report came (the attempt was short): its start travels with the result
            out.events.add(EngineEvents.stepStarted(step, r.attempt(), r.startedAt()));
        }
        if (r.success()) {
            step = step.finishAttempt(StepState.COMPLETE, r, now);
            out.events.add(EngineEvents.stepCompleted(step, r, now));
            task = task.withStep(step, now);
        } else {
            task = fail(task, template, step, r, now, out);
        }
        task = advance(task, template, now, out);
        return out.decision(task);
    }

    /**
     * A runner's report that a long attempt started (sent only for handlers still running after the runner's
     * threshold): the step goes enqueued -> in_progress and {@code step.started} is emitted now, not again when the
     * result is recorded. A report for any other attempt, or for a step not waiting to start, is dropped with a reason.
     */
    public Decision onStarted(TaskRecord task, StepStartIn s, long now) {
        if (task.state() != TaskState.IN_PROGRESS) return Decision.drop(DROP_TASK_NOT_RUNNING);
        StepRecord step = task.step(s.stepName()).orElse(null);
        if (step == null) return Decision.drop(DROP_UNKNOWN_STEP);
        if (s.attempt() != step.attempt()) return Decision.drop(DROP_STALE_ATTEMPT);
        if (!sameDispatch(step, s.attempt(), s.dispatchId())) return Decision.drop(DROP_STALE_DISPATCH);
        if (step.state() == StepState.IN_PROGRESS) return Decision.drop(DROP_ALREADY_STARTED);
        if (step.state() != StepState.ENQUEUED) return Decision.drop(DROP_NOT_AWAITING);
        Out out = new Out();
        StepRecord started = step.start(s.runnerId(), s.startedAt());
        out.events.add(EngineEvents.stepStarted(started, s.attempt(), s.startedAt()));
        return out.decision(task.withStep(started, now));
    }

    /** A due timer. A timer that finds the task or step moved on (result arrived, cancelled, ...) is dropped. */
    public Decision onTimer(TaskRecord task, TaskTemplate template, Decision.Timer timer, long now) {
        if (task.state() != TaskState.IN_PROGRESS) return Decision.drop(DROP_STALE_TIMER);
        Out out = new Out();
        switch (timer.kind()) {
            case TASK_DEADLINE -> {
                long seconds = template.lifecycle().maxDurationSeconds() == null ? 0 : template.lifecycle().maxDurationSeconds();
                return failTask(task, TaskErrorCode.DEADLINE_EXCEEDED, "task exceeded its deadline of " + seconds + " s", now);
            }
            case RETRY -> {
                StepRecord step = task.step(timer.stepName()).orElse(null);
                if (step == null || step.state() != StepState.WAITING_FOR_RETRY || step.attempt() != timer.attempt()) {
                    return Decision.drop(DROP_STALE_TIMER);
                }
                StepDefinition def = template.step(step.name()).orElseThrow();
                return out.decision(task.withStep(enqueue(task, def, step, now, out), now));
            }
            case STEP_TIMEOUT -> {
                StepRecord step = task.step(timer.stepName()).orElse(null);
                if (step == null || !step.state().isAwaitingResult() || step.attempt() != timer.attempt()) {
                    return Decision.drop(DROP_STALE_TIMER);
                }
                StepDefinition def = template.step(step.name()).orElseThrow();
                String message = "step " + step.name() + " attempt " + step.attempt() + " timed out after "
                        + def.timeoutSeconds() + " s without a result";
                // the runner's start if it reported one, else the dispatch: the attempt ran at most this long
                long startedAt = step.attempts().stream().filter(a -> a.attempt() == step.attempt())
                        .mapToLong(a -> a.startedAt() > 0 ? a.startedAt() : a.dispatchedAt()).findFirst().orElse(now);
                StepResultIn timeout = new StepResultIn(task.taskId(), step.name(), step.attempt(), false, null, message,
                        TIMEOUT_EXCEPTION, true, null, List.of(), null, startedAt, now, now);
                task = fail(task, template, step, timeout, now, out);
                task = advance(task, template, now, out);
                return out.decision(task);
            }
        }
        throw new IllegalArgumentException("unknown timer kind " + timer.kind());
    }

    /**
     * Puts a running task in error for a reason outside its steps (deadline, an input that could not be processed,
     * its template redefined or gone). In-flight attempts are abandoned (their results will be dropped) so an
     * operator retry re-runs them. Dropped when the task cannot go to error (already finished or in error).
     */
    public Decision failTask(TaskRecord task, TaskErrorCode code, String reason, long now) {
        if (task.state() == TaskState.ERROR || !task.state().canTransitionTo(TaskState.ERROR)) {
            return Decision.drop(DROP_TASK_NOT_RUNNING);
        }
        Out out = new Out();
        for (StepRecord s : task.steps()) {
            if (s.state().isAwaitingResult() || s.state() == StepState.WAITING_FOR_RETRY) {
                task = task.withStep(s.abandon("abandoned: " + reason, now), now);
            }
        }
        task = task.withState(TaskState.ERROR, now, reason);
        out.events.add(EngineEvents.taskFailed(task, code, reason, now));
        return out.decision(task);
    }

    /**
     * A success that reached Kafka before its attempt's deadline, for an attempt a timeout timer already failed:
     * the timer fired first only because the result was not read yet (the topology was down or behind). Such a
     * result counts: the step completes with it and whatever the timeout started (a retry timer, a newer attempt,
     * the step's error) is superseded. Returns null when this does not apply.
     */
    private Decision arrivedBeforeItsTimeout(TaskRecord task, TaskTemplate template, StepRecord step, StepResultIn r, long now) {
        if (!r.success() || step.state().satisfiesDependants() || step.state() == StepState.CANCELLED || step.state() == StepState.PENDING) {
            return null;
        }
        Integer timeoutSeconds = template.step(step.name()).map(StepDefinition::timeoutSeconds).orElse(null);
        if (timeoutSeconds == null) return null;
        AttemptRecord timedOut = step.attempts().stream()
                .filter(a -> a.attempt() == r.attempt() && TIMEOUT_EXCEPTION.equals(a.exceptionClass()))
                .findFirst().orElse(null);
        if (timedOut == null || r.arrivedAt() > timedOut.dispatchedAt() + timeoutSeconds * 1000L) return null;
        // in time, but for a dispatch of that attempt the task state never made: never recorded
        if (!timedOut.sameDispatch(r.dispatchId())) return Decision.drop(DROP_STALE_DISPATCH);
        Out out = new Out();
        out.record(r);
        StepRecord completed = step.completeLate(r, now);
        task = task.withStep(completed, now);
        out.events.add(EngineEvents.stepCompleted(completed, r, now));
        if (task.state() == TaskState.ERROR) {
            // resumed: step.completed says why; there is no separate "resumed" event
            task = task.withState(TaskState.IN_PROGRESS, now, null);
        }
        return out.decision(advance(task, template, now, out));
    }

    /** Whether a report echoing {@code reported} may be of the recorded dispatch of {@code attempt} of {@code step}. */
    private static boolean sameDispatch(StepRecord step, int attempt, Long reported) {
        AttemptRecord a = step.attemptRecord(attempt);
        return a == null || a.sameDispatch(reported);
    }

    /** What an operator command does to a task; the HTTP API runs the same rule first to answer 409 instead of producing it. */
    public Decision decide(TaskRecord task, TaskTemplate template, OperatorCommand c, long now) {
        return operator.decide(task, template, c, now);
    }

    /**
     * Records a failed attempt: schedules the retry (or re-dispatches now) while attempts remain, else the step is in
     * error. Emits step.failed, then step.retry_requested or step.max_retries_reached.
     */
    private TaskRecord fail(TaskRecord task, TaskTemplate template, StepRecord step, StepResultIn r, long now, Out out) {
        StepDefinition def = template.step(step.name()).orElseThrow();
        RetryPolicy policy = def.retry();
        boolean retryable = r.retryable() && policy.retryable();
        boolean retry = retryable && step.attempt() < step.maxAttempts();
        step = step.finishAttempt(retry ? StepState.WAITING_FOR_RETRY : StepState.ERROR, r, now);
        if (!retry) {
            out.events.add(EngineEvents.stepFailed(step, r, retryable, null, now));
            out.events.add(EngineEvents.stepMaxRetriesReached(step, r, retryable, now));
            return task.withStep(step, now);
        }
        long delay = Math.max(0, r.retryAfterMs() != null
                ? Math.min(r.retryAfterMs(), policy.maxBackoffMs())
                : policy.delayBeforeAttempt(step.attempt() + 1, random.getAsDouble()));
        Decision.Retry scheduled = new Decision.Retry(delay, now + delay);
        out.events.add(EngineEvents.stepFailed(step, r, true, scheduled, now));
        out.events.add(EngineEvents.stepRetryRequested(step, r.attempt(), scheduled, now));
        if (delay == 0) {
            return task.withStep(enqueue(task, def, step, now, out), now);
        }
        out.timers.add(new Decision.Timer(now + delay, Decision.TimerKind.RETRY, step.name(), step.attempt()));
        return task.withStep(step.retryAt(now + delay), now);
    }

    /**
     * Dispatches every ready step, then finishes the task when every step is done (resolved_manually if an operator
     * resolved one, else complete) or fails it when nothing is in flight and a failed step blocks the rest.
     */
    TaskRecord advance(TaskRecord task, TaskTemplate template, long now, Out out) {
        Map<String, StepRecord> byName = new LinkedHashMap<>();
        task.steps().forEach(s -> byName.put(s.name(), s));
        List<String> ready = template.dag().readySteps(
                name -> byName.get(name).state() == StepState.PENDING,
                name -> byName.get(name).state().satisfiesDependants());
        if (!ready.isEmpty()) out.events.add(EngineEvents.viableStepsDiscovered(ready, now));
        for (String name : ready) {
            StepRecord step = enqueue(task, template.step(name).orElseThrow(), byName.get(name), now, out);
            byName.put(name, step);
            task = task.withStep(step, now);
        }
        if (byName.values().stream().allMatch(s -> s.state().satisfiesDependants())) {
            boolean byHand = byName.values().stream().anyMatch(s -> s.state() == StepState.RESOLVED_MANUALLY);
            task = task.withState(byHand ? TaskState.RESOLVED_MANUALLY : TaskState.COMPLETE, now, null);
            out.events.add(EngineEvents.taskFinished(task, now));
            return task;
        }
        boolean stillRunning = byName.values().stream()
                .anyMatch(s -> s.state().isAwaitingResult() || s.state() == StepState.WAITING_FOR_RETRY);
        if (stillRunning) {
            if (ready.isEmpty()) out.events.add(EngineEvents.noViableSteps(now));
            return task;
        }
        // Nothing in flight and nothing ready: the only way here is a step in error blocking the rest.
        List<StepRecord> failed = byName.values().stream().filter(s -> s.state() == StepState.ERROR).toList();
        String reason = "steps failed: " + failed.stream()
                .map(s -> s.name() + " (" + s.lastError() + ")")
                .collect(Collectors.joining(", "));
        List<String> blocked = byName.values().stream().filter(s -> s.state() == StepState.PENDING).map(StepRecord::name).toList();
        task = task.withState(TaskState.ERROR, now, reason);
        out.events.add(EngineEvents.blockedByFailures(task, blocked, now));
        out.events.add(EngineEvents.taskFailed(task, TaskErrorCode.STEPS_FAILED, reason, now));
        return task;
    }

    /**
     * Emits the command, event and timeout timer for the next attempt of {@code step} (state as before enqueueing).
     *
     * @return the step with that attempt enqueued
     */
    private StepRecord enqueue(TaskRecord task, StepDefinition def, StepRecord step, long now, Out out) {
        long dispatchId = dispatchIds.getAsLong();
        StepRecord next = step.enqueueNextAttempt(now, dispatchId);
        int attempt = next.attempt();
        List<String> deps = new ArrayList<>();
        for (String dep : def.dependsOn()) {
            if (task.step(dep).map(StepRecord::hasResult).orElse(false)) deps.add(dep);
        }
        JsonNode config = CONFIGS.of(def.handler());
        Long timeoutMs = def.timeoutSeconds() == null ? null : def.timeoutSeconds() * 1000L;
        out.dispatches.add(new Decision.Dispatch(step.name(), attempt, def.handler().name(), config, timeoutMs, deps, dispatchId));
        out.events.add(EngineEvents.stepEnqueued(next, now));
        if (timeoutMs != null) {
            out.timers.add(new Decision.Timer(now + timeoutMs, Decision.TimerKind.STEP_TIMEOUT, step.name(), attempt));
        }
        return next;
    }
}
