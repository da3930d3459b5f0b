package io.tasker.topology;

import java.util.List;

/**
 * Who subscribes to an event, from the live registry: the subscribers that announced themselves on the registry topic
 * and are {@code live} (announced within {@code registry.stale.after.ms} and not stopped). Matching follows the
 * subscriber SDK's routing rule ({@link io.tasker.schemas.EventNamePattern}): an exact name, a prefix {@code order.*}
 * or {@code *}.
 *
 * <p>Every topology instance reads the whole registry topic, so every instance answers the same (up to a poll
 * interval). Thread-safe.
 */
public interface SubscriberDirectory {
    /**
     * The names of the live subscribers with a pattern matching {@code eventName}, sorted, each once however many
     * instances it runs.
     */
    List<String> subscribersOf(String eventName);
}
