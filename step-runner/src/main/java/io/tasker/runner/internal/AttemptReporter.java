package io.tasker.runner.internal;

import io.tasker.avro.PublishedEvent;
import io.tasker.avro.StepCommand;
import io.tasker.runner.StepOutcome;
import io.tasker.templates.EventDeclaration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports the outcome of an attempt whose handler ran (or timed out): closes its event log, adds the declarative
 * events (which may turn the outcome into a contract-violation failure), sends the fire-and-forget events and
 * produces the result carrying the durable ones. Called once per attempt, by the worker or the timeout watchdog.
 * Thread-safe.
 */
final class AttemptReporter {
    private static final Logger log = LoggerFactory.getLogger(AttemptReporter.class);

    private final ResultPublisher results;
    private final FireAndForgetEvents fireAndForget;
    private final RunnerMetrics metrics;
    private final RunnerRedaction redaction;
    private final Set<String> warnedUnknown = ConcurrentHashMap.newKeySet();

    AttemptReporter(ResultPublisher results, FireAndForgetEvents fireAndForget, RunnerMetrics metrics,
            RunnerRedaction redaction) {
        this.results = results;
        this.fireAndForget = fireAndForget;
        this.metrics = metrics;
        this.redaction = redaction;
    }

    /** {@code text} about attempt {@code cmd} masked as its reported failure would be (for log lines). */
    String masked(StepCommand cmd, String text) {
        return redaction.text(cmd, text);
    }

    /**
     * @param why  why the attempt is over, for {@code publish} calls that come later ("the handler returned", ...)
     * @param done        gets the broker's answer for the result
     * @param traceparent the handler span's trace context, carried by the result and the events (null: none)
     */
    void report(StepCommand cmd, AttemptEvents events, StepOutcome outcome, String why, Instant startedAt,
            Instant finishedAt, Callback done, String traceparent) {
        List<AttemptEvents.Event> published = events.seal(why);
        DeclarativeEvents.Decision decision = decide(cmd, events, outcome, published, finishedAt);
        // masked after the contract checks (a mask may not match the declared schema) and before anything is sent
        List<AttemptEvents.Event> masked = decision.events().stream().map(e -> redaction.event(cmd, e)).toList();
        fireAndForget.send(cmd, masked.stream()
                .filter(e -> e.declaration().delivery() == EventDeclaration.Delivery.FIRE_AND_FORGET).toList(), traceparent);
        List<PublishedEvent> durable = masked.stream()
                .filter(e -> e.declaration().delivery() == EventDeclaration.Delivery.DURABLE)
                .map(e -> EventRecords.published(cmd, e)).toList();
        results.publish(cmd, redaction.outcome(cmd, decision.outcome()), durable, startedAt, finishedAt, done, traceparent);
    }

    private DeclarativeEvents.Decision decide(StepCommand cmd, AttemptEvents events, StepOutcome outcome,
            List<AttemptEvents.Event> published, Instant finishedAt) {
        if (events.declarations().isEmpty()) {
            metrics.declarativeSkippedUnknownTemplate();
            String key = EventCatalog.key(cmd);
            if (warnedUnknown.add(key)) {
                log.warn("Step {} of task {} attempt {}: this runner was not started with template {}, so it cannot"
                        + " publish the step's declarative events (condition success/failure/always); skipping them"
                        + " for every attempt of this template (counted in"
                        + " events_declarative_skipped_unknown_template). Start the runner with the template.",
                        cmd.getStepName(), cmd.getTaskId(), cmd.getAttempt(), key);
            }
            return new DeclarativeEvents.Decision(outcome, published, 0);
        }
        DeclarativeEvents.Decision d = DeclarativeEvents.apply(cmd.getStepName(), cmd.getAttempt(), outcome,
                published, events.declarations().get(), finishedAt);
        if (d.violations() > 0) {
            metrics.eventContractViolations(d.violations());
            log.warn("Step {} of task {} attempt {} fails permanently: {}", cmd.getStepName(), cmd.getTaskId(),
                    cmd.getAttempt(), redaction.text(cmd, ((StepOutcome.Failure) d.outcome()).message()));
        }
        return d;
    }
}
