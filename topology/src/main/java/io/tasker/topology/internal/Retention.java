package io.tasker.topology.internal;

import io.tasker.topology.TaskState;

/**
 * Finished tasks (complete, error, cancelled, resolved by hand) are deleted with their index entries once their
 * retention has passed. Each task that finishes gets a RETENTION timer in the time-ordered timers store, so the
 * deletion is a range scan of what is due, never a scan of every task. A task in error that an operator retries
 * before then is simply no longer finished when its timer fires.
 */
final class Retention {
    private Retention() {
    }

    static boolean isFinished(TaskState s) {
        return s.isTerminal() || s == TaskState.ERROR;
    }

    static boolean justFinished(TaskRecord before, TaskRecord after) {
        return isFinished(after.state()) && (before == null || before.state() != after.state());
    }

    static Decision.Timer timer(TaskRecord task, long retentionMs) {
        return new Decision.Timer(dueAt(task, retentionMs), Decision.TimerKind.RETENTION, null, 0);
    }

    static long dueAt(TaskRecord task, long retentionMs) {
        long finished = task.completedAt() > 0 ? task.completedAt() : task.updatedAt();
        return finished > Long.MAX_VALUE - retentionMs ? Long.MAX_VALUE : finished + retentionMs;
    }
}
