package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.topology.StepState;
import io.tasker.topology.TaskState;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The compact binary form of a {@link TaskRecord} in the tasks store: the record is rewritten on every step, so its
 * size is most of the bytes a step costs (changelog, transaction, restore). Field names are not repeated per step
 * and attempt, numbers are varints, states are one byte.
 *
 * <p>Layout: the format byte {@link #FORMAT_V2} (never {@code '{'}, so JSON written before this format is still told
 * apart and read), then the fields in declaration order. {@link #FORMAT_V1}, written before dispatch ids, is the same
 * without an attempt's dispatch id (read as null): records written by it are still read, and rewritten as V2 the next
 * time their task changes. A nullable string is a varint of its UTF-8 length plus one
 * (0 = null); a JSON value (context, a result, none in the slim stored record) is such a string of its JSON text.
 * States are their ordinal in {@link TaskState} / {@link StepState}: append-only enums (a new state is added last).
 */
final class TaskRecordCodec {
    static final byte FORMAT_V1 = 1;
    /** V1 plus each attempt's dispatch id (a nullable long after its backtrace). */
    static final byte FORMAT_V2 = 2;
    private static final TaskState[] TASK_STATES = TaskState.values();
    private static final StepState[] STEP_STATES = StepState.values();

    private TaskRecordCodec() {
    }

    static byte[] encode(TaskRecord t) {
        Out out = new Out(256 + 96 * t.steps().size());
        out.buf.write(FORMAT_V2);
        out.string(t.taskId());
        out.string(t.namespace());
        out.string(t.templateName());
        out.string(t.templateVersion());
        out.buf.write(t.state().ordinal());
        out.json(t.context());
        out.string(t.correlationId());
        out.string(t.idempotencyKey());
        out.varlong(t.createdAt());
        out.varlong(t.updatedAt());
        out.varlong(t.completedAt());
        out.string(t.error());
        out.string(t.templateDigest());
        out.string(t.traceId());
        out.string(t.parentSpanId());
        out.nullableLong(t.resumedAt());
        out.varlong(t.steps().size());
        for (StepRecord s : t.steps()) {
            out.string(s.name());
            out.buf.write(s.state().ordinal());
            out.varlong(s.attempt());
            out.varlong(s.maxAttempts());
            out.json(s.result());
            out.string(s.lastError());
            out.varlong(s.completedAt());
            out.varlong(s.nextAttemptAt());
            out.buf.write(s.hasResult() ? 1 : 0);
            out.varlong(s.attempts().size());
            for (AttemptRecord a : s.attempts()) {
                out.varlong(a.attempt());
                out.varlong(a.dispatchedAt());
                out.varlong(a.startedAt());
                out.varlong(a.finishedAt());
                out.varlong(a.recordedAt());
                out.string(a.runnerId());
                out.string(a.outcome());
                out.string(a.errorMessage());
                out.string(a.exceptionClass());
                if (a.backtrace() == null) {
                    out.varlong(0);
                } else {
                    out.varlong(a.backtrace().size() + 1L);
                    for (String line : a.backtrace()) out.string(line);
                }
                out.nullableLong(a.dispatchId());
            }
        }
        return out.buf.toByteArray();
    }

    static TaskRecord decode(byte[] bytes) {
        In in = new In(bytes);
        int format = in.u8();
        if (format != FORMAT_V1 && format != FORMAT_V2) throw new IllegalArgumentException("unknown task record format " + format);
        String taskId = in.string();
        String namespace = in.string();
        String templateName = in.string();
        String templateVersion = in.string();
        TaskState state = TASK_STATES[in.u8()];
        JsonNode context = in.json();
        String correlationId = in.string();
        String idempotencyKey = in.string();
        long createdAt = in.varlong();
        long updatedAt = in.varlong();
        long completedAt = in.varlong();
        String error = in.string();
        String digest = in.string();
        String traceId = in.string();
        String parentSpanId = in.string();
        Long resumedAt = in.nullableLong();
        int stepCount = (int) in.varlong();
        List<StepRecord> steps = new ArrayList<>(stepCount);
        for (int i = 0; i < stepCount; i++) {
            String name = in.string();
            StepState stepState = STEP_STATES[in.u8()];
            int attempt = (int) in.varlong();
            int maxAttempts = (int) in.varlong();
            JsonNode result = in.json();
            String lastError = in.string();
            long stepCompletedAt = in.varlong();
            long nextAttemptAt = in.varlong();
            boolean hasResult = in.u8() != 0;
            int attemptCount = (int) in.varlong();
            List<AttemptRecord> attempts = new ArrayList<>(attemptCount);
            for (int k = 0; k < attemptCount; k++) {
                int n = (int) in.varlong();
                long dispatchedAt = in.varlong();
                long startedAt = in.varlong();
                long finishedAt = in.varlong();
                long recordedAt = in.varlong();
                String runnerId = in.string();
                String outcome = in.string();
                String errorMessage = in.string();
                String exceptionClass = in.string();
                int lines = (int) in.varlong();
                List<String> backtrace = null;
                if (lines > 0) {
                    backtrace = new ArrayList<>(lines - 1);
                    for (int l = 0; l < lines - 1; l++) backtrace.add(in.string());
                }
                Long dispatchId = format >= FORMAT_V2 ? in.nullableLong() : null;
                attempts.add(new AttemptRecord(n, dispatchedAt, startedAt, finishedAt, recordedAt, runnerId, outcome,
                        errorMessage, exceptionClass, backtrace, dispatchId));
            }
            steps.add(new StepRecord(name, stepState, attempt, maxAttempts, result, lastError, stepCompletedAt, nextAttemptAt,
                    attempts, hasResult));
        }
        return new TaskRecord(taskId, namespace, templateName, templateVersion, state, context, correlationId, idempotencyKey,
                createdAt, updatedAt, completedAt, error, steps, digest, traceId, parentSpanId, resumedAt);
    }

    private static final class Out {
        final ByteArrayOutputStream buf;

        Out(int size) {
            buf = new ByteArrayOutputStream(size);
        }

        /** Zig-zag varint: small magnitudes of either sign take few bytes. */
        void varlong(long v) {
            long z = (v << 1) ^ (v >> 63);
            while ((z & ~0x7FL) != 0) {
                buf.write((int) ((z & 0x7F) | 0x80));
                z >>>= 7;
            }
            buf.write((int) z);
        }

        void nullableLong(Long v) {
            buf.write(v == null ? 0 : 1);
            if (v != null) varlong(v);
        }

        void string(String s) {
            if (s == null) {
                varlong(0);
                return;
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            varlong(b.length + 1L);
            buf.write(b, 0, b.length);
        }

        void json(JsonNode node) {
            if (node == null) {
                varlong(0);
                return;
            }
            try {
                byte[] b = Json.MAPPER.writeValueAsBytes(node);
                varlong(b.length + 1L);
                buf.write(b, 0, b.length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class In {
        private final byte[] b;
        private int pos;

        In(byte[] b) {
            this.b = b;
        }

        int u8() {
            if (pos >= b.length) throw new IllegalArgumentException("task record truncated at byte " + pos);
            return b[pos++] & 0xFF;
        }

        long varlong() {
            long z = 0;
            for (int shift = 0; ; shift += 7) {
                if (shift > 63) throw new IllegalArgumentException("malformed varint at byte " + pos);
                int x = u8();
                z |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) break;
            }
            return (z >>> 1) ^ -(z & 1);
        }

        Long nullableLong() {
            return u8() == 0 ? null : varlong();
        }

        String string() {
            int n = length();
            if (n < 0) return null;
            String s = new String(b, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        JsonNode json() {
            int n = length();
            if (n < 0) return null;
            try {
                JsonNode node = Json.MAPPER.readTree(b, pos, n);
                pos += n;
                return node;
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable JSON value in a task record", e);
            }
        }

        private int length() {
            long n = varlong() - 1;
            if (n > b.length - pos) throw new IllegalArgumentException("task record truncated at byte " + pos);
            return (int) n;
        }
    }
}
