package io.tasker.telemetry.internal;

import io.opentelemetry.sdk.trace.IdGenerator;

import java.util.function.Supplier;

/** Random ids, except a trace id and a span id preset on this thread through {@link io.tasker.telemetry.TraceIds#withSpanId}. */
public final class PresetIdGenerator implements IdGenerator {
    private final IdGenerator random = IdGenerator.random();
    private final Supplier<String> preset;
    private final Supplier<String> presetTrace;

    public PresetIdGenerator(Supplier<String> preset) {
        this(preset, () -> null);
    }

    /** @param presetTrace the trace id preset for a root span on this thread (see {@code TraceIds.withIds}) */
    public PresetIdGenerator(Supplier<String> preset, Supplier<String> presetTrace) {
        this.preset = preset;
        this.presetTrace = presetTrace;
    }

    @Override
    public String generateSpanId() {
        String id = preset.get();
        return id != null ? id : random.generateSpanId();
    }

    @Override
    public String generateTraceId() {
        String id = presetTrace.get();
        return id != null ? id : random.generateTraceId();
    }
}
