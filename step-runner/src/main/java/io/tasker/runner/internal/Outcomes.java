package io.tasker.runner.internal;

import io.tasker.avro.PublishedEvent;
import io.tasker.avro.StepCommand;
import io.tasker.avro.StepError;
import io.tasker.avro.StepResult;
import io.tasker.runner.InvalidEventException;
import io.tasker.runner.PermanentStepException;
import io.tasker.runner.StepContext;
import io.tasker.runner.StepHandler;
import io.tasker.runner.StepOutcome;
import io.tasker.schemas.StepErrorClasses;
import io.tasker.schemas.TaskerLimits;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Runs handlers, maps exceptions to failures and outcomes to {@link StepResult}s. Stateless, thread-safe. */
public final class Outcomes {

    /** Maximum number of backtrace lines reported per failure. */
    public static final int MAX_BACKTRACE = 20;
    /** Longer error messages are cut (a handler may put a whole response body in an exception message). */
    public static final int MAX_MESSAGE_CHARS = 8 * 1024;
    /** Longer backtrace lines ({@code Caused by: } lines carry the cause's message) are cut. */
    public static final int MAX_BACKTRACE_LINE_CHARS = 1024;
    /** Longer exception class names (a handler may return any string) are cut. */
    public static final int MAX_EXCEPTION_CLASS_CHARS = 512;

    private Outcomes() {
    }

    /**
     * Runs {@code handler} and returns the outcome the runner reports: exceptions become retryable failures, a
     * {@link PermanentStepException} a permanent one, a {@code null} return a permanent failure. An
     * {@link InvalidEventException} (a refused {@code publish}: a bug in the handler a retry cannot fix), or an
     * exception it caused, is a permanent failure too. Virtual machine errors (out of memory, ...) are rethrown.
     */
    public static StepOutcome invoke(StepHandler handler, StepContext ctx) {
        try {
            StepOutcome outcome = handler.handle(ctx);
            if (outcome == null) {
                return new StepOutcome.Failure("handler for step '" + ctx.stepName() + "' returned null", false,
                        null, null, List.of());
            }
            return outcome;
        } catch (PermanentStepException e) {
            return fromThrowable(e, false);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fromThrowable(e, true);
        } catch (Throwable e) {
            return fromThrowable(e, !causedByInvalidEvent(e));
        }
    }

    private static boolean causedByInvalidEvent(Throwable t) {
        int depth = 0;
        for (Throwable c = t; c != null && depth < 10; c = c.getCause(), depth++) {
            if (c instanceof InvalidEventException) {
                return true;
            }
        }
        return false;
    }

    /** A failure describing {@code t}: its message (or class name), class, and a bounded backtrace. */
    public static StepOutcome.Failure fromThrowable(Throwable t, boolean retryable) {
        String message = t.getMessage() != null ? t.getMessage() : t.getClass().getName();
        return new StepOutcome.Failure(message, retryable, null, t.getClass().getName(), backtrace(t, MAX_BACKTRACE));
    }

    /**
     * A bounded backtrace of {@code t}: its own stack frames, then one {@code Caused by: ...} line plus the top frame
     * for each cause (at most 4 causes), never more than {@code max} lines in all. Room for the causes is reserved
     * first, so a deep stack never hides the root cause; truncated frames are summarised as {@code ... n more}.
     */
    public static List<String> backtrace(Throwable t, int max) {
        List<Throwable> chain = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable c = t; c != null && chain.size() < 5 && seen.put(c, Boolean.TRUE) == null; c = c.getCause()) {
            chain.add(c);
        }
        int reserved = 2 * (chain.size() - 1);
        int budget = Math.max(Math.min(5, max), max - reserved);
        List<String> out = new ArrayList<>();
        StackTraceElement[] frames = t.getStackTrace();
        if (frames.length <= budget) {
            for (StackTraceElement e : frames) {
                out.add("at " + e);
            }
        } else {
            for (int i = 0; i < budget - 1; i++) {
                out.add("at " + frames[i]);
            }
            out.add("... " + (frames.length - (budget - 1)) + " more");
        }
        for (int k = 1; k < chain.size() && out.size() < max; k++) {
            Throwable c = chain.get(k);
            out.add("Caused by: " + c);
            if (out.size() < max && c.getStackTrace().length > 0) {
                out.add("at " + c.getStackTrace()[0]);
            }
        }
        return out;
    }

    /** The {@link StepResult} reporting {@code outcome} of the attempt {@code cmd}. */
    public static StepResult toResult(StepCommand cmd, StepOutcome outcome, String runnerId, Instant startedAt,
            Instant finishedAt) {
        String resultJson = outcome instanceof StepOutcome.Success s ? JsonSupport.write(s.result()) : null;
        return toResult(cmd, outcome, resultJson, List.of(), runnerId, startedAt, finishedAt);
    }

    /**
     * Like {@link #toResult(StepCommand, StepOutcome, String, Instant, Instant)} with the success's result already
     * serialized as {@code resultJson} and the attempt's durable {@code events}. A failure's message, backtrace lines
     * and exception class are cut to {@link #MAX_MESSAGE_CHARS}, {@link #MAX_BACKTRACE_LINE_CHARS} and
     * {@link #MAX_EXCEPTION_CLASS_CHARS}, and the backtrace to {@link #MAX_BACKTRACE} lines, so a failure result is
     * always small.
     */
    static StepResult toResult(StepCommand cmd, StepOutcome outcome, String resultJson, List<PublishedEvent> events,
            String runnerId, Instant startedAt, Instant finishedAt) {
        StepResult.Builder b = StepResult.newBuilder()
                .setEvents(new ArrayList<>(events))
                .setTaskId(cmd.getTaskId())
                .setStepName(cmd.getStepName())
                .setAttempt(cmd.getAttempt())
                .setRunnerId(runnerId)
                .setStartedAt(startedAt)
                .setFinishedAt(finishedAt)
                .setCorrelationId(cmd.getCorrelationId())
                // echoed so the topology records only the result of the dispatch it made (see StepCommand.dispatch_id)
                .setDispatchId(cmd.getDispatchId());
        if (outcome instanceof StepOutcome.Success) {
            b.setStatus(io.tasker.avro.StepOutcome.SUCCESS).setResultJson(resultJson).setError(null);
        } else {
            StepOutcome.Failure f = (StepOutcome.Failure) outcome;
            List<String> trace = new ArrayList<>();
            for (String line : f.backtrace()) {
                if (trace.size() == MAX_BACKTRACE) {
                    break;
                }
                trace.add(truncate(line, MAX_BACKTRACE_LINE_CHARS));
            }
            b.setStatus(io.tasker.avro.StepOutcome.FAILURE).setResultJson(null).setError(StepError.newBuilder()
                    .setMessage(truncate(f.message(), MAX_MESSAGE_CHARS))
                    .setExceptionClass(f.exceptionClass() == null ? null
                            : truncate(f.exceptionClass(), MAX_EXCEPTION_CLASS_CHARS))
                    .setRetryable(f.retryable())
                    .setRetryAfterMs(f.retryAfter() == null ? null : f.retryAfter().toMillis())
                    .setBacktrace(trace)
                    .build());
        }
        return b.build();
    }

    /** {@code s} cut to {@code max} characters, saying how much was cut. */
    static String truncate(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        String note = "... (" + (s.length() - max) + " more characters)";
        return s.substring(0, Math.max(0, max - note.length())) + note;
    }

    /** Size of {@code json} in UTF-8 bytes, as it travels in the result record. */
    static int utf8Length(String json) {
        return json.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The permanent failure replacing a success whose result exceeds {@link TaskerLimits#STEP_RESULT_MAX_BYTES}. */
    static StepOutcome.Failure resultTooLarge(long bytes) {
        return new StepOutcome.Failure("result too large: " + bytes + " bytes, limit "
                + TaskerLimits.describe(TaskerLimits.STEP_RESULT_MAX_BYTES), false, null, StepErrorClasses.RESULT_TOO_LARGE, List.of());
    }

    /** The retryable failure reported when the runner interrupted a handler at its step's timeout. */
    static StepOutcome.Failure timedOut(StepCommand cmd, long timeoutMs, String runnerId) {
        return new StepOutcome.Failure("step '" + cmd.getStepName() + "' attempt " + cmd.getAttempt()
                + " timed out after " + timeoutMs + " ms on runner " + runnerId + "; the handler was interrupted",
                true, null, StepErrorClasses.TIMEOUT, List.of());
    }
}
