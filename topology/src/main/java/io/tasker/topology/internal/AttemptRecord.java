package io.tasker.topology.internal;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * One dispatched attempt of a step. Times are epoch millis; 0 = not yet. {@code startedAt}/{@code finishedAt}
 * are the runner's clock, {@code dispatchedAt}/{@code recordedAt} the topology's (when the outcome was applied,
 * the moment retry backoff is measured from).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AttemptRecord(int attempt, long dispatchedAt, long startedAt, long finishedAt, long recordedAt, String runnerId,
                            String outcome, String errorMessage, String exceptionClass, List<String> backtrace) {
    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";

    static AttemptRecord dispatched(int attempt, long now) {
        return new AttemptRecord(attempt, now, 0, 0, 0, null, null, null, null, null);
    }

    /** Reported running by {@code runnerId} since {@code startedAt}; the outcome comes later. */
    AttemptRecord started(String runner, long at) {
        return new AttemptRecord(attempt, dispatchedAt, at, 0, 0, runner, null, null, null, null);
    }

    AttemptRecord finished(StepResultIn r, long now) {
        return new AttemptRecord(attempt, dispatchedAt, r.startedAt(), r.finishedAt(), now, r.runnerId(),
                r.success() ? SUCCESS : FAILURE, r.errorMessage(), r.exceptionClass(), r.backtrace());
    }
}
