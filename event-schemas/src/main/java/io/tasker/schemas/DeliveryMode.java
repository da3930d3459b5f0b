package io.tasker.schemas;

import java.util.Locale;

/**
 * How an event reaches its readers. {@link #DURABLE}: written to its topic in the same Kafka transaction as the state
 * change it reports (the stable contract subscribers rely on; never lost, never for an attempt that was not recorded).
 * {@link #FIRE_AND_FORGET}: produced by the runner straight away (best effort, at-least-once on retries, may be lost on
 * a crash). {@link #TELEMETRY}: never on a topic; observable as span events and metrics only.
 */
public enum DeliveryMode {
    DURABLE, FIRE_AND_FORGET, TELEMETRY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
