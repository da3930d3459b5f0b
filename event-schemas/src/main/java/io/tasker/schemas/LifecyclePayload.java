package io.tasker.schemas;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Builds the standard payload of a {@link LifecycleEventType} (Tasker's {@code EventPayloadBuilder} rule): the common
 * keys always, then what the type requires; {@link Builder#build()} refuses a payload missing a required key or
 * carrying a key the type does not define, so no emitting site can drift from the catalog. Error texts are bounded
 * here, whatever a runner sent. Not thread-safe (one builder per event); the built JSON is a fresh tree.
 */
public final class LifecyclePayload {
    public static final int MAX_ERROR_CHARS = 4096;
    public static final int MAX_BACKTRACE_LINES = 50;
    public static final int MAX_LINE_CHARS = 512;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One failed step of a failed task, as {@code failed_steps} lists it. */
    public record FailedStep(String stepName, int attempt, String errorMessage, String exceptionClass) {
    }

    private LifecyclePayload() {
    }

    /** A builder for an event of {@code type} with this id and time. */
    public static Builder builder(LifecycleEventType type, String eventId, Instant occurredAt) {
        return new Builder(type, eventId, occurredAt);
    }

    /** {@code s} cut to {@code max} characters with a note of how much was cut; null stays null. */
    public static String bounded(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max) + "... (" + (s.length() - max) + " more characters)";
    }

    /** At most {@link #MAX_BACKTRACE_LINES} lines of at most {@link #MAX_LINE_CHARS}, plus a line counting the rest. */
    public static List<String> boundedBacktrace(List<? extends CharSequence> lines) {
        if (lines == null) return List.of();
        List<String> out = new ArrayList<>(Math.min(lines.size(), MAX_BACKTRACE_LINES + 1));
        for (int i = 0; i < lines.size() && i < MAX_BACKTRACE_LINES; i++) {
            out.add(bounded(lines.get(i).toString(), MAX_LINE_CHARS));
        }
        if (lines.size() > MAX_BACKTRACE_LINES) out.add("... " + (lines.size() - MAX_BACKTRACE_LINES) + " more lines");
        return out;
    }

    /** The JSON Schema (draft 2020-12) of {@code type}'s payload: every defined key typed, the required ones required. */
    public static ObjectNode schema(LifecycleEventType type) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        s.put("title", type.wireName());
        s.put("description", type.description());
        s.put("type", "object");
        ObjectNode props = s.putObject("properties");
        ArrayNode required = s.putArray("required");
        for (PayloadKey k : type.requiredKeys()) {
            props.set(k.key(), keySchema(k, type));
            required.add(k.key());
        }
        for (PayloadKey k : type.optionalKeys()) {
            props.set(k.key(), keySchema(k, type));
        }
        return s;
    }

    private static ObjectNode keySchema(PayloadKey k, LifecycleEventType type) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("description", k.description());
        switch (k.type()) {
            case "string" -> p.put("type", "string");
            case "nullable-string" -> p.putArray("type").add("string").add("null");
            case "date-time" -> p.put("type", "string").put("format", "date-time");
            case "integer" -> p.put("type", "integer");
            case "boolean" -> p.put("type", "boolean");
            case "string-array" -> p.put("type", "array").putObject("items").put("type", "string");
            case "failed-steps" -> {
                ObjectNode item = p.put("type", "array").putObject("items");
                item.put("type", "object");
                ObjectNode ip = item.putObject("properties");
                ip.putObject("step_name").put("type", "string");
                ip.putObject("attempt").put("type", "integer");
                ip.putObject("error_message").putArray("type").add("string").add("null");
                ip.putObject("exception_class").putArray("type").add("string").add("null");
                item.putArray("required").add("step_name").add("attempt").add("error_message");
            }
            default -> throw new IllegalStateException("unknown payload key type " + k.type());
        }
        if (k == PayloadKey.EVENT_TYPE) {
            p.put("const", type.wireName());
        }
        return p;
    }

    /** Collects the values of one event's payload; see {@link LifecyclePayload}. */
    public static final class Builder {
        private final LifecycleEventType type;
        private final ObjectNode node = JsonNodeFactory.instance.objectNode();
        private final Set<PayloadKey> set = EnumSet.noneOf(PayloadKey.class);

        private Builder(LifecycleEventType type, String eventId, Instant occurredAt) {
            this.type = Objects.requireNonNull(type, "type");
            put(PayloadKey.EVENT_ID, Objects.requireNonNull(eventId, "eventId"));
            put(PayloadKey.EVENT_TYPE, type.wireName());
            put(PayloadKey.OCCURRED_AT, Objects.requireNonNull(occurredAt, "occurredAt").toString());
        }

        /** The task keys: id, namespace, template, version, correlation id (nullable) and its state after the event. */
        public Builder task(String taskId, String namespace, String templateName, String templateVersion,
                String correlationId, String taskState) {
            put(PayloadKey.TASK_ID, taskId);
            put(PayloadKey.NAMESPACE, namespace);
            put(PayloadKey.TEMPLATE_NAME, templateName);
            put(PayloadKey.TEMPLATE_VERSION, templateVersion);
            put(PayloadKey.CORRELATION_ID, correlationId);
            if (allowed(PayloadKey.TASK_STATE)) put(PayloadKey.TASK_STATE, taskState);
            return this;
        }

        public Builder step(String stepName, String stepState, int attempt, int maxAttempts) {
            put(PayloadKey.STEP_NAME, stepName);
            put(PayloadKey.STEP_STATE, stepState);
            node.put(PayloadKey.ATTEMPT.key(), attempt);
            set.add(PayloadKey.ATTEMPT);
            node.put(PayloadKey.MAX_ATTEMPTS.key(), maxAttempts);
            set.add(PayloadKey.MAX_ATTEMPTS);
            return this;
        }

        /** {@code started_at}, and with {@code completedAt} (nullable) {@code completed_at} and the duration. */
        public Builder timing(Instant startedAt, Instant completedAt) {
            put(PayloadKey.STARTED_AT, startedAt.toString());
            if (completedAt != null && allowed(PayloadKey.COMPLETED_AT)) {
                put(PayloadKey.COMPLETED_AT, completedAt.toString());
                node.put(PayloadKey.EXECUTION_DURATION_MS.key(), Math.max(0, completedAt.toEpochMilli() - startedAt.toEpochMilli()));
                set.add(PayloadKey.EXECUTION_DURATION_MS);
            }
            return this;
        }

        /** The failure keys; texts are bounded. {@code exceptionClass} and {@code backtrace} may be null. */
        public Builder failure(String errorMessage, String exceptionClass, List<? extends CharSequence> backtrace,
                boolean retryable) {
            put(PayloadKey.ERROR_MESSAGE, bounded(errorMessage == null ? "unknown error" : errorMessage, MAX_ERROR_CHARS));
            put(PayloadKey.EXCEPTION_CLASS, exceptionClass);
            if (allowed(PayloadKey.BACKTRACE)) {
                ArrayNode bt = node.putArray(PayloadKey.BACKTRACE.key());
                boundedBacktrace(backtrace).forEach(bt::add);
                set.add(PayloadKey.BACKTRACE);
            }
            node.put(PayloadKey.RETRYABLE.key(), retryable);
            set.add(PayloadKey.RETRYABLE);
            return this;
        }

        /** The scheduled retry: delay and when it is due. */
        public Builder retry(long delayMs, Instant nextAttemptAt) {
            node.put(PayloadKey.RETRY_DELAY_MS.key(), delayMs);
            set.add(PayloadKey.RETRY_DELAY_MS);
            put(PayloadKey.NEXT_ATTEMPT_AT, nextAttemptAt.toString());
            return this;
        }

        /** A task-level error message (task.failed), bounded. */
        public Builder errorMessage(String message) {
            put(PayloadKey.ERROR_MESSAGE, bounded(message, MAX_ERROR_CHARS));
            return this;
        }

        public Builder stepCount(int n) {
            node.put(PayloadKey.STEP_COUNT.key(), n);
            set.add(PayloadKey.STEP_COUNT);
            return this;
        }

        public Builder failedSteps(List<FailedStep> steps) {
            ArrayNode a = node.putArray(PayloadKey.FAILED_STEPS.key());
            for (FailedStep f : steps) {
                ObjectNode o = a.addObject();
                o.put("step_name", f.stepName());
                o.put("attempt", f.attempt());
                o.put("error_message", bounded(f.errorMessage(), MAX_ERROR_CHARS));
                o.put("exception_class", f.exceptionClass());
            }
            set.add(PayloadKey.FAILED_STEPS);
            return this;
        }

        public Builder readySteps(List<String> steps) {
            return strings(PayloadKey.READY_STEPS, steps);
        }

        public Builder blockedSteps(List<String> steps) {
            return strings(PayloadKey.BLOCKED_STEPS, steps);
        }

        /** The operator's reason (nullable). */
        public Builder reason(String reason) {
            put(PayloadKey.REASON, bounded(reason, MAX_ERROR_CHARS));
            return this;
        }

        public Builder completedManually(boolean manual) {
            node.put(PayloadKey.COMPLETED_MANUALLY.key(), manual);
            set.add(PayloadKey.COMPLETED_MANUALLY);
            return this;
        }

        /**
         * The payload.
         *
         * @throws IllegalStateException naming the required keys that were not set, or a key the type does not define
         */
        public ObjectNode build() {
            List<String> missing = type.requiredKeys().stream().filter(k -> !set.contains(k)).map(PayloadKey::key).toList();
            if (!missing.isEmpty()) {
                throw new IllegalStateException(type.wireName() + " payload lacks " + missing);
            }
            for (PayloadKey k : set) {
                if (!allowed(k)) {
                    throw new IllegalStateException(type.wireName() + " payload does not define " + k.key());
                }
            }
            return node.deepCopy();
        }

        /** {@link #build()} as JSON text. */
        public String toJson() {
            try {
                return JSON.writeValueAsString(build());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        private boolean allowed(PayloadKey k) {
            return type.requiredKeys().contains(k) || type.optionalKeys().contains(k);
        }

        private Builder strings(PayloadKey k, List<String> values) {
            ArrayNode a = node.putArray(k.key());
            values.forEach(a::add);
            set.add(k);
            return this;
        }

        private void put(PayloadKey k, String value) {
            node.put(k.key(), value);
            set.add(k);
        }
    }
}
