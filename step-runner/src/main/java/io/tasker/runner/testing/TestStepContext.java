package io.tasker.runner.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.runner.StepContext;
import io.tasker.runner.StepHandler;
import io.tasker.runner.StepOutcome;
import io.tasker.runner.internal.CommandStepContext;
import io.tasker.runner.internal.JsonSupport;
import io.tasker.templates.EventDeclaration;
import io.tasker.templates.TaskTemplate;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link StepContext} for unit-testing handlers without Kafka. Build one with {@link #builder()}; every field has a
 * harmless default (task {@code test-task}, step {@code test-step}, attempt 1, namespace {@code test}, template
 * {@code test} version {@code 0.0.0}, empty context and config, no dependencies, no correlation id, no deadline).
 *
 * <pre>{@code
 * StepOutcome out = TestStepContext.builder()
 *         .taskId("t-1")
 *         .context(Map.of("items", List.of(Map.of("sku", "A", "quantity", 2))))
 *         .build()
 *         .run(new FetchCartHandler());
 * }</pre>
 *
 * <p><b>Domain events:</b> {@link #publish(String, Object)} applies the runner's checks (declared name, payload at most
 * 64 KiB of JSON, payload valid against the event's schema) and records the event, so a test asserts what the handler
 * published with {@link #published()} and {@link #published(String)}. Give the context the step's declarations with
 * {@link Builder#template(TaskTemplate, String)} (or {@link Builder#declaredEvents(Collection)}); without them
 * {@code publish} throws, like a runner that was not started with the step's template.
 *
 * <pre>{@code
 * TestStepContext ctx = TestStepContext.builder()
 *         .template(new TemplateLoader(null).loadResource("templates/order.yaml"), "create_order")
 *         .context(Map.of("customer_id", "c-1"))
 *         .build();
 * StepOutcome out = ctx.run(new CreateOrderHandler());
 * assertThat(ctx.published("order.created")).singleElement()
 *         .extracting(e -> e.payload().path("order_id").asText()).isEqualTo("o-1");
 * }</pre>
 *
 * <p>Thread-safe (the handler may publish from threads it starts); the builder is not thread-safe.
 */
public final class TestStepContext implements StepContext {

    private final CommandStepContext delegate;
    private final TestEvents events;

    private TestStepContext(CommandStepContext delegate) {
        this.delegate = delegate;
        this.events = new TestEvents(delegate.events());
    }

    /** A new builder with the defaults listed on the class. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs {@code handler} as one attempt against this context exactly as the runner does: a thrown exception becomes
     * a retryable {@link StepOutcome.Failure} (with class and backtrace), a
     * {@link io.tasker.runner.PermanentStepException} or an uncaught {@link io.tasker.runner.InvalidEventException} a
     * permanent one, and a {@code null} return a permanent failure. Then, when the context knows the step's
     * declarations, the runner's declarative publication applies: events whose {@code condition} matches the outcome
     * and that the handler did not publish are recorded with the step result or error object as payload, and a
     * payload that breaks its event's contract turns the outcome into the permanent failure the runner would report.
     *
     * <p>Each call is a new attempt: events recorded before it are forgotten, and {@code publish} throws once the
     * handler has returned, as in the runner.
     *
     * @return the outcome the runner would report; never {@code null}
     */
    public StepOutcome run(StepHandler handler) {
        return events.run(handler, this);
    }

    /**
     * See {@link StepContext#publish(String, Object)}: validated like the runner does, then recorded.
     *
     * @throws IllegalStateException also when the context was built without the step's declarations
     */
    @Override
    public void publish(String name, Object payload) {
        delegate.publish(name, payload);
    }

    /**
     * The events of the attempt, in order: what the handler published, plus, after {@link #run(StepHandler)}, the
     * declarative ones. Never {@code null}, unmodifiable snapshot.
     */
    public List<RecordedEvent> published() {
        return events.published();
    }

    /** The events published under {@code name}, in order; empty when none. */
    public List<RecordedEvent> published(String name) {
        Objects.requireNonNull(name, "name");
        return published().stream().filter(e -> e.name().equals(name)).toList();
    }

    @Override
    public String taskId() {
        return delegate.taskId();
    }

    @Override
    public String stepName() {
        return delegate.stepName();
    }

    @Override
    public int attempt() {
        return delegate.attempt();
    }

    @Override
    public String namespace() {
        return delegate.namespace();
    }

    @Override
    public String templateName() {
        return delegate.templateName();
    }

    @Override
    public String templateVersion() {
        return delegate.templateVersion();
    }

    @Override
    public String correlationId() {
        return delegate.correlationId();
    }

    @Override
    public JsonNode context() {
        return delegate.context();
    }

    @Override
    public Map<String, JsonNode> dependencyResults() {
        return delegate.dependencyResults();
    }

    @Override
    public JsonNode dependencyResult(String step) {
        return delegate.dependencyResult(step);
    }

    @Override
    public JsonNode config() {
        return delegate.config();
    }

    @Override
    public Optional<Instant> deadline() {
        return delegate.deadline();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }

    /**
     * Builds a {@link TestStepContext}. JSON values may be given as a {@link JsonNode}, a JSON string (parsed), or
     * any object Jackson can convert (maps, lists, records, POJOs).
     */
    public static final class Builder {
        private String taskId = "test-task";
        private String stepName = "test-step";
        private int attempt = 1;
        private String namespace = "test";
        private String templateName = "test";
        private String templateVersion = "0.0.0";
        private String correlationId;
        private JsonNode context = JsonSupport.MAPPER.createObjectNode();
        private final Map<String, JsonNode> dependencyResults = new LinkedHashMap<>();
        private JsonNode config = JsonSupport.MAPPER.createObjectNode();
        private Instant deadline;
        private TaskTemplate template;
        private List<EventDeclaration> declaredEvents;

        private Builder() {
        }

        /**
         * Takes the namespace, template name, version and step name from {@code template} and its step
         * {@code stepName}, and that step's {@code publishes_events} as the declarations {@code publish} checks
         * against.
         *
         * @throws IllegalArgumentException at {@link #build()} if the template has no step of the final step name
         */
        public Builder template(TaskTemplate template, String stepName) {
            this.template = Objects.requireNonNull(template, "template");
            this.namespace = template.namespace();
            this.templateName = template.name();
            this.templateVersion = template.version();
            this.stepName = Objects.requireNonNull(stepName, "stepName");
            return this;
        }

        /** The step's event declarations, when not taken from a {@link #template(TaskTemplate, String)}. */
        public Builder declaredEvents(Collection<EventDeclaration> declarations) {
            this.declaredEvents = List.copyOf(declarations);
            return this;
        }

        public Builder taskId(String v) {
            this.taskId = v;
            return this;
        }

        public Builder stepName(String v) {
            this.stepName = v;
            return this;
        }

        /** @throws IllegalArgumentException if {@code v < 1} */
        public Builder attempt(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("attempt must be >= 1, was " + v);
            }
            this.attempt = v;
            return this;
        }

        public Builder namespace(String v) {
            this.namespace = v;
            return this;
        }

        public Builder templateName(String v) {
            this.templateName = v;
            return this;
        }

        public Builder templateVersion(String v) {
            this.templateVersion = v;
            return this;
        }

        /** @param v the correlation id; may be {@code null} */
        public Builder correlationId(String v) {
            this.correlationId = v;
            return this;
        }

        /** The task context: a JsonNode, JSON text, or a value Jackson converts. */
        public Builder context(Object v) {
            this.context = toJson(v);
            return this;
        }

        /** Adds the result of dependency {@code step}: a JsonNode, JSON text, or a value Jackson converts. */
        public Builder dependencyResult(String step, Object result) {
            this.dependencyResults.put(step, toJson(result));
            return this;
        }

        /** The handler config: a JsonNode, JSON text, or a value Jackson converts. */
        public Builder config(Object v) {
            this.config = toJson(v);
            return this;
        }

        /** @param v the deadline; may be {@code null} for none */
        public Builder deadline(Instant v) {
            this.deadline = v;
            return this;
        }

        /**
         * @throws NullPointerException     if an identity field was set to {@code null}
         * @throws IllegalArgumentException if a {@link #template(TaskTemplate, String)} was given that has no step
         *                                  named like the step
         */
        public TestStepContext build() {
            Objects.requireNonNull(stepName, "stepName");
            return new TestStepContext(new CommandStepContext(taskId, stepName, attempt, namespace, templateName,
                    templateVersion, correlationId, context, dependencyResults, config, deadline,
                    TestEvents.log(stepName, template, declaredEvents)));
        }

        private static JsonNode toJson(Object v) {
            if (v == null) {
                return null;
            }
            if (v instanceof JsonNode n) {
                return n;
            }
            if (v instanceof String s) {
                try {
                    return JsonSupport.MAPPER.readTree(s);
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
                }
            }
            return JsonSupport.MAPPER.valueToTree(v);
        }
    }
}
