package io.tasker.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a component's entry on a compacted topic fresh: one announcement at {@link #start()}, one every interval on a
 * daemon thread, and a final one ({@code stopping = true}) on {@link #close()}. The value is built fresh each time by
 * the {@link Source}, so it carries current figures (health, in-flight work).
 *
 * <p>Announcing is best effort and never disturbs the component: a failed announcement is logged (WARN on the first
 * failure of a streak, INFO when announcing works again), counted ({@link #failures()}) and tried again at the next
 * interval. It has its own producer (acks=all, bounded blocking), so a missing topic or slow broker never holds up the
 * component's own sends.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public final class Announcer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Announcer.class);
    /** How long {@link #start()} and {@link #close()} wait for their announcement to be acknowledged. */
    static final Duration SEND_WAIT = Duration.ofSeconds(10);

    /** Builds the announcement to send. */
    @FunctionalInterface
    public interface Source {
        /**
         * The serialized value.
         *
         * @param stopping {@code true} for the final announcement sent by {@link #close()}
         */
        byte[] value(boolean stopping);
    }

    private final String what;
    private final String topic;
    private final String key;
    private final Duration interval;
    private final Source source;
    private final Producer<String, byte[]> producer;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();

    /**
     * @param what          the component, for logs and the thread name (e.g. {@code runner host-42})
     * @param producerProps client settings (bootstrap servers, security); serializers, acks and blocking are set here
     */
    public Announcer(String what, Map<String, Object> producerProps, String topic, String key, Duration interval, Source source) {
        this.what = Objects.requireNonNull(what, "what");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.key = Objects.requireNonNull(key, "key");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.source = Objects.requireNonNull(source, "source");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("announce interval must be positive, was " + interval);
        }
        Map<String, Object> props = new HashMap<>(producerProps);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) SEND_WAIT.toMillis());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "tasker-announcer-" + what.replaceAll("[^A-Za-z0-9._-]", "_"));
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tasker-announcer-" + what);
            t.setDaemon(true);
            return t;
        });
    }

    /** Announces now (waiting a bounded time for the acknowledgement) and then every interval. */
    public void start() {
        if (!started.compareAndSet(false, true)) throw new IllegalStateException(what + ": announcer already started");
        await(send(false));
        timer.scheduleAtFixedRate(() -> send(false), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the periodic announcements, sends the final one and waits (bounded) for it, closes the producer. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(SEND_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{}: the periodic announcement did not finish in time", what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (started.get()) await(send(true));
        producer.close(SEND_WAIT);
    }

    /** Announcements the broker acknowledged. */
    public long sent() {
        return sent.get();
    }

    /** Announcements that could not be built or sent. */
    public long failures() {
        return failures.get();
    }

    /** Why the last announcement failed; {@code null} when the last one succeeded (or none was tried). */
    public String lastError() {
        return lastError.get();
    }

    private Future<RecordMetadata> send(boolean stopping) {
        try {
            byte[] value = source.value(stopping);
            return producer.send(new ProducerRecord<>(topic, key, value), (md, e) -> {
                if (e == null) succeeded();
                else failed(e);
            });
        } catch (RuntimeException e) { // not built (schema registry down) or not handed to the producer (metadata timeout)
            failed(e);
            return null;
        }
    }

    private void await(Future<RecordMetadata> f) {
        if (f == null) return;
        try {
            f.get(SEND_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // already counted and logged by the callback
        } catch (TimeoutException e) {
            log.warn("{}: announcement to {} not acknowledged within {} ms", what, topic, SEND_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void succeeded() {
        sent.incrementAndGet();
        if (lastError.getAndSet(null) != null) log.info("{}: announcing to {} works again", what, topic);
    }

    private void failed(Exception e) {
        failures.incrementAndGet();
        String previous = lastError.getAndSet(e.toString());
        if (previous == null) {
            log.warn("{}: cannot announce to {} ({}); retrying every {} ms", what, topic, e.toString(), interval.toMillis());
        } else {
            log.debug("{}: announcing to {} still fails: {}", what, topic, e.toString());
        }
    }
}
