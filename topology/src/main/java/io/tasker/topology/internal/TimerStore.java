package io.tasker.topology.internal;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Timers of the tasks of one partition, in a changelogged store whose keys sort by due time: 8 bytes of
 * big-endian epoch millis, then task id, kind, step and attempt. "What is due" is one range scan from the
 * start to {@code now}; nothing else is read. Timers live in the task's partition, so they move with it on
 * a rebalance and survive restarts through the changelog.
 */
final class TimerStore {
    /** A due timer and the key to delete once it is handled. */
    record Due(Bytes key, String taskId, Decision.Timer timer) {
    }

    private record Value(String taskId, Decision.TimerKind kind, String stepName, int attempt, long dueAt) {
    }

    private static final byte[] START = new byte[8];
    private final KeyValueStore<Bytes, byte[]> store;

    TimerStore(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    void schedule(String taskId, Decision.Timer t) {
        String suffix = taskId + '\0' + t.kind().name() + '\0' + (t.stepName() == null ? "" : t.stepName()) + '\0' + t.attempt();
        byte[] rest = suffix.getBytes(StandardCharsets.UTF_8);
        byte[] key = ByteBuffer.allocate(8 + rest.length).putLong(Math.max(0, t.dueAt())).put(rest).array();
        try {
            store.put(Bytes.wrap(key), Json.MAPPER.writeValueAsBytes(new Value(taskId, t.kind(), t.stepName(), t.attempt(), t.dueAt())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** At most {@code max} timers due at or before {@code now}, earliest first. */
    List<Due> due(long now, int max) {
        // UTF-8 never contains 0xFF, so this upper bound sorts after every key due at exactly `now`.
        byte[] to = ByteBuffer.allocate(9).putLong(now).put((byte) 0xFF).array();
        List<Due> out = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.range(Bytes.wrap(START), Bytes.wrap(to))) {
            while (it.hasNext() && out.size() < max) {
                KeyValue<Bytes, byte[]> kv = it.next();
                Value v = Json.MAPPER.readValue(kv.value, Value.class);
                out.add(new Due(kv.key, v.taskId(), new Decision.Timer(v.dueAt(), v.kind(), v.stepName(), v.attempt())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable timer in the timers store", e);
        }
        return out;
    }

    void delete(Bytes key) {
        store.delete(key);
    }
}
