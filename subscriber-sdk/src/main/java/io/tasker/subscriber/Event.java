package io.tasker.subscriber;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One delivered event, domain ({@code order.created}) or lifecycle ({@code task.completed}, {@code step.failed}),
 * as a handler sees it. Immutable and thread-safe.
 *
 * <p><b>Nullability:</b> {@link #name()}, {@link #id()}, {@link #taskId()}, {@link #namespace()},
 * {@link #firedAt()}, {@link #kind()}, {@link #delivery()} and {@link #payloadJson()} are never null;
 * {@link #step()}, {@link #attempt()}, {@link #correlationId()}, {@link #templateName()} and
 * {@link #templateVersion()} may be null (a task-level lifecycle event has no step).
 *
 * <p><b>Payload:</b> a domain event's payload is the JSON the step published; a lifecycle event's payload is its
 * standard payload: the keys {@link io.tasker.schemas.LifecycleEventType} lists for it ({@code task_id},
 * {@code attempt}, {@code max_attempts}, {@code execution_duration_ms}, {@code error_message},
 * {@code next_attempt_at}, {@code failed_steps} ...; see {@link io.tasker.schemas.PayloadKey}). A lifecycle record
 * written before standard payloads existed gives {@code task_state}, {@code step_state} and {@code error_message}
 * only. The safe accessors
 * ({@link #get(String, Object)}, {@link #getString(String, String)} ...) never throw: a missing, null or mistyped
 * field gives the default. Paths are dotted ({@code customer.address.city}); a numeric segment indexes an array
 * ({@code items.0.sku}).
 *
 * <p>At-least-once: the same event can be delivered more than once (after a crash or a rebalance); {@link #id()} is
 * the same on every delivery, so handlers that must be idempotent can deduplicate on it.
 */
public final class Event {
    /** Where an event comes from. */
    public enum Kind {
        /** A business fact a step published, from a {@code domain-events.<namespace>} topic. */
        DOMAIN,
        /** A task or step transition, from the lifecycle topic. */
        LIFECYCLE
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Kind kind;
    private final String name;
    private final String id;
    private final String taskId;
    private final String step;
    private final Integer attempt;
    private final String namespace;
    private final String correlationId;
    private final Instant firedAt;
    private final String delivery;
    private final String templateName;
    private final String templateVersion;
    private final String payloadJson;
    private volatile JsonNode tree;

    private Event(Builder b) {
        this.kind = Objects.requireNonNull(b.kind, "kind");
        this.name = Objects.requireNonNull(b.name, "name");
        this.id = Objects.requireNonNull(b.id, "id");
        this.taskId = Objects.requireNonNull(b.taskId, "taskId");
        this.step = b.step;
        this.attempt = b.attempt;
        this.namespace = Objects.requireNonNull(b.namespace, "namespace");
        this.correlationId = b.correlationId;
        this.firedAt = Objects.requireNonNull(b.firedAt, "firedAt");
        this.delivery = Objects.requireNonNull(b.delivery, "delivery");
        this.templateName = b.templateName;
        this.templateVersion = b.templateVersion;
        this.payloadJson = Objects.requireNonNull(b.payloadJson, "payloadJson");
    }

    /**
     * A builder for an event named {@code name}, e.g. to feed the {@link SubscriberTestKit}. Defaults: kind by
     * name ({@code task.}, {@code step.}, {@code workflow.} = lifecycle), a random id, task id {@code test-task},
     * namespace {@code test}, fired now, delivery {@code DURABLE} (domain) or {@code LIFECYCLE}, payload {@code {}}.
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    public Kind kind() {
        return kind;
    }

    /** The event name ({@code order.created}) or lifecycle event type ({@code task.completed}). */
    public String name() {
        return name;
    }

    /** The event id: the same on every re-delivery of the event, so it can be used to deduplicate. */
    public String id() {
        return id;
    }

    /** The task the event belongs to; also the record key, so events of one task arrive in order. */
    public String taskId() {
        return taskId;
    }

    /** The step that published the event or that transitioned; null for task-level lifecycle events. */
    public String step() {
        return step;
    }

    /** The step attempt (1-based); null when not known (task-level lifecycle events). */
    public Integer attempt() {
        return attempt;
    }

    public String namespace() {
        return namespace;
    }

    /** The correlation id of the task request, or null. */
    public String correlationId() {
        return correlationId;
    }

    /** When the event was fired (domain) or the transition happened (lifecycle). */
    public Instant firedAt() {
        return firedAt;
    }

    /** {@code DURABLE} or {@code FIRE_AND_FORGET} for domain events, {@code LIFECYCLE} for lifecycle events. */
    public String delivery() {
        return delivery;
    }

    public String templateName() {
        return templateName;
    }

    public String templateVersion() {
        return templateVersion;
    }

    /** The payload as JSON text. */
    public String payloadJson() {
        return payloadJson;
    }

    /** The payload as a Jackson tree; a payload that is not JSON gives a missing node. Never throws. */
    public JsonNode payloadTree() {
        JsonNode t = tree;
        if (t == null) {
            try {
                t = JSON.readTree(payloadJson);
            } catch (Exception e) {
                t = MissingNode.getInstance();
            }
            tree = t == null ? MissingNode.getInstance() : t;
        }
        return tree;
    }

    /**
     * The payload mapped to {@code type} with Jackson (unknown properties ignored).
     *
     * @throws PayloadMappingException if the payload does not map; it is not retried
     */
    public <T> T payload(Class<T> type) {
        try {
            return JSON.readValue(payloadJson, type);
        } catch (Exception e) {
            throw new PayloadMappingException("payload of " + name + " (" + id + ") does not map to "
                    + type.getName() + ": " + e.getMessage(), e);
        }
    }

    /** The node at {@code path}, if present and not JSON null. Never throws. */
    public Optional<JsonNode> node(String path) {
        JsonNode n = payloadTree();
        if (path == null || path.isEmpty()) {
            return n.isMissingNode() || n.isNull() ? Optional.empty() : Optional.of(n);
        }
        for (String seg : path.split("\\.", -1)) {
            if (n.isArray() && isIndex(seg)) {
                n = n.path(Integer.parseInt(seg));
            } else {
                n = n.path(seg);
            }
            if (n.isMissingNode()) {
                return Optional.empty();
            }
        }
        return n.isNull() ? Optional.empty() : Optional.of(n);
    }

    /**
     * The value at {@code path} typed like {@code defaultValue} ({@code String}, {@code Integer}, {@code Long},
     * {@code Double}, {@code Boolean}, or a {@code JsonNode}), or {@code defaultValue} when it is missing, null or
     * of another type (a string is never parsed as a number). With a default of another type the value is mapped
     * to that type with Jackson; with a null default to its natural Java type (String, Number, Boolean, List, Map).
     * Anything that does not map gives the default. Never throws.
     */
    @SuppressWarnings("unchecked")
    public <T> T get(String path, T defaultValue) {
        Optional<JsonNode> found = node(path);
        if (found.isEmpty()) {
            return defaultValue;
        }
        JsonNode n = found.get();
        if (defaultValue instanceof String) {
            return n.isTextual() ? (T) n.textValue() : defaultValue;
        }
        if (defaultValue instanceof Integer) {
            return n.isIntegralNumber() && n.canConvertToInt() ? (T) Integer.valueOf(n.intValue()) : defaultValue;
        }
        if (defaultValue instanceof Long) {
            return n.isIntegralNumber() && n.canConvertToLong() ? (T) Long.valueOf(n.longValue()) : defaultValue;
        }
        if (defaultValue instanceof Double) {
            return n.isNumber() ? (T) Double.valueOf(n.doubleValue()) : defaultValue;
        }
        if (defaultValue instanceof Boolean) {
            return n.isBoolean() ? (T) Boolean.valueOf(n.booleanValue()) : defaultValue;
        }
        if (defaultValue instanceof JsonNode) {
            return (T) n;
        }
        try {
            Class<?> type = defaultValue == null ? Object.class : defaultValue.getClass();
            return (T) JSON.treeToValue(n, type);
        } catch (Exception e) {
            return defaultValue;
        }
    }

    public String getString(String path, String defaultValue) {
        return node(path).filter(JsonNode::isTextual).map(JsonNode::textValue).orElse(defaultValue);
    }

    public int getInt(String path, int defaultValue) {
        return get(path, (Integer) defaultValue);
    }

    public long getLong(String path, long defaultValue) {
        return get(path, (Long) defaultValue);
    }

    public double getDouble(String path, double defaultValue) {
        return get(path, (Double) defaultValue);
    }

    public boolean getBoolean(String path, boolean defaultValue) {
        return get(path, (Boolean) defaultValue);
    }

    private static boolean isIndex(String seg) {
        if (seg.isEmpty() || seg.length() > 9) {
            return false;
        }
        for (int i = 0; i < seg.length(); i++) {
            if (!Character.isDigit(seg.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "Event[" + name + " id=" + id + " task=" + taskId + (step == null ? "" : " step=" + step) + "]";
    }

    /** Builds an {@link Event}; not thread-safe. */
    public static final class Builder {
        private Kind kind;
        private final String name;
        private String id = java.util.UUID.randomUUID().toString();
        private String taskId = "test-task";
        private String step;
        private Integer attempt;
        private String namespace = "test";
        private String correlationId;
        private Instant firedAt = Instant.now();
        private String delivery;
        private String templateName;
        private String templateVersion;
        private String payloadJson = "{}";

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
            this.kind = isLifecycleName(name) ? Kind.LIFECYCLE : Kind.DOMAIN;
        }

        public Builder kind(Kind v) {
            kind = v;
            return this;
        }

        public Builder id(String v) {
            id = v;
            return this;
        }

        public Builder taskId(String v) {
            taskId = v;
            return this;
        }

        public Builder step(String v) {
            step = v;
            return this;
        }

        public Builder attempt(Integer v) {
            attempt = v;
            return this;
        }

        public Builder namespace(String v) {
            namespace = v;
            return this;
        }

        public Builder correlationId(String v) {
            correlationId = v;
            return this;
        }

        public Builder firedAt(Instant v) {
            firedAt = v;
            return this;
        }

        public Builder delivery(String v) {
            delivery = v;
            return this;
        }

        public Builder template(String name, String version) {
            templateName = name;
            templateVersion = version;
            return this;
        }

        public Builder payloadJson(String v) {
            payloadJson = v;
            return this;
        }

        /** The payload as an object (map, record, POJO) serialized with Jackson. */
        public Builder payload(Object v) {
            try {
                payloadJson = JSON.writeValueAsString(v);
            } catch (Exception e) {
                throw new IllegalArgumentException("payload cannot be written as JSON: " + e.getMessage(), e);
            }
            return this;
        }

        public Event build() {
            if (delivery == null) {
                delivery = kind == Kind.LIFECYCLE ? "LIFECYCLE" : "DURABLE";
            }
            return new Event(this);
        }
    }

    /**
     * Whether {@code name} is a lifecycle event type: it starts with {@code task.}, {@code step.} or {@code workflow.}
     * (see {@link io.tasker.schemas.LifecycleEventType#isReservedName(String)}).
     */
    public static boolean isLifecycleName(String name) {
        return io.tasker.schemas.LifecycleEventType.isReservedName(name);
    }
}
