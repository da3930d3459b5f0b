package io.tasker.telemetry;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The ids that keep one task's trace whole although its spans are created by different records, threads and (after a
 * restart) processes. A task's trace id is chosen once (the caller's, or a new one) and kept in the task record; the
 * span ids of the long spans (the task, each step attempt) are <em>derived</em> from the trace id, task id, step and
 * attempt, so a child created before its parent span is recorded (the runner's handler span, created before the step
 * attempt's span ends) and a parent recorded after a restart agree on the id without storing it.
 *
 * <p>The derived ids only take effect through a tracer provider built by {@link TaskerTelemetry}, whose id generator
 * honours {@link #withSpanId}. Thread-safe; all methods are pure except {@link #newTraceId()}.
 */
public final class TraceIds {
    private static final ThreadLocal<String> PRESET = new ThreadLocal<>();
    private static final ThreadLocal<String> PRESET_TRACE = new ThreadLocal<>();

    private TraceIds() {
    }

    /** A new random, valid W3C trace id (32 lower-case hex digits). */
    public static String newTraceId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long hi, lo;
        do {
            hi = r.nextLong();
            lo = r.nextLong();
        } while (hi == 0 && lo == 0);
        return TraceId.fromLongs(hi, lo);
    }

    /** The span id of the task's own span (request to end state) in trace {@code traceId}. */
    public static String taskSpanId(String traceId, String taskId) {
        return derive(traceId, "task", taskId);
    }

    /** The span id of attempt {@code attempt} of step {@code stepName} (dispatch to recorded result). */
    public static String stepAttemptSpanId(String traceId, String taskId, String stepName, int attempt) {
        return derive(traceId, "step", taskId, stepName, Integer.toString(attempt));
    }

    /**
     * Runs {@code startSpan} so that the span it starts (on this thread, through a {@link TaskerTelemetry} tracer)
     * gets {@code spanId} instead of a random id. Only the first span started inside is affected.
     */
    public static <T> T withSpanId(String spanId, java.util.function.Supplier<T> startSpan) {
        if (!SpanId.isValid(spanId)) throw new IllegalArgumentException("not a valid span id: " + spanId);
        String previous = PRESET.get();
        PRESET.set(spanId);
        try {
            return startSpan.get();
        } finally {
            if (previous == null) PRESET.remove(); else PRESET.set(previous);
        }
    }

    /**
     * Like {@link #withSpanId}, and a span started without a parent (a root span) gets trace id {@code traceId} instead of
     * a random one: the task span of a trace Tasker started itself, whose trace id is kept in the task record.
     */
    public static <T> T withIds(String traceId, String spanId, java.util.function.Supplier<T> startSpan) {
        if (!TraceId.isValid(traceId)) throw new IllegalArgumentException("not a valid trace id: " + traceId);
        String previous = PRESET_TRACE.get();
        PRESET_TRACE.set(traceId);
        try {
            return withSpanId(spanId, startSpan);
        } finally {
            if (previous == null) PRESET_TRACE.remove(); else PRESET_TRACE.set(previous);
        }
    }

    /** Takes (and clears) the trace id preset by {@link #withIds}; null when none is. For the id generator. */
    static String takePresetTrace() {
        String id = PRESET_TRACE.get();
        if (id != null) PRESET_TRACE.remove();
        return id;
    }

    /** Takes (and clears) the span id preset by {@link #withSpanId}; null when none is. For the id generator. */
    static String takePreset() {
        String id = PRESET.get();
        if (id != null) PRESET.remove();
        return id;
    }

    /** One digest per thread: ids are derived for every dispatch and result on the stream thread and the runner. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    });

    private static String derive(String... parts) {
        MessageDigest sha = SHA256.get();
        sha.reset();
        for (String p : parts) {
            sha.update(p.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        byte[] d = sha.digest();
        long v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | (d[i] & 0xff);
        if (v == 0) v = 1; // the all-zero span id is invalid
        return SpanId.fromLong(v);
    }
}
