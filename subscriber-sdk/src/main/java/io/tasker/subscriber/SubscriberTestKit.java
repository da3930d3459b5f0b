package io.tasker.subscriber;

import io.tasker.schemas.CloudEventHeaders;
import io.tasker.schemas.TaskerTopics;
import io.tasker.subscriber.internal.Counters;
import io.tasker.subscriber.internal.DeadLetter;
import io.tasker.subscriber.internal.DeadLetterSink;
import io.tasker.subscriber.internal.Dispatcher;
import io.tasker.subscriber.internal.DlqRecords;
import io.tasker.subscriber.internal.HandlerBinding;
import io.tasker.subscriber.internal.SourceRecord;
import io.tasker.subscriber.internal.SubscriberTracing;
import io.tasker.subscriber.internal.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Runs a subscriber's handlers without Kafka, through the same dispatch, retry and dead-letter code as
 * {@link SubscriberRunner}, on a virtual clock: retries never sleep, {@link #elapsed()} tells how long they would have
 * waited. {@link #send} returns when every matching handler finished (handled or dead-lettered).
 *
 * <pre>{@code
 * SubscriberTestKit kit = SubscriberTestKit.of(new OrderNotifications());
 * kit.send("order.created", Map.of("order_id", "o-1", "amount", 12.5));
 * assertThat(kit.metrics().handled("handleOrderCreated")).isEqualTo(1);
 * assertThat(kit.deadLetters()).isEmpty();
 * }</pre>
 *
 * <p>Handler timeouts are not enforced (handlers run on the calling thread). Not thread-safe: use from one test thread.
 */
public final class SubscriberTestKit {
    /** What one handler gave up on: the DLQ record's headers are exactly those the engine would write. */
    public record DeadLettered(String handler, String eventName, String reason, int attempts,
            Map<String, String> headers, Throwable error) {
    }

    /** The outcome of one {@link #send}: which handlers handled the event and which dead-lettered it. */
    public record Delivery(Event event, List<String> handled, List<DeadLettered> deadLettered) {
    }


    private final TaskerSubscriber subscriber;
    private final Counters counters;
    private final Dispatcher dispatcher;
    private final VirtualTimer timer = new VirtualTimer();
    private final List<DeadLettered> deadLetters = new ArrayList<>();
    private final TaskerTopics topics = TaskerTopics.defaults();
    private long offset;

    private SubscriberTestKit(TaskerSubscriber subscriber, List<String> events, RetryPolicy defaultPolicy,
            Map<String, Object> config) {
        this(subscriber, events, defaultPolicy, config, io.opentelemetry.api.OpenTelemetry.noop(), subscriber.name(),
                io.tasker.schemas.redaction.Redactor.defaults());
    }

    private SubscriberTestKit(TaskerSubscriber subscriber, List<String> events, RetryPolicy defaultPolicy,
            Map<String, Object> config, io.opentelemetry.api.OpenTelemetry otel, String groupId,
            io.tasker.schemas.redaction.Redactor redactor) {
        this.subscriber = subscriber;
        this.counters = new Counters(subscriber.name(), otel);
        List<HandlerBinding> bindings = subscriber.bindings(events, defaultPolicy,
                Duration.ofMillis(SubscriberConfig.DEFAULT_HANDLER_TIMEOUT_MS));
        subscriber.init(config);
        DeadLetterSink sink = (letter, stored) -> {
            deadLetters.add(toDeadLettered(letter));
            stored.run();
        };
        // jitter 0.5 = the middle of the spread: the schedule is the policy's base delays
        this.dispatcher = new Dispatcher(new Dispatcher.Context(subscriber.name(), Runnable::run, timer, counters,
                sink, () -> 0.5, DeliveryListener.NONE,
                new SubscriberTracing(otel, subscriber.name(), groupId, null, redactor)), bindings);
    }

    /**
     * A test kit for {@code subscriber} with {@link RetryPolicy#defaults()} for handlers without their own policy.
     *
     * @throws SubscriberDefinitionException as {@link SubscriberRunner#start} would
     */
    public static SubscriberTestKit of(TaskerSubscriber subscriber) {
        return new SubscriberTestKit(subscriber, List.of(), RetryPolicy.defaults(), Map.of());
    }

    /**
     * Like {@link #of(TaskerSubscriber)} with a config's events, retry policy, free {@code config} map, redaction and
     * {@link SubscriberConfig#openTelemetry() OpenTelemetry}: the deliveries' spans and metrics are reported as the
     * runner would report them (the kit's other factories report to the no-op API).
     */
    public static SubscriberTestKit of(TaskerSubscriber subscriber, SubscriberConfig config) {
        return new SubscriberTestKit(subscriber, config.events(), config.retryPolicy(), config.subscriberConfig(),
                config.openTelemetry(), config.groupId(), new io.tasker.schemas.redaction.Redactor(config.redaction()));
    }

    /**
     * Like {@link #of(TaskerSubscriber)}, handing {@code config} to {@link TaskerSubscriber#configure(Map)} (what a
     * YAML file's {@code config:} section holds).
     */
    public static SubscriberTestKit of(TaskerSubscriber subscriber, Map<String, Object> config) {
        return new SubscriberTestKit(subscriber, List.of(), RetryPolicy.defaults(), config);
    }

    /** Like {@link #of(TaskerSubscriber)} with {@code defaultPolicy} for handlers without their own. */
    public static SubscriberTestKit of(TaskerSubscriber subscriber, RetryPolicy defaultPolicy) {
        return new SubscriberTestKit(subscriber, List.of(), defaultPolicy, Map.of());
    }

    /** Delivers an event named {@code name} whose payload is {@code payload} serialized as JSON. */
    public Delivery send(String name, Object payload) {
        return send(Event.builder(name).payload(payload).build());
    }

    /**
     * Delivers the example of an event catalog entry: the JSON that {@code GET /v1/events/{name}} or
     * {@code tasker events show NAME --output json} answer (its {@code name}, {@code namespace} and {@code example}).
     * The event's task id, template, step, attempt and correlation id are taken from the example where it has them
     * (the standard payload keys of system events), so the handler sees what a subscriber would receive.
     *
     * @throws IllegalArgumentException if the entry has no {@code name} or no {@code example} object
     */
    public Delivery sendCatalogExample(com.fasterxml.jackson.databind.JsonNode entry) {
        String name = entry == null ? "" : entry.path("name").asText("");
        com.fasterxml.jackson.databind.JsonNode example = entry == null ? null : entry.get("example");
        if (name.isEmpty() || example == null || !example.isObject()) {
            throw new IllegalArgumentException("not a catalog entry with a name and an example object: " + entry);
        }
        Event.Builder b = Event.builder(name).payload(example)
                .taskId(example.path("task_id").asText("example-task"))
                .namespace(entry.path("namespace").asText(example.path("namespace").asText(null)))
                .correlationId(example.path("correlation_id").asText(null));
        if (example.has("template_name")) {
            b.template(example.path("template_name").asText(), example.path("template_version").asText(null));
        }
        if (example.has("step_name")) {
            b.step(example.path("step_name").asText());
        }
        if (example.path("attempt").canConvertToInt()) {
            b.attempt(example.path("attempt").asInt());
        }
        if (example.has("event_id")) {
            b.id(example.path("event_id").asText());
        }
        return send(b.build());
    }

    /** Delivers {@code event} (see {@link Event#builder(String)}) and runs every retry until all handlers finish. */
    public Delivery send(Event event) {
        String topic = event.kind() == Event.Kind.LIFECYCLE ? topics.lifecycle()
                : topics.domainEvents(event.namespace());
        RecordHeaders headers = new RecordHeaders();
        // the caller's current span (if any) stands for the producer: the delivery's span becomes its child
        io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator.getInstance().inject(
                io.opentelemetry.context.Context.current(), headers,
                (h, k, v) -> h.add(k, v.getBytes(StandardCharsets.UTF_8)));
        headers.add(CloudEventHeaders.ID, event.id().getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.TYPE, event.name().getBytes(StandardCharsets.UTF_8));
        SourceRecord source = new SourceRecord(topic, 0, offset++, event.taskId().getBytes(StandardCharsets.UTF_8),
                event.payloadJson().getBytes(StandardCharsets.UTF_8), headers);
        int dlqBefore = deadLetters.size();
        var before = counters.snapshot();
        boolean[] done = {false};
        dispatcher.dispatch(event, source, () -> done[0] = true);
        timer.runAll();
        if (!done[0]) {
            throw new IllegalStateException("handlers of " + event + " did not finish");
        }
        var after = counters.snapshot();
        List<String> handled = new ArrayList<>();
        for (HandlerBinding b : dispatcher.bindings()) {
            if (after.handled(b.name()) > before.handled(b.name())) {
                handled.add(b.name());
            }
        }
        return new Delivery(event, List.copyOf(handled), List.copyOf(deadLetters.subList(dlqBefore,
                deadLetters.size())));
    }

    /** Everything dead-lettered so far, in order. */
    public List<DeadLettered> deadLetters() {
        return List.copyOf(deadLetters);
    }

    /** The counters, as {@link SubscriberRunner#metrics()} would report them. */
    public SubscriberMetrics metrics() {
        return counters.snapshot();
    }

    /** Virtual time spent waiting for retries so far. */
    public Duration elapsed() {
        return Duration.between(VirtualTimer.START, timer.now());
    }

    /** The names of the subscriber's handlers, as the DLQ and counters name them. */
    public List<String> handlerNames() {
        return dispatcher.bindings().stream().map(HandlerBinding::name).toList();
    }

    public TaskerSubscriber subscriber() {
        return subscriber;
    }

    private DeadLettered toDeadLettered(DeadLetter d) {
        Map<String, String> headers = DlqRecords.dlqHeaders(subscriber.name(), d);
        return new DeadLettered(d.handler(), d.eventName(), d.reason(), d.attempts(), headers, d.error());
    }

    /** Time moves only when the next scheduled retry is due. */
    private static final class VirtualTimer implements Timer {
        static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

        private record Task(Instant due, long seq, Runnable run) {
        }

        private final PriorityQueue<Task> queue = new PriorityQueue<>(
                (a, b) -> a.due().equals(b.due()) ? Long.compare(a.seq(), b.seq()) : a.due().compareTo(b.due()));
        private Instant now = START;
        private long seq;

        @Override
        public Instant now() {
            return now;
        }

        @Override
        public void schedule(Duration delay, Runnable task) {
            queue.add(new Task(now.plus(delay), seq++, task));
        }

        @Override
        public Runnable watch(Duration timeout, Runnable onTimeout) {
            return () -> { };
        }

        void runAll() {
            Task t;
            while ((t = queue.poll()) != null) {
                now = t.due();
                t.run().run();
            }
        }
    }
}
