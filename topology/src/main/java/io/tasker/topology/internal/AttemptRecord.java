package io.tasker.topology.internal;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Objects;

/**
 * One dispatched attempt of a step. Times are epoch millis; 0 = not yet. {@code startedAt}/{@code finishedAt}
 * are the runner's clock, {@code dispatchedAt}/{@code recordedAt} the topology's (when the outcome was applied,
 * the moment retry backoff is measured from).
 *
 * @param dispatchId the random id the command of this attempt carried ({@code StepCommand.dispatch_id}); null for
 *                   attempts dispatched by a version that predates it. A result or start report is this attempt's only
 *                   if it echoes the same id (or none). A string in JSON (the task API): 64 bits do not fit a
 *                   JavaScript number
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AttemptRecord(int attempt, long dispatchedAt, long startedAt, long finishedAt, long recordedAt, String runnerId,
                            String outcome, String errorMessage, String exceptionClass, List<String> backtrace,
                            @JsonFormat(shape = JsonFormat.Shape.STRING) Long dispatchId) {
    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";

    /** An attempt without a dispatch id (dispatched by an earlier version). */
    public AttemptRecord(int attempt, long dispatchedAt, long startedAt, long finishedAt, long recordedAt, String runnerId,
                         String outcome, String errorMessage, String exceptionClass, List<String> backtrace) {
        this(attempt, dispatchedAt, startedAt, finishedAt, recordedAt, runnerId, outcome, errorMessage, exceptionClass, backtrace, null);
    }

    static AttemptRecord dispatched(int attempt, long now, Long dispatchId) {
        return new AttemptRecord(attempt, now, 0, 0, 0, null, null, null, null, null, dispatchId);
    }

    /**
     * Whether a report carrying {@code reported} (a result's or start report's echoed dispatch id) may be of this
     * attempt: ids differ only when both sides have one. A report without one comes from a runner that predates dispatch
     * ids and is fenced by the attempt number alone, as before.
     */
    boolean sameDispatch(Long reported) {
        return reported == null || dispatchId == null || Objects.equals(dispatchId, reported);
    }

    /** Reported running by {@code runnerId} since {@code startedAt}; the outcome comes later. */
    AttemptRecord started(String runner, long at) {
        return new AttemptRecord(attempt, dispatchedAt, at, 0, 0, runner, null, null, null, null, dispatchId);
    }

    AttemptRecord finished(StepResultIn r, long now) {
        return new AttemptRecord(attempt, dispatchedAt, r.startedAt(), r.finishedAt(), now, r.runnerId(),
                r.success() ? SUCCESS : FAILURE, r.errorMessage(), r.exceptionClass(), r.backtrace(), dispatchId);
    }
}
