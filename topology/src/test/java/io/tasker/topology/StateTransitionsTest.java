package io.tasker.topology;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateTransitionsTest {
    @Test
    void taskFollowsTheHappyPathAndOperatorRetryFromError() {
        assertThat(TaskState.PENDING.transitionTo(TaskState.IN_PROGRESS)).isEqualTo(TaskState.IN_PROGRESS);
        assertThat(TaskState.IN_PROGRESS.canTransitionTo(TaskState.COMPLETE)).isTrue();
        assertThat(TaskState.IN_PROGRESS.canTransitionTo(TaskState.ERROR)).isTrue();
        assertThat(TaskState.ERROR.canTransitionTo(TaskState.IN_PROGRESS)).isTrue();
        assertThat(TaskState.ERROR.canTransitionTo(TaskState.RESOLVED_MANUALLY)).isTrue();
    }

    @Test
    void runningTaskEndsResolvedManuallyWhenItsLastStepIsDoneAndOneWasResolvedByHand() {
        assertThat(TaskState.IN_PROGRESS.transitionTo(TaskState.RESOLVED_MANUALLY)).isEqualTo(TaskState.RESOLVED_MANUALLY);
        assertThat(TaskState.PENDING.canTransitionTo(TaskState.RESOLVED_MANUALLY)).isFalse();
    }

    @Test
    void stepReportedRunningGoesInProgressAndFinishesFromThere() {
        assertThat(StepState.ENQUEUED.transitionTo(StepState.IN_PROGRESS)).isEqualTo(StepState.IN_PROGRESS);
        assertThat(StepState.IN_PROGRESS.canTransitionTo(StepState.COMPLETE)).isTrue();
        assertThat(StepState.IN_PROGRESS.canTransitionTo(StepState.WAITING_FOR_RETRY)).isTrue();
        assertThat(StepState.IN_PROGRESS.canTransitionTo(StepState.ERROR)).isTrue();
        assertThat(StepState.IN_PROGRESS.canTransitionTo(StepState.CANCELLED)).isTrue();
        assertThat(StepState.IN_PROGRESS.canTransitionTo(StepState.ENQUEUED)).isFalse();
    }

    @Test
    void terminalTaskStatesAllowNoTransition() {
        for (TaskState terminal : new TaskState[]{TaskState.COMPLETE, TaskState.CANCELLED, TaskState.RESOLVED_MANUALLY}) {
            assertThat(terminal.isTerminal()).isTrue();
            for (TaskState next : TaskState.values()) {
                assertThat(terminal.canTransitionTo(next)).as(terminal + " -> " + next).isFalse();
            }
        }
        assertThat(TaskState.ERROR.isTerminal()).as("error can still be retried by an operator").isFalse();
    }

    @Test
    void illegalTaskTransitionNamesBothStates() {
        assertThatThrownBy(() -> TaskState.COMPLETE.transitionTo(TaskState.IN_PROGRESS))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessage("illegal task transition complete -> in_progress");
    }

    @Test
    void stepRetriesThroughWaitingForRetryAndOperatorCanRetryOrResolveError() {
        assertThat(StepState.PENDING.canTransitionTo(StepState.ENQUEUED)).isTrue();
        assertThat(StepState.ENQUEUED.canTransitionTo(StepState.WAITING_FOR_RETRY)).isTrue();
        assertThat(StepState.WAITING_FOR_RETRY.canTransitionTo(StepState.ENQUEUED)).isTrue();
        assertThat(StepState.ENQUEUED.canTransitionTo(StepState.ERROR)).isTrue();
        assertThat(StepState.ERROR.canTransitionTo(StepState.PENDING)).isTrue();
        assertThat(StepState.ERROR.canTransitionTo(StepState.RESOLVED_MANUALLY)).isTrue();
        assertThat(StepState.ERROR.canTransitionTo(StepState.COMPLETE)).isTrue();
    }

    @Test
    void completeStepCannotBeReopened() {
        assertThatThrownBy(() -> StepState.COMPLETE.transitionTo(StepState.ENQUEUED))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessage("illegal step transition complete -> enqueued");
        assertThatThrownBy(() -> StepState.PENDING.transitionTo(StepState.WAITING_FOR_RETRY))
                .hasMessage("illegal step transition pending -> waiting_for_retry");
    }

    @Test
    void wireNamesAreLowerCaseAndRoundTrip() {
        for (StepState s : StepState.values()) assertThat(StepState.fromWire(s.wireName())).isEqualTo(s);
        for (TaskState s : TaskState.values()) assertThat(TaskState.fromWire(s.wireName())).isEqualTo(s);
        assertThat(StepState.WAITING_FOR_RETRY.wireName()).isEqualTo("waiting_for_retry");
    }
}
