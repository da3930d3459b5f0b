package io.tasker.telemetry.internal;

import io.opentelemetry.sdk.trace.IdGenerator;

import java.util.function.Supplier;

/** Random ids, except a span id preset on this thread through {@link io.tasker.telemetry.TraceIds#withSpanId}. */
public final class PresetIdGenerator implements IdGenerator {
    private final IdGenerator random = IdGenerator.random();
    private final Supplier<String> preset;

    public PresetIdGenerator(Supplier<String> preset) {
        this.preset = preset;
    }

    @Override
    public String generateSpanId() {
        String id = preset.get();
        return id != null ? id : random.generateSpanId();
    }

    @Override
    public String generateTraceId() {
        return random.generateTraceId();
    }
}
