package io.tasker.topology.internal;

/**
 * Whether a step-command topic exists. The topology asks before it dispatches to a namespace, because a produce to
 * a missing topic blocks the stream thread for {@code max.block.ms} and then aborts its transaction: the record would
 * be replayed and block again, a crash loop. Implementations answer from memory and never block for long.
 */
@FunctionalInterface
public interface NamespaceTopics {
    boolean exists(String topic);

    /** For tests that run the topology without a broker (TopologyTestDriver): every topic exists. */
    static NamespaceTopics assumeAll() {
        return topic -> true;
    }
}
