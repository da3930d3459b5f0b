package io.tasker.schemas;

import io.tasker.avro.ComponentKind;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The contract of the registry topic ({@link TaskerTopics#registry()}): how it is created, how records are keyed and
 * how often components announce themselves.
 *
 * <p><b>Retention.</b> The topic is compacted, so each component's latest announcement stays, including the final
 * {@code STOPPED} one a cleanly closed component sends. Component ids change with every process start (they contain
 * the process id), so compaction alone would keep the last announcement of every process that ever ran: the topic is
 * therefore also {@code delete} with a retention of {@link #RETENTION} and segments of {@link #SEGMENT}. A running
 * component re-announces every interval, so only entries of components gone for about {@link #RETENTION} (plus one
 * segment) disappear from the topic. Readers additionally stop listing entries not seen for their own, shorter,
 * "forget after" time.
 */
public final class RegistryTopic {
    /** One partition: a few hundred small records, read whole by every topology instance. */
    public static final int PARTITIONS = 1;
    /** Entries of components gone for this long are deleted from the topic. */
    public static final Duration RETENTION = Duration.ofDays(7);
    /** Compaction and deletion only act on closed segments: close one every hour. */
    public static final Duration SEGMENT = Duration.ofHours(1);
    /** Topic-level configs the topic is created with (and which the platform's provisioning checks). */
    public static final Map<String, String> CONFIGS = Map.of(
            "cleanup.policy", "compact,delete",
            "retention.ms", Long.toString(RETENTION.toMillis()),
            "segment.ms", Long.toString(SEGMENT.toMillis()));
    /** How often runners and subscribers announce themselves unless configured otherwise. */
    public static final long DEFAULT_ANNOUNCE_INTERVAL_MS = 30_000;
    /** The smallest announce interval a component accepts. */
    public static final long MIN_ANNOUNCE_INTERVAL_MS = 100;

    private RegistryTopic() {
    }

    /** The record key: the kind in lower case, {@code :}, the id, e.g. {@code runner:host-1234}. */
    public static String key(ComponentKind kind, String id) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        return kind.name().toLowerCase(Locale.ROOT) + ":" + id;
    }
}
