package io.tasker.topology.internal;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Timers of the tasks of one partition, in a changelogged store whose keys sort by due time: 8 bytes of
 * big-endian epoch millis, then task id, kind, step and attempt. "What is due" is one range scan from the
 * start to {@code now}; nothing else is read. Timers live in the task's partition, so they move with it on
 * a rebalance and survive restarts through the changelog.
 *
 * <p>The key is the whole timer: values are empty (earlier versions wrote the same fields again as JSON; such values
 * are ignored), and a timer whose reason is gone (a step's result arrived) is deleted by rebuilding its key.
 * {@link TimerHints.Hint} remembers the earliest due time, so a pass with nothing due opens no iterator.
 */
final class TimerStore {
    /** A due timer and the key to delete once it is handled. */
    record Due(Bytes key, String taskId, Decision.Timer timer) {
    }

    private static final byte[] START = new byte[8];
    private static final byte[] EMPTY = new byte[0];
    private static final Decision.TimerKind[] KINDS = Decision.TimerKind.values();
    private final KeyValueStore<Bytes, byte[]> store;
    private final TimerHints.Hint hint;

    TimerStore(KeyValueStore<Bytes, byte[]> store, TimerHints.Hint hint) {
        this.store = store;
        this.hint = hint;
    }

    static Bytes key(String taskId, Decision.Timer t) {
        String suffix = taskId + '\0' + t.kind().name() + '\0' + (t.stepName() == null ? "" : t.stepName()) + '\0' + t.attempt();
        byte[] rest = suffix.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(8 + rest.length).putLong(Math.max(0, t.dueAt())).put(rest).array());
    }

    void schedule(String taskId, Decision.Timer t) {
        store.put(key(taskId, t), EMPTY);
        hint.dueNoLaterThan(t.dueAt());
    }

    /**
     * Deletes a timer that can no longer fire usefully. Only for a timer still in the future: a due one is deleted by
     * the pass that fires it, and deleting it here too would write a second tombstone.
     */
    void cancel(String taskId, Decision.Timer t, long now) {
        if (t.dueAt() > now) store.delete(key(taskId, t));
    }

    /** At most {@code max} timers due at or before {@code now}, earliest first. */
    List<Due> due(long now, int max) {
        if (now < hint.earliest()) return List.of();
        List<Due> out = new ArrayList<>();
        long next = Long.MAX_VALUE;
        // open-ended: the first key after `now` tells when the next pass has something to do
        try (KeyValueIterator<Bytes, byte[]> it = store.range(Bytes.wrap(START), null)) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                Due due = parse(kv.key);
                if (due.timer().dueAt() > now) {
                    next = due.timer().dueAt();
                    break;
                }
                if (out.size() == max) {
                    next = Long.MIN_VALUE; // more are due than one pass takes
                    break;
                }
                out.add(due);
            }
        }
        hint.set(next);
        return out;
    }

    /** Timers a pass took were left in place (the pass stopped early): the next pass must scan. */
    void dueAgain() {
        hint.unknown();
    }

    void delete(Bytes key) {
        store.delete(key);
    }

    static Due parse(Bytes key) {
        byte[] k = key.get();
        long dueAt = ByteBuffer.wrap(k, 0, 8).getLong();
        String[] parts = new String(k, 8, k.length - 8, StandardCharsets.UTF_8).split("\0", -1);
        if (parts.length != 4) throw new IllegalStateException("unreadable timer key in the timers store: " + parts.length + " parts");
        String step = parts[2].isEmpty() ? null : parts[2];
        Decision.TimerKind kind = Decision.TimerKind.valueOf(parts[1]);
        return new Due(key, parts[0], new Decision.Timer(dueAt, kind, step, Integer.parseInt(parts[3])));
    }
}
