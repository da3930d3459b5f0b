package io.tasker.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.tasker.runner.internal.JsonSupport;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link StepHandler} returns: either {@link Success} with a JSON result, or {@link Failure}.
 *
 * <p>Instances are immutable values and thread-safe (provided the result tree is not mutated after creation). Create
 * them with the static factories; the record constructors are public for tests and pattern matching.
 */
public sealed interface StepOutcome permits StepOutcome.Success, StepOutcome.Failure {

    /**
     * The step completed. Its result is stored with the task and handed to dependent steps via
     * {@link StepContext#dependencyResult(String)}.
     *
     * @param result the step's result; {@code null} is replaced with JSON {@code null} ({@link NullNode})
     */
    record Success(JsonNode result) implements StepOutcome {
        public Success {
            result = result == null ? NullNode.getInstance() : result;
        }
    }

    /**
     * The step attempt failed.
     *
     * @param message        what went wrong; never {@code null} ({@code null} is replaced with {@code "step failed"})
     * @param retryable      {@code false} fails the step permanently; {@code true} lets the template's retry policy
     *                       decide
     * @param retryAfter     the minimum delay the handler asks for before the next attempt; {@code null} when the
     *                       retry policy's backoff applies; never negative
     * @param exceptionClass the class of the exception that caused the failure; {@code null} when the handler
     *                       returned the failure itself
     * @param backtrace      a bounded list of stack frames; never {@code null} ({@code null} becomes empty),
     *                       unmodifiable
     */
    record Failure(String message, boolean retryable, Duration retryAfter, String exceptionClass,
            List<String> backtrace) implements StepOutcome {
        /** @throws IllegalArgumentException if {@code retryAfter} is negative */
        public Failure {
            message = message == null ? "step failed" : message;
            if (retryAfter != null && retryAfter.isNegative()) {
                throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
            }
            backtrace = backtrace == null ? List.of() : List.copyOf(backtrace);
        }
    }

    /**
     * A success whose result is {@code result} converted to JSON.
     *
     * @param result a {@link JsonNode} (used as is), or any value Jackson can convert: a POJO, record, {@code Map},
     *               {@code List}, string, number, boolean; {@code null} gives a JSON {@code null} result
     * @throws IllegalArgumentException if the value cannot be converted to JSON
     */
    static StepOutcome success(Object result) {
        if (result == null) {
            return new Success(NullNode.getInstance());
        }
        if (result instanceof JsonNode node) {
            return new Success(node);
        }
        return new Success(JsonSupport.MAPPER.valueToTree(result));
    }

    /** A retryable failure; the template's retry policy decides whether and when another attempt is made. */
    static StepOutcome retryable(String message) {
        return new Failure(message, true, null, null, List.of());
    }

    /**
     * A retryable failure asking for at least {@code delay} before the next attempt (e.g. a rate limit's
     * {@code Retry-After}).
     *
     * @throws NullPointerException     if {@code delay} is {@code null}
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    static StepOutcome retryAfter(String message, Duration delay) {
        return new Failure(message, true, Objects.requireNonNull(delay, "delay"), null, List.of());
    }

    /** A permanent failure: the step is not retried. */
    static StepOutcome permanent(String message) {
        return new Failure(message, false, null, null, List.of());
    }
}
