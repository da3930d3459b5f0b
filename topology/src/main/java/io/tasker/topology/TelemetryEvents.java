package io.tasker.topology;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasker.schemas.LifecycleEventType;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where the topology sends the system events that are {@link io.tasker.schemas.DeliveryMode#TELEMETRY} only
 * ({@code task.initialize_requested}, {@code step.enqueued}, {@code step.started}, {@code step.retry_requested},
 * {@code step.cancelled}, {@code workflow.*}): they are never records of the lifecycle topic, so scheduling detail costs
 * no transaction bytes. The default ({@link #countingAndLogging(TopologyCounters)}) counts them per type (served under
 * {@code telemetry_events} at {@code GET /v1/stats}) and logs each at DEBUG; the observability work (issue 10) will
 * turn them into span events and metrics through this interface.
 *
 * <p>Called on a stream thread while the record that caused the event is processed. Unlike topic records, a call is
 * not covered by exactly-once: if processing is retried (a rebalance, a crash before the commit) the event is reported
 * again. Implementations must be thread-safe, fast and non-blocking, and should not throw (an exception is caught,
 * counted and logged, and does not stop processing).
 */
@FunctionalInterface
public interface TelemetryEvents {
    void emit(Event event);

    /**
     * One telemetry event.
     *
     * @param stepName null for task and workflow events
     * @param attempt  null for task and workflow events
     * @param payload  builds the event's standard payload (the same keys a durable event would carry); each call
     *                 builds a new tree, so call it only when the payload is used
     */
    record Event(LifecycleEventType type, String taskId, String namespace, String stepName, Integer attempt,
                 Instant occurredAt, Supplier<ObjectNode> payload) {
        public Event {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(payload, "payload");
        }
    }

    /** The default sink: a count per type in {@code counters} (see {@link TopologyCounters#telemetry()}), a DEBUG log line. */
    static TelemetryEvents countingAndLogging(TopologyCounters counters) {
        return new CountingTelemetryEvents(counters);
    }
}
