package io.tasker.topology;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link TelemetryEvents#countingAndLogging(TopologyCounters)}. Thread-safe. */
final class CountingTelemetryEvents implements TelemetryEvents {
    private static final Logger log = LoggerFactory.getLogger(CountingTelemetryEvents.class);

    private final TopologyCounters counters;

    CountingTelemetryEvents(TopologyCounters counters) {
        this.counters = counters;
    }

    @Override
    public void emit(Event e) {
        counters.incrementTelemetry(e.type().wireName());
        if (log.isDebugEnabled()) {
            log.debug("{} task {}{}: {}", e.type().wireName(), e.taskId(),
                    e.stepName() == null ? "" : " step " + e.stepName() + " attempt " + e.attempt(), e.payload().get());
        }
    }
}
