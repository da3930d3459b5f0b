package io.tasker.subscriber;

import io.tasker.subscriber.internal.Counters;
import io.tasker.subscriber.internal.HandlerBinding;
import io.tasker.subscriber.internal.SubscriberAnnouncements;
import io.tasker.subscriber.internal.SubscriberAnnouncer;
import io.tasker.subscriber.internal.SubscriberEngine;
import java.util.List;
import java.util.Objects;

/**
 * Runs a {@link TaskerSubscriber} against Kafka.
 *
 * <p><b>Delivery semantics</b>
 * <ul>
 * <li>At-least-once: a record's offset is committed only after every matching handler finished with it (handled or
 * dead-lettered) and every earlier record of its partition did too. After a crash or rebalance, unfinished records
 * are delivered again: handlers should be idempotent ({@link Event#id()} is stable). Only committed transactions are
 * read ({@code read_committed}): events of aborted transactions are never delivered.</li>
 * <li>Ordering and concurrency: records with the same key (task id) are handled one at a time, in order; records
 * with different keys run in parallel on {@code concurrency} worker threads. The consumer pauses fetching while
 * {@code max.in.flight} records are unfinished and keeps polling, so a slow handler never causes a rebalance.</li>
 * <li>Retries: a failed attempt is retried per the handler's {@link RetryPolicy}; while it waits only its key waits,
 * and no thread is held. An attempt past the handler's timeout is interrupted and counts as a failure.</li>
 * <li>Dead letters: a handler that gives up sends the record (original key, value and headers, plus
 * {@link io.tasker.schemas.DlqHeaders}) to the DLQ topic, {@code <prefix>dlq.<subscriber>} by default; a record that
 * cannot be decoded goes there with reason {@code undecodable}. The offset moves on only once the DLQ write is
 * acknowledged. A schema registry outage is not a bad record: the partition pauses and the record is decoded again
 * later.</li>
 * <li>Isolation: every handler matching an event is retried and dead-lettered on its own.</li>
 * <li>Replay: records re-produced from the DLQ to the replay topic ({@code replay.topic}) are delivered again to the
 * handler that gave up only (see the package documentation for the design).</li>
 * </ul>
 *
 * <p><b>Topics:</b> the lifecycle topic is read only if a handler can match a lifecycle name ({@code task.*},
 * {@code step.*}, {@code workflow.*}, {@code *}); domain-event topics only if a handler can match a domain name, of
 * the configured namespaces or of all namespaces (pattern subscription).
 *
 * <p><b>Registry:</b> a started subscriber announces itself on the compacted registry topic ({@code <prefix>registry},
 * created if missing) every {@code announce.interval.ms} (default 30 s): name, id ({@code <name>@<host>:<pid>}),
 * group, event patterns, handlers, namespaces, concurrency, in-flight records and health, so the platform lists it
 * ({@code GET /v1/subscribers}) and knows who subscribes to which event. {@link #close()} sends a last announcement
 * saying it stopped. Announcing is best effort: a failure is logged at WARN and never affects delivery.
 *
 * <p><b>Telemetry:</b> through the OpenTelemetry API of {@link SubscriberConfig#openTelemetry()} (no-op unless the
 * application installed an SDK or runs the Java agent): a CONSUMER span {@code process <topic>} per record handed to
 * handlers, child of and linked to the span named by the record's W3C {@code traceparent} header (the task's trace),
 * with a child span per handler attempt, retries and dead letters as span events, exception messages redacted; the
 * counters of {@link #metrics()} as OpenTelemetry metrics plus a handler duration histogram and the consumer lag per
 * partition. The handler's log lines carry {@code trace_id} and {@code span_id}. Telemetry is at-least-once like
 * delivery: a re-delivered record is reported again.
 *
 * <p><b>Threading:</b> {@link #start} and {@link #close} may be called from any thread; the getters are
 * thread-safe.
 */
public final class SubscriberRunner implements AutoCloseable {
    private final TaskerSubscriber subscriber;
    private final Counters counters;
    private final SubscriberEngine engine;
    private final SubscriberConfig config;
    private final List<HandlerBinding> bindings;
    private volatile SubscriberAnnouncer announcer;

    private SubscriberRunner(TaskerSubscriber subscriber, SubscriberConfig config, DeliveryListener listener) {
        this.subscriber = subscriber;
        if (!config.subscriberName().equals(subscriber.name())) {
            throw new IllegalArgumentException("subscriber config " + SubscriberConfig.SUBSCRIBER_NAME + " = '"
                    + config.subscriberName() + "' does not match the subscriber's name '" + subscriber.name() + "'");
        }
        List<HandlerBinding> bindings = subscriber.bindings(config.events(), config.retryPolicy(),
                config.handlerTimeout());
        this.config = config;
        this.bindings = bindings;
        io.opentelemetry.api.OpenTelemetry otel = config.openTelemetry();
        this.counters = new Counters(subscriber.name(), otel);
        subscriber.init(config.subscriberConfig());
        this.engine = new SubscriberEngine(config, bindings, counters, listener, otel);
    }

    /**
     * Validates the subscriber (every subscribed name has its handler), calls its
     * {@link TaskerSubscriber#configure(java.util.Map)}, joins the consumer group and starts consuming.
     *
     * @throws SubscriberDefinitionException if the subscriber is defined wrongly
     * @throws IllegalArgumentException      if the config names another subscriber
     */
    public static SubscriberRunner start(TaskerSubscriber subscriber, SubscriberConfig config) {
        return start(subscriber, config, DeliveryListener.NONE);
    }

    /**
     * Like {@link #start(TaskerSubscriber, SubscriberConfig)}, reporting every handled, retried and dead-lettered
     * delivery to {@code listener} (see its threading rules).
     */
    public static SubscriberRunner start(TaskerSubscriber subscriber, SubscriberConfig config,
            DeliveryListener listener) {
        SubscriberEngine.preflight(Objects.requireNonNull(config, "config"));
        SubscriberRunner r = new SubscriberRunner(Objects.requireNonNull(subscriber, "subscriber"),
                Objects.requireNonNull(config, "config"), Objects.requireNonNull(listener, "listener"));
        r.engine.start();
        r.announce();
        return r;
    }

    /** Starts announcing on the registry topic; a failure only costs the subscriber its registry entry. */
    private void announce() {
        try {
            announcer = SubscriberAnnouncer.start(config, bindings, stopping -> new SubscriberAnnouncements.Snapshot(
                    engine.unhealthyReason(), engine.inFlight(), java.time.Instant.now(), stopping));
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(SubscriberRunner.class).warn(
                    "Subscriber {}: cannot announce itself on {} ({}); it runs but GET /v1/subscribers will not list it",
                    name(), config.topics().registry(), e.toString());
        }
    }

    public String name() {
        return subscriber.name();
    }

    /** Healthy while consuming, the DLQ is writable and no handler thread is stuck past its timeout. */
    public boolean isHealthy() {
        return engine.unhealthyReason() == null;
    }

    public Health health() {
        String why = engine.unhealthyReason();
        return new Health(why == null, why == null ? "consuming" : why);
    }

    /** The counters since start: per handler and event, and per subscriber. */
    public SubscriberMetrics metrics() {
        return counters.snapshot();
    }

    /**
     * Stops fetching, lets in-flight records finish within {@code shutdown.timeout.ms} (still retrying and
     * dead-lettering), commits what finished, leaves the group and announces that it stopped. Unfinished records are
     * re-delivered to the next owner. Idempotent.
     */
    @Override
    public void close() {
        engine.close();
        SubscriberAnnouncer a = announcer;
        if (a != null) {
            announcer = null;
            a.close();
        }
    }
}
