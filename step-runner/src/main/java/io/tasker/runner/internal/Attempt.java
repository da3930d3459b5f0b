package io.tasker.runner.internal;

import io.tasker.avro.StepCommand;

/**
 * One running handler invocation and who owns its result: the worker when the handler returns in time, the timeout
 * watchdog once the deadline passed. Exactly one result is ever produced per attempt; the loser's outcome is
 * discarded. The interrupt is delivered under the lock and cleared by the worker under the same lock, so it can never
 * leak into the next command the thread runs. Thread-safe.
 */
final class Attempt {
    enum State { RUNNING, DONE, TIMED_OUT, STUCK }

    /** What the worker learns when its handler returned. */
    enum Finish {
        /** The worker owns the result and must produce it. */
        OWNED,
        /** The watchdog already reported a timeout; discard the outcome. */
        TIMED_OUT,
        /** Like {@link #TIMED_OUT}, and the handler had been counted as stuck. */
        WAS_STUCK
    }

    private final StepCommand command;
    private final Thread thread;
    private State state = State.RUNNING;
    private boolean replaced;

    Attempt(StepCommand command, Thread thread) {
        this.command = command;
        this.thread = thread;
    }

    StepCommand command() {
        return command;
    }

    Thread thread() {
        return thread;
    }

    /** Worker: the handler returned. Clears an interrupt the watchdog delivered. */
    synchronized Finish finish() {
        State before = state;
        state = State.DONE;
        if (before == State.RUNNING) {
            return Finish.OWNED;
        }
        Thread.interrupted();
        return before == State.STUCK ? Finish.WAS_STUCK : Finish.TIMED_OUT;
    }

    /**
     * Runs {@code action} under the lock if the handler still runs, so the worker cannot produce the attempt's result
     * before {@code action} is done (what {@code action} sends is therefore ahead of the result on the partition).
     *
     * @return {@code true} if the handler was still running and {@code action} ran
     */
    synchronized boolean whileRunning(Runnable action) {
        if (state != State.RUNNING) {
            return false;
        }
        action.run();
        return true;
    }

    /**
     * Watchdog: the deadline passed. Interrupts the handler's thread if it still runs this attempt.
     *
     * @return {@code true} if the watchdog now owns the result (it must report the timeout)
     */
    synchronized boolean timeOut() {
        if (state != State.RUNNING) {
            return false;
        }
        state = State.TIMED_OUT;
        thread.interrupt();
        return true;
    }

    /**
     * Watchdog: the grace period after the interrupt passed. If the handler still runs, it now counts as stuck and
     * {@code onStuck} runs under the lock (so the worker cannot return before the bookkeeping is done); its answer
     * says whether the stuck thread was replaced by an extra worker.
     *
     * @return {@code true} if the handler was still running
     */
    synchronized boolean markStuck(java.util.function.BooleanSupplier onStuck) {
        if (state != State.TIMED_OUT) {
            return false;
        }
        state = State.STUCK;
        replaced = onStuck.getAsBoolean();
        return true;
    }

    /** Whether the watchdog replaced this attempt's thread when it got stuck; read after {@link #finish()}. */
    synchronized boolean replaced() {
        return replaced;
    }
}
