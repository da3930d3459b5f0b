package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The large, write-once parts of a task (its context and each step's result) live in their own store, keyed
 * {@code taskId \0 c} and {@code taskId \0 r \0 step}, so the task record that every step change rewrites stays small:
 * a change writes what changed (the context once, a result once), not everything the task carries.
 *
 * <p>Processors {@link #load} a task without them (the engine never reads a context or an earlier result), build step
 * commands from their stored JSON text through a {@link Reader}, and {@link #write} a decision's task, which stores the
 * new parts here and the record without them. Queries {@link #hydrate} the whole task. Records written before this store
 * existed carry their context and results inline; they are moved here on their next write.
 */
final class TaskData {
    private TaskData() {
    }

    static String contextKey(String taskId) {
        return taskId + "\0c";
    }

    static String resultKey(String taskId, String step) {
        return taskId + "\0r\0" + step;
    }

    /** The task with its context and results filled in from {@code data} (read-only: for queries). */
    static TaskRecord hydrate(TaskRecord stored, ReadOnlyKeyValueStore<String, byte[]> data) {
        if (stored == null) return null;
        JsonNode context = stored.context() != null ? stored.context() : read(data.get(contextKey(stored.taskId())));
        List<StepRecord> steps = new ArrayList<>(stored.steps().size());
        for (StepRecord s : stored.steps()) {
            steps.add(s.result() == null && s.hasResult() ? s.withResult(read(data.get(resultKey(stored.taskId(), s.name())))) : s);
        }
        return stored.withData(context, steps);
    }

    /**
     * The task as stored, for processors: without context and earlier results. A record from before this store existed
     * (context and results inline) has them moved to {@code data} now, so {@link #write} only needs to store what a
     * decision changed.
     */
    static TaskRecord load(KeyValueStore<String, TaskRecord> tasks, KeyValueStore<String, byte[]> data, String taskId) {
        TaskRecord stored = tasks.get(taskId);
        if (stored == null) return null;
        if (stored.context() != null) {
            data.put(contextKey(taskId), bytes(stored.context()));
            for (StepRecord s : stored.steps()) {
                if (s.result() != null) data.put(resultKey(taskId, s.name()), bytes(s.result()));
            }
        }
        return stored.context() == null ? stored : stored.slim();
    }

    /** The stored JSON text of a task's context and results, for commands: copied, never parsed. */
    record Reader(ReadOnlyKeyValueStore<String, byte[]> data) {
        String context(String taskId) {
            return text(data.get(contextKey(taskId)), "context of task " + taskId);
        }

        String result(String taskId, String step) {
            return text(data.get(resultKey(taskId, step)), "result of step " + step + " of task " + taskId);
        }

        private static String text(byte[] bytes, String what) {
            if (bytes == null) throw new IllegalStateException("the task-data store has no " + what);
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /**
     * Stores {@code after}: its context (new task) and every result that is new since {@code before} (the task as it was
     * loaded, null for a new task) in {@code data}, and the record without them in {@code tasks}.
     */
    static void write(KeyValueStore<String, TaskRecord> tasks, KeyValueStore<String, byte[]> data, TaskRecord before, TaskRecord after) {
        String id = after.taskId();
        if (before == null && after.context() != null) {
            data.put(contextKey(id), bytes(after.context()));
        }
        for (StepRecord s : after.steps()) {
            if (s.result() == null) continue;
            StepRecord old = before == null ? null : before.step(s.name()).orElse(null);
            // results are immutable values: a different object is a new result
            if (old == null || old.result() != s.result()) {
                data.put(resultKey(id, s.name()), bytes(s.result()));
            }
        }
        tasks.put(id, after.slim());
    }

    /** Deletes everything of a task from {@code data}. */
    static void delete(KeyValueStore<String, byte[]> data, TaskRecord task) {
        data.delete(contextKey(task.taskId()));
        // only keys that exist: a delete is a changelog tombstone even for a key that was never written
        for (StepRecord s : task.steps()) {
            if (s.hasResult()) data.delete(resultKey(task.taskId(), s.name()));
        }
    }

    private static JsonNode read(byte[] bytes) {
        if (bytes == null) return null;
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable value in the task-data store", e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
