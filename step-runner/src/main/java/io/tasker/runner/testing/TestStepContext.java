package io.tasker.runner.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.runner.StepContext;
import io.tasker.runner.StepHandler;
import io.tasker.runner.StepOutcome;
import io.tasker.runner.internal.CommandStepContext;
import io.tasker.runner.internal.JsonSupport;
import io.tasker.runner.internal.Outcomes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * <p>Immutable once built and thread-safe; the builder is not thread-safe.
 */
public final class TestStepContext implements StepContext {

    private final CommandStepContext delegate;

    private TestStepContext(CommandStepContext delegate) {
        this.delegate = delegate;
    }

    /** A new builder with the defaults listed on the class. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs {@code handler} against this context exactly as the runner does: a thrown exception becomes a retryable
     * {@link StepOutcome.Failure} (with class and backtrace), a {@link io.tasker.runner.PermanentStepException} a
     * permanent one, and a {@code null} return a permanent failure.
     *
     * @return the outcome the runner would report; never {@code null}
     */
    public StepOutcome run(StepHandler handler) {
        return Outcomes.invoke(handler, this);
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

        private Builder() {
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

        /** @throws NullPointerException if an identity field was set to {@code null} */
        public TestStepContext build() {
            return new TestStepContext(new CommandStepContext(taskId, stepName, attempt, namespace, templateName,
                    templateVersion, correlationId, context, dependencyResults, config, deadline));
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
