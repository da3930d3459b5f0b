package io.tasker.runner.testing;

import io.tasker.runner.StepContext;
import io.tasker.runner.StepHandler;
import io.tasker.runner.StepOutcome;
import io.tasker.runner.internal.AttemptEvents;
import io.tasker.runner.internal.DeclarativeEvents;
import io.tasker.runner.internal.Outcomes;
import io.tasker.templates.EventDeclaration;
import io.tasker.templates.StepDefinition;
import io.tasker.templates.TaskTemplate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The event side of a {@link TestStepContext}: its attempt's log, and what {@code run} adds to it. Thread-safe. */
final class TestEvents {
    private final AttemptEvents events;
    private volatile List<AttemptEvents.Event> afterRun;

    TestEvents(AttemptEvents events) {
        this.events = events;
    }

    /**
     * The log of a test attempt of {@code stepName}: checked against {@code declared}, else the step's declarations in
     * {@code template}, else refusing every publish with a hint how to build the context.
     *
     * @throws IllegalArgumentException if {@code template} has no step {@code stepName}
     */
    static AttemptEvents log(String stepName, TaskTemplate template, List<EventDeclaration> declared) {
        if (declared == null && template != null) {
            StepDefinition step = template.step(stepName).orElseThrow(() -> new IllegalArgumentException(
                    "template " + template.key() + " has no step '" + stepName + "' (steps: "
                            + template.steps().stream().map(StepDefinition::name)
                                    .collect(Collectors.joining(", ")) + ")"));
            declared = step.publishesEvents();
        }
        if (declared == null) {
            return AttemptEvents.unknown(stepName, "this TestStepContext was built without the step's event"
                    + " declarations; build it with TestStepContext.builder().template(template, \"" + stepName
                    + "\") or .declaredEvents(...)", Clock.systemUTC());
        }
        return AttemptEvents.declared(stepName, declared, Clock.systemUTC(), () -> { });
    }

    AttemptEvents log() {
        return events;
    }

    /** One attempt of {@code handler} against {@code ctx}, as the runner runs it, declarative events included. */
    StepOutcome run(StepHandler handler, StepContext ctx) {
        events.reset();
        afterRun = null;
        StepOutcome outcome = Outcomes.invoke(handler, ctx);
        List<AttemptEvents.Event> published = events.seal("the handler returned");
        Optional<List<EventDeclaration>> declared = events.declarations();
        if (declared.isEmpty()) {
            afterRun = published;
            return outcome;
        }
        DeclarativeEvents.Decision d = DeclarativeEvents.apply(ctx.stepName(), ctx.attempt(), outcome, published,
                declared.get(), Instant.now());
        afterRun = d.events();
        return d.outcome();
    }

    List<RecordedEvent> published() {
        List<AttemptEvents.Event> after = afterRun;
        return (after != null ? after : events.events()).stream()
                .map(e -> new RecordedEvent(e.name(), e.payload(), e.declaration().delivery(), e.sequence(),
                        e.declarative()))
                .toList();
    }
}
