package io.tasker.subscriber;

import io.tasker.subscriber.internal.EventPattern;
import io.tasker.subscriber.internal.HandlerBinding;
import io.tasker.subscriber.internal.MethodRouter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A subscriber: a named set of handlers for domain events ({@code order.created}) and lifecycle events
 * ({@code task.completed}, {@code step.failed}). Run it with {@link SubscriberRunner} against Kafka, or with
 * {@link SubscriberTestKit} without Kafka; both use the same dispatch and retry code.
 *
 * <p><b>Class style:</b> subclass it, name the events with {@link Subscribe @Subscribe} (or call
 * {@link #subscribeTo(String...)} in the constructor) and write one method per name: {@code order.created} is routed
 * to {@code handleOrderCreated(Event)}, {@code payment.*} to {@code handlePaymentAny(Event)}, {@code *} to
 * {@code handleAny(Event)}. A subscribed name without its method fails start-up with a
 * {@link SubscriberDefinitionException} naming the method. The method's name is the handler name. System event names
 * are constants of {@link io.tasker.schemas.LifecycleEventNames} (only the durable ones are delivered; subscribing to
 * a telemetry-only one such as {@code step.enqueued} fails start-up).
 *
 * <pre>{@code
 * @Subscribe({"order.created", LifecycleEventNames.TASK_FAILED})
 * class OrderNotifications extends TaskerSubscriber {
 *     OrderNotifications() { super("order-notifications"); }
 *     void handleOrderCreated(Event e) { mailer.send(e.getString("customer_id", "unknown")); }
 *     void handleTaskFailed(Event e) { pager.page(e.taskId()); }
 * }
 * }</pre>
 *
 * <p><b>Builder style:</b> {@code TaskerSubscriber.builder("audit").on("payment.*", e -> ...)
 * .on("order.created", OrderCreated.class, (e, order) -> ...).build()}. A subclass may also call
 * {@link #on(String, EventHandler)} in its constructor.
 *
 * <p><b>Handlers are isolated:</b> every handler whose pattern matches an event gets it, and each is retried and
 * dead-lettered on its own; one handler's failure never skips another's work.
 *
 * <p><b>Threading:</b> define the subscriber (constructor, builder) on one thread before it is started; its handlers
 * are then called concurrently for different task ids (see {@link EventHandler}).
 */
public class TaskerSubscriber {
    private final String name;
    private final Set<String> subscriptions = new LinkedHashSet<>();
    private final List<HandlerBinding> explicit = new ArrayList<>();
    private final Map<String, RetryPolicy> handlerPolicies = new HashMap<>();
    private final Map<String, Duration> handlerTimeouts = new HashMap<>();
    private RetryPolicy retryPolicy;
    private volatile Map<String, Object> config = Map.of();

    /**
     * @param name the subscriber name: its consumer group by default and part of its DLQ topic name; letters, digits,
     *             {@code .}, {@code _} and {@code -}
     */
    protected TaskerSubscriber(String name) {
        this.name = SubscriberConfig.requireValidName(name);
        Subscribe s = getClass().getAnnotation(Subscribe.class);
        if (s != null) {
            subscribeTo(s.value());
        }
    }

    /** A builder-style subscriber named {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    public final String name() {
        return name;
    }

    /** Subscribes to more names or patterns, each routed to its {@code handleXxx(Event)} method. */
    protected final TaskerSubscriber subscribeTo(String... namesOrPatterns) {
        for (String n : namesOrPatterns) {
            subscriptions.add(EventPattern.parse(n).text());
        }
        return this;
    }

    /** Adds a handler for {@code pattern}, named after the pattern. */
    protected final TaskerSubscriber on(String pattern, EventHandler handler) {
        return on(pattern, null, handler);
    }

    /** Adds a handler named {@code handlerName} (null = the pattern) for {@code pattern}. */
    protected final TaskerSubscriber on(String pattern, String handlerName, EventHandler handler) {
        EventPattern p = EventPattern.parse(pattern);
        Objects.requireNonNull(handler, "handler");
        String base = handlerName == null ? p.text() : handlerName;
        String unique = base;
        for (int i = 2; handlerNameTaken(unique); i++) {
            if (handlerName != null) {
                throw new SubscriberDefinitionException("subscriber " + name + ": two handlers named " + handlerName);
            }
            unique = base + "#" + i;
        }
        explicit.add(new HandlerBinding(unique, p, handler, null, null));
        return this;
    }

    /** The retry policy of every handler without its own (null = from {@link SubscriberConfig}). */
    protected final TaskerSubscriber retryPolicy(RetryPolicy policy) {
        this.retryPolicy = policy;
        return this;
    }

    /** The retry policy of one handler (method name or builder handler name). */
    protected final TaskerSubscriber retryPolicy(String handlerName, RetryPolicy policy) {
        handlerPolicies.put(handlerName, Objects.requireNonNull(policy, "policy"));
        return this;
    }

    /** The timeout of one handler's attempts (default {@link SubscriberConfig#HANDLER_TIMEOUT_MS}). */
    protected final TaskerSubscriber timeout(String handlerName, Duration timeout) {
        handlerTimeouts.put(handlerName, Objects.requireNonNull(timeout, "timeout"));
        return this;
    }

    /**
     * Called once, before the first event, with the free {@code config} map of the subscriber's YAML file (empty if
     * none). Override to read settings; the default does nothing. Also available later as {@link #config()}.
     */
    protected void configure(Map<String, Object> config) {
    }

    /** The free {@code config} map given at start-up; empty before start. Never null, unmodifiable. */
    public final Map<String, Object> config() {
        return config;
    }

    /**
     * Whether one of this subscriber's own handlers ({@code @Subscribe}, {@code subscribeTo}, {@code on}) receives
     * events named {@code eventName}; events added by a config file's {@code events} are not counted.
     */
    public final boolean wants(String eventName) {
        return subscriptions.stream().anyMatch(s -> EventPattern.parse(s).matches(eventName))
                || explicit.stream().anyMatch(b -> b.pattern().matches(eventName));
    }

    /** The subscriber's own retry policy, or null. */
    final RetryPolicy ownRetryPolicy() {
        return retryPolicy;
    }

    final void init(Map<String, Object> freeConfig) {
        this.config = Map.copyOf(freeConfig);
        configure(this.config);
    }

    /**
     * Every handler, with {@code extraSubscriptions} (e.g. the events of a YAML file) added to the subscribed names,
     * and defaults applied to handlers without their own policy or timeout.
     *
     * @throws SubscriberDefinitionException if a subscribed name has neither a method nor an {@code on} handler, or
     *                                       the subscriber has no handler at all
     */
    final List<HandlerBinding> bindings(Collection<String> extraSubscriptions, RetryPolicy defaultPolicy,
            Duration defaultTimeout) {
        Set<String> all = new LinkedHashSet<>(subscriptions);
        all.addAll(extraSubscriptions);
        List<HandlerBinding> out = new ArrayList<>();
        for (String s : all) {
            EventPattern p = EventPattern.parse(s);
            boolean coveredByOn = explicit.stream().anyMatch(b -> b.pattern().text().equals(p.text()));
            if (coveredByOn && !hasMethod(p)) {
                continue;
            }
            out.add(new HandlerBinding(p.methodName(), p, MethodRouter.route(this, p), null, null));
        }
        out.addAll(explicit);
        if (out.isEmpty()) {
            throw new SubscriberDefinitionException("subscriber " + name
                    + " handles no events: use @Subscribe, subscribeTo(...) or on(...)");
        }
        RetryPolicy subscriberPolicy = retryPolicy == null ? defaultPolicy : retryPolicy;
        List<HandlerBinding> resolved = new ArrayList<>();
        for (HandlerBinding b : out) {
            resolved.add(new HandlerBinding(b.name(), b.pattern(), b.handler(), handlerPolicies.get(b.name()),
                    handlerTimeouts.get(b.name())).withDefaults(subscriberPolicy, defaultTimeout));
        }
        for (String h : handlerPolicies.keySet()) {
            requireHandler(resolved, h);
        }
        for (String h : handlerTimeouts.keySet()) {
            requireHandler(resolved, h);
        }
        return resolved;
    }

    private void requireHandler(List<HandlerBinding> bindings, String handlerName) {
        if (bindings.stream().noneMatch(b -> b.name().equals(handlerName))) {
            throw new SubscriberDefinitionException("subscriber " + name + " configures handler " + handlerName
                    + " but has no handler of that name");
        }
    }

    private boolean hasMethod(EventPattern p) {
        try {
            MethodRouter.route(this, p);
            return true;
        } catch (SubscriberDefinitionException e) {
            return false;
        }
    }

    private boolean handlerNameTaken(String n) {
        return explicit.stream().anyMatch(b -> b.name().equals(n));
    }

    @Override
    public String toString() {
        return "TaskerSubscriber[" + name + "]";
    }

    /**
     * Builds a subscriber from lambdas. {@link #named}, {@link #retry(RetryPolicy)} and {@link #timeout} after an
     * {@code on(...)} apply to that handler. Not thread-safe.
     */
    public static final class Builder {
        private final TaskerSubscriber subscriber;
        private String last;

        private Builder(String name) {
            subscriber = new TaskerSubscriber(name);
        }

        /** Handles events matching {@code pattern}. */
        public Builder on(String pattern, EventHandler handler) {
            subscriber.on(pattern, handler);
            last = subscriber.explicit.get(subscriber.explicit.size() - 1).name();
            return this;
        }

        /** Handles events matching {@code pattern} with their payload mapped to {@code type}. */
        public <T> Builder on(String pattern, Class<T> type, PayloadHandler<T> handler) {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(handler, "handler");
            return on(pattern, e -> handler.handle(e, e.payload(type)));
        }

        /** Names the last added handler (the DLQ and the counters use the name). */
        public Builder named(String handlerName) {
            HandlerBinding b = lastBinding();
            if (subscriber.handlerNameTaken(handlerName) && !b.name().equals(handlerName)) {
                throw new SubscriberDefinitionException("subscriber " + subscriber.name + ": two handlers named "
                        + handlerName);
            }
            subscriber.explicit.set(subscriber.explicit.size() - 1,
                    new HandlerBinding(handlerName, b.pattern(), b.handler(), null, null));
            RetryPolicy p = subscriber.handlerPolicies.remove(b.name());
            if (p != null) {
                subscriber.handlerPolicies.put(handlerName, p);
            }
            Duration t = subscriber.handlerTimeouts.remove(b.name());
            if (t != null) {
                subscriber.handlerTimeouts.put(handlerName, t);
            }
            last = handlerName;
            return this;
        }

        /** The retry policy of the last added handler, or of the whole subscriber before any {@code on(...)}. */
        public Builder retry(RetryPolicy policy) {
            if (last == null) {
                subscriber.retryPolicy(policy);
            } else {
                subscriber.retryPolicy(last, policy);
            }
            return this;
        }

        /** The attempt timeout of the last added handler. */
        public Builder timeout(Duration timeout) {
            lastBinding();
            subscriber.timeout(last, timeout);
            return this;
        }

        /** Also subscribes to names routed by method name (only useful for subclasses; rarely needed here). */
        public Builder subscribeTo(String... namesOrPatterns) {
            subscriber.subscribeTo(namesOrPatterns);
            return this;
        }

        public TaskerSubscriber build() {
            return subscriber;
        }

        private HandlerBinding lastBinding() {
            if (last == null) {
                throw new IllegalStateException("call on(...) first");
            }
            return subscriber.explicit.get(subscriber.explicit.size() - 1);
        }
    }
}
