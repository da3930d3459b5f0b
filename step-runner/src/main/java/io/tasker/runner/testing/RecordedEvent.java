package io.tasker.runner.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.templates.EventDeclaration;

/**
 * A domain event a {@link TestStepContext} recorded: what the runner would publish for the attempt.
 *
 * @param name        the declared event name; never {@code null}
 * @param payload     the validated payload (a copy of what the handler passed, as JSON); never {@code null} (JSON
 *                    {@code null} is a {@code NullNode}). Read-only by contract.
 * @param delivery    the event's declared delivery; never {@code null}
 * @param sequence    0-based position among the attempt's events; with task, step, attempt and name it determines the
 *                    event id ({@code io.tasker.schemas.EventIds})
 * @param declarative {@code true} when the runner publishes it because the event's {@code condition} matched the
 *                    outcome (payload = the step result or error object), {@code false} when the handler published it
 */
public record RecordedEvent(String name, JsonNode payload, EventDeclaration.Delivery delivery, int sequence,
        boolean declarative) {
}
