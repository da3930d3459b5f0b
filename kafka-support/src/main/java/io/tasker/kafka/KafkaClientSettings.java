package io.tasker.kafka;

import io.tasker.schemas.redaction.Redactor;
import io.tasker.schemas.redaction.SettingsRedaction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Kafka client settings given by the user ({@code --kafka KEY=VALUE}, {@code topology.kafka.*}, the runner's and the
 * subscriber's {@code kafka.*}) and applied to every Kafka client a process creates: Kafka Streams, producers,
 * consumers and admin clients. Typically security ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}) and
 * networking ({@code client.dns.lookup}, timeouts).
 *
 * <p>Settings our delivery guarantees rest on are {@linkplain #REFUSED_KEYS refused}: {@link #of(String, Map)} throws
 * naming the key. A plain client gets the un-prefixed settings it knows plus the ones prefixed with its kind
 * ({@code producer.}, {@code consumer.}, {@code admin.}, the Kafka Streams convention) without the prefix; Kafka
 * Streams gets them all ({@link #asMap()}). Keys a client does not know are left out, so one shared setting never
 * causes "unknown config" warnings.
 *
 * <p>Immutable; {@link #toString()} masks credentials ({@link SettingsRedaction}) and is safe to log.
 */
public final class KafkaClientSettings {
    /**
     * Settings that cannot be passed through: exactly-once processing, idempotent and transactional producers,
     * read-committed consumers, manual commits, our consumer groups and serdes depend on them. A key is refused as
     * such or with a client prefix ({@code producer.acks}).
     */
    public static final Set<String> REFUSED_KEYS = Set.of("processing.guarantee", "application.id",
            CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, ConsumerConfig.ISOLATION_LEVEL_CONFIG, ProducerConfig.ACKS_CONFIG,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, ConsumerConfig.GROUP_ID_CONFIG,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);

    /**
     * Ours, not Kafka's: how long the start-up {@link KafkaPreflight} waits for the cluster, in ms ({@code 0} = no
     * preflight); default {@link KafkaPreflight#DEFAULT_TIMEOUT}. Never passed to a client.
     */
    public static final String PREFLIGHT_TIMEOUT_MS = "preflight.timeout.ms";

    private static final KafkaClientSettings NONE = new KafkaClientSettings(Map.of(), KafkaPreflight.DEFAULT_TIMEOUT);
    private static final String PRODUCER = "producer.";
    private static final String CONSUMER = "consumer.";
    private static final String ADMIN = "admin.";

    private final Map<String, String> settings;
    private final java.time.Duration preflightTimeout;

    private KafkaClientSettings(Map<String, String> settings, java.time.Duration preflightTimeout) {
        TreeMap<String, String> copy = new TreeMap<>(settings);
        copy.remove(PREFLIGHT_TIMEOUT_MS);
        this.settings = Collections.unmodifiableMap(copy);
        this.preflightTimeout = preflightTimeout;
    }

    /** No settings: every client uses Kafka's defaults (PLAINTEXT). */
    public static KafkaClientSettings none() {
        return NONE;
    }

    /**
     * Checked settings.
     *
     * @param origin   how the user wrote the keys, for error messages: {@code "--kafka "}, {@code "topology.kafka."}
     * @param settings Kafka client keys (without any prefix of ours) and values
     * @throws IllegalArgumentException naming every refused key as the user wrote it
     */
    public static KafkaClientSettings of(String origin, Map<String, String> settings) {
        Objects.requireNonNull(origin, "origin");
        if (settings == null || settings.isEmpty()) return NONE;
        List<String> errors = errors(origin, settings.keySet());
        java.time.Duration preflight = KafkaPreflight.DEFAULT_TIMEOUT;
        String timeout = settings.get(PREFLIGHT_TIMEOUT_MS);
        if (timeout != null) {
            try {
                long ms = Long.parseLong(timeout.trim());
                if (ms < 0) throw new NumberFormatException();
                preflight = java.time.Duration.ofMillis(ms);
            } catch (NumberFormatException e) {
                errors.add(origin + PREFLIGHT_TIMEOUT_MS + " must be an integer >= 0 (0 = no preflight), was '" + timeout + "'");
            }
        }
        if (!errors.isEmpty()) throw new IllegalArgumentException(String.join("; ", errors));
        return new KafkaClientSettings(settings, preflight);
    }

    /** {@link #of} with the keys of {@code props} that start with {@code prefix} (prefix removed; origin = prefix). */
    public static KafkaClientSettings fromPrefixed(String prefix, Map<String, String> props) {
        Map<String, String> picked = new LinkedHashMap<>();
        props.forEach((k, v) -> {
            if (k.startsWith(prefix) && k.length() > prefix.length()) picked.put(k.substring(prefix.length()), v);
        });
        return of(prefix, picked);
    }

    /** One line per refused key ({@code "<origin><key> cannot be set: ..."}); empty when all are allowed. */
    public static List<String> errors(String origin, Iterable<String> keys) {
        List<String> errors = new ArrayList<>();
        for (String key : keys) {
            if (isRefused(key)) {
                errors.add(origin + key + " cannot be set: Tasker's exactly-once and at-least-once guarantees depend "
                        + "on it (refused: " + new java.util.TreeSet<>(REFUSED_KEYS) + ")");
            }
        }
        return errors;
    }

    /** Whether {@code key} is a {@linkplain #REFUSED_KEYS refused key}, bare or with a client prefix. */
    public static boolean isRefused(String key) {
        return REFUSED_KEYS.stream().anyMatch(r -> key.equals(r) || key.endsWith("." + r));
    }

    /** Every setting as given (sorted by key): what Kafka Streams gets. Unmodifiable. */
    public Map<String, String> asMap() {
        return settings;
    }

    /** How long the start-up preflight waits for the cluster; zero = no preflight. */
    public java.time.Duration preflightTimeout() {
        return preflightTimeout;
    }

    /**
     * The settings as configuration keys under {@code prefix} (e.g. {@code kafka.}, {@code topology.kafka.}),
     * {@link #PREFLIGHT_TIMEOUT_MS} included when not the default: what {@link #fromPrefixed} reads back.
     */
    public Map<String, String> toProperties(String prefix) {
        Map<String, String> p = new TreeMap<>();
        settings.forEach((k, v) -> p.put(prefix + k, v));
        if (!preflightTimeout.equals(KafkaPreflight.DEFAULT_TIMEOUT)) {
            p.put(prefix + PREFLIGHT_TIMEOUT_MS, Long.toString(preflightTimeout.toMillis()));
        }
        return p;
    }

    public boolean isEmpty() {
        return settings.isEmpty();
    }

    /** {@code security.protocol}, {@code PLAINTEXT} when not set. */
    public String securityProtocol() {
        return settings.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, CommonClientConfigs.DEFAULT_SECURITY_PROTOCOL);
    }

    /** The settings a producer knows ({@code producer.} ones win over un-prefixed ones). Modifiable copy. */
    public Map<String, Object> producer() {
        return forClient(PRODUCER, ProducerConfig.configNames());
    }

    /** The settings a consumer knows ({@code consumer.} ones win over un-prefixed ones). Modifiable copy. */
    public Map<String, Object> consumer() {
        return forClient(CONSUMER, ConsumerConfig.configNames());
    }

    /** The settings an admin client knows ({@code admin.} ones win over un-prefixed ones). Modifiable copy. */
    public Map<String, Object> admin() {
        return forClient(ADMIN, AdminClientConfig.configNames());
    }

    /** {@link #admin()} plus {@code bootstrapServers}: ready for {@code Admin.create}. */
    public Map<String, Object> admin(String bootstrapServers) {
        Map<String, Object> p = admin();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return p;
    }

    /** {@link #producer()} plus {@code bootstrapServers}. */
    public Map<String, Object> producer(String bootstrapServers) {
        Map<String, Object> p = producer();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return p;
    }

    /** {@link #consumer()} plus {@code bootstrapServers}. */
    public Map<String, Object> consumer(String bootstrapServers) {
        Map<String, Object> p = consumer();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return p;
    }

    /** These settings with {@code more} added ({@code more} wins); checked like {@link #of}. */
    public KafkaClientSettings with(String origin, Map<String, String> more) {
        if (more == null || more.isEmpty()) return this;
        KafkaClientSettings added = of(origin, more);
        Map<String, String> all = new HashMap<>(settings);
        all.putAll(added.settings);
        return new KafkaClientSettings(all, more.containsKey(PREFLIGHT_TIMEOUT_MS) ? added.preflightTimeout : preflightTimeout);
    }

    private Map<String, Object> forClient(String prefix, Set<String> known) {
        Map<String, Object> p = new HashMap<>();
        settings.forEach((k, v) -> {
            if (known.contains(k)) p.put(k, v);
        });
        settings.forEach((k, v) -> {
            if (k.startsWith(prefix) && known.contains(k.substring(prefix.length()))) p.put(k.substring(prefix.length()), v);
        });
        return p;
    }

    /** The settings with credentials masked (default redaction rules), sorted by key. */
    public Map<String, String> masked() {
        return SettingsRedaction.values(Redactor.defaults(), settings);
    }

    @Override
    public String toString() {
        return "KafkaClientSettings" + masked() + (preflightTimeout.equals(KafkaPreflight.DEFAULT_TIMEOUT) ? ""
                : "[" + PREFLIGHT_TIMEOUT_MS + "=" + preflightTimeout.toMillis() + "]");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaClientSettings other && settings.equals(other.settings)
                && preflightTimeout.equals(other.preflightTimeout);
    }

    @Override
    public int hashCode() {
        return settings.hashCode() * 31 + preflightTimeout.hashCode();
    }
}
