package io.tasker.topology.internal;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;

/**
 * Serde of the tasks store: writes the compact binary form of {@link TaskRecordCodec}; reads it and the JSON records
 * written before it (a value starting with {@code '{'}), so a store or changelog from an older version is read as is
 * and each task moves to the binary form the next time it changes.
 */
public final class TaskRecordSerde implements Serde<TaskRecord> {
    @Override
    public Serializer<TaskRecord> serializer() {
        return (topic, task) -> {
            if (task == null) return null;
            try {
                return TaskRecordCodec.encode(task);
            } catch (RuntimeException e) {
                throw new SerializationException("cannot write task " + task.taskId(), e);
            }
        };
    }

    @Override
    public Deserializer<TaskRecord> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) return null;
            try {
                if (bytes.length > 0 && bytes[0] == '{') return Json.MAPPER.readValue(bytes, TaskRecord.class);
                return TaskRecordCodec.decode(bytes);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot read a task record from " + topic, e);
            }
        };
    }
}
