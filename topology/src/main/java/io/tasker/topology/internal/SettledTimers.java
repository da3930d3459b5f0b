package io.tasker.topology.internal;

import io.tasker.templates.StepDefinition;
import io.tasker.templates.TaskTemplate;
import io.tasker.topology.TaskState;

/**
 * Deletes the timers a decision made pointless: the timeout of every attempt whose outcome was just recorded (or that
 * was abandoned), and the deadline of a task that just finished. Left in place they would each fire once, load the task
 * and be dropped as stale (30 s or an hour later for the demo), and sit in the timers store until then. Their keys are
 * rebuilt from what scheduled them: an attempt's timeout is due {@code timeout_seconds} after its dispatch, a task's
 * deadline {@code max_duration_seconds} after its creation.
 */
final class SettledTimers {
    private SettledTimers() {
    }

    static void cancel(TimerStore timers, TaskRecord before, TaskRecord after, TaskTemplate template, long now) {
        if (before == null || template == null) return;
        for (StepRecord was : before.steps()) {
            if (!was.state().isAwaitingResult()) continue;
            StepRecord is = after.step(was.name()).orElse(null);
            if (is != null && is.state().isAwaitingResult() && is.attempt() == was.attempt()) continue;
            Integer seconds = template.step(was.name()).map(StepDefinition::timeoutSeconds).orElse(null);
            if (seconds == null) continue;
            for (AttemptRecord a : was.attempts()) {
                if (a.attempt() != was.attempt()) continue;
                timers.cancel(before.taskId(), new Decision.Timer(a.dispatchedAt() + seconds * 1000L,
                        Decision.TimerKind.STEP_TIMEOUT, was.name(), was.attempt()), now);
            }
        }
        Long maxSeconds = template.lifecycle().maxDurationSeconds();
        // only once the task cannot run again: a task in error keeps its deadline for an operator's retry
        if (maxSeconds != null && !before.state().isTerminal() && after.state().isTerminal()) {
            timers.cancel(before.taskId(), new Decision.Timer(before.createdAt() + maxSeconds * 1000L,
                    Decision.TimerKind.TASK_DEADLINE, null, 0), now);
        }
    }
}
