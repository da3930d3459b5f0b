package io.tasker.topology.internal;

import io.tasker.topology.TaskState;
import io.tasker.topology.TopologyConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.ProcessorContext;

import java.util.Map;

/**
 * Asks Kafka Streams to commit right after the current record ({@link ProcessorContext#commit()}) when a decision made
 * something others wait for: a step command (a {@code read_committed} runner sees it only after the commit) or a task
 * that finished (its {@code task.completed} / {@code task.failed} is visible only after the commit). Streams then commits
 * the thread's transaction after the record in hand instead of at the next {@code commit.interval.ms}.
 *
 * <p>Never more often than {@code topology.eager-commit-min-interval-ms} per stream thread (0 = never ask), and only while
 * the thread keeps up: when the record being processed waited longer than a commit interval (a burst, a backlog), the
 * regular interval commits anyway and an extra commit would only cost throughput. Settings come from the Streams
 * configuration ({@link ProcessorContext#appConfigs()}), where {@code TaskerTopologyApp} puts them.
 */
final class EagerCommit {
    /** Per stream thread: a commit covers every task of the thread, so the rate limit is the thread's. */
    private static final ThreadLocal<State> STATE = new ThreadLocal<>();

    private static final class State {
        final long minIntervalMs;
        final long maxLagMs;
        long lastRequestMs = Long.MIN_VALUE / 2;

        State(long minIntervalMs, long maxLagMs) {
            this.minIntervalMs = minIntervalMs;
            this.maxLagMs = maxLagMs;
        }
    }

    private EagerCommit() {
    }

    /**
     * @param timestamp the timestamp of the record being processed (when it was appended), or now for a punctuation
     */
    static void maybeRequest(ProcessorContext<?, ?> ctx, TaskRecord before, TaskRecord after, boolean dispatched, long now,
                             long timestamp) {
        boolean finished = after.state() != TaskState.IN_PROGRESS && (before == null || before.state() != after.state());
        if (!dispatched && !finished) return;
        State s = STATE.get();
        if (s == null) {
            s = fromConfig(ctx.appConfigs());
            STATE.set(s);
        }
        if (s.minIntervalMs <= 0 || now - s.lastRequestMs < s.minIntervalMs || now - timestamp > s.maxLagMs) return;
        s.lastRequestMs = now;
        ctx.commit();
    }

    private static State fromConfig(Map<String, Object> configs) {
        long min = longOf(configs.get(TopologyConfig.EAGER_COMMIT_MIN_INTERVAL_MS), TopologyConfig.DEFAULT_EAGER_COMMIT_MIN_INTERVAL_MS);
        long interval = longOf(configs.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG), TopologyConfig.DEFAULT_COMMIT_INTERVAL_MS);
        return new State(min, interval);
    }

    private static long longOf(Object v, long dflt) {
        if (v == null) return dflt;
        return v instanceof Number n ? n.longValue() : Long.parseLong(v.toString().trim());
    }

    /** For tests: forget the calling thread's settings and rate limit. */
    static void resetForThisThread() {
        STATE.remove();
    }
}
