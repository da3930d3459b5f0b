package io.tasker.topology;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.tasker.telemetry.MetricValues;
import io.tasker.telemetry.TaskerTelemetry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counters of one topology instance: records skipped, dropped or rejected (by reason) and work done, and apart from
 * them the telemetry-only system events by type ({@link TelemetryEvents}). They are OpenTelemetry instruments of the
 * process's {@link TaskerTelemetry} ({@value #COUNTS} by {@code name}, {@value #TELEMETRY_EVENTS} by
 * {@code event_type}), so OTLP and {@code GET /metrics} export them; {@code GET /v1/stats} ({@code counters} and
 * {@code telemetry_events}) reads the same instruments back through the process's on-demand reader. Thread-safe
 * (stream threads write, the HTTP API reads).
 */
public final class TopologyCounters {
    /** The topology's operational counts, one series per counter name ({@code tasks.accepted}, {@code rejected.*}, ...). */
    public static final String COUNTS = "tasker.topology.counts";
    /** Telemetry-only system events by type. */
    public static final String TELEMETRY_EVENTS = "tasker.topology.telemetry_events";
    public static final AttributeKey<String> NAME = AttributeKey.stringKey("name");
    public static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("event_type");

    private final TaskerTelemetry telemetry;
    private final LongCounter counts;
    private final LongCounter telemetryEvents;
    // the attributes of each name, built once: stream threads count on every record
    private final Map<String, Attributes> names = new ConcurrentHashMap<>();
    private final Map<String, Attributes> eventTypes = new ConcurrentHashMap<>();

    /** Counters of their own process telemetry: nothing exported, readable in-process. */
    public TopologyCounters() {
        this(TaskerTelemetry.off("tasker-topology"));
    }

    public TopologyCounters(TaskerTelemetry telemetry) {
        this.telemetry = telemetry;
        this.counts = telemetry.meter().counterBuilder(COUNTS).setUnit("{event}")
                .setDescription("Operational counts of the topology by name: records accepted, dropped, rejected, "
                        + "timers fired, lifecycle events produced (the counters of GET /v1/stats)").build();
        this.telemetryEvents = telemetry.meter().counterBuilder(TELEMETRY_EVENTS).setUnit("{event}")
                .setDescription("Telemetry-only system events by type (never lifecycle records)").build();
    }

    /** The process telemetry whose instruments these counters are (and the topology's metrics are). */
    public TaskerTelemetry taskerTelemetry() {
        return telemetry;
    }

    public void increment(String name) {
        counts.add(1, names.computeIfAbsent(name, n -> Attributes.of(NAME, n)));
    }

    public void increment(String name, long by) {
        if (by != 0) counts.add(by, names.computeIfAbsent(name, n -> Attributes.of(NAME, n)));
    }

    /** The count of {@code name} now (collects every instrument: for tests and tools, not for hot paths). */
    public long get(String name) {
        return telemetry.stats().collect().longValue(COUNTS, Attributes.of(NAME, name));
    }

    /** Every count by name, sorted. */
    public Map<String, Long> snapshot() {
        return snapshot(telemetry.stats().collect());
    }

    /** Every count by name in {@code values} (one collection shared by a whole answer). */
    public static Map<String, Long> snapshot(MetricValues values) {
        return values.longValuesBy(COUNTS, NAME);
    }

    /** Counts one telemetry event of type {@code eventType} (its wire name). */
    public void incrementTelemetry(String eventType) {
        telemetryEvents.add(1, eventTypes.computeIfAbsent(eventType, n -> Attributes.of(EVENT_TYPE, n)));
    }

    /** Telemetry events counted so far, by type. */
    public Map<String, Long> telemetry() {
        return telemetry(telemetry.stats().collect());
    }

    public static Map<String, Long> telemetry(MetricValues values) {
        return values.longValuesBy(TELEMETRY_EVENTS, EVENT_TYPE);
    }
}
