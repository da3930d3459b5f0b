package io.tasker.topology.internal;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;

/** JSON serde of the tasks store; JSON keeps the changelog readable and tolerant of added fields. */
public final class TaskRecordSerde implements Serde<TaskRecord> {
    @Override
    public Serializer<TaskRecord> serializer() {
        return (topic, task) -> {
            if (task == null) return null;
            try {
                return Json.MAPPER.writeValueAsBytes(task);
            } catch (IOException e) {
                throw new SerializationException("cannot write task " + task.taskId(), e);
            }
        };
    }

    @Override
    public Deserializer<TaskRecord> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) return null;
            try {
                return Json.MAPPER.readValue(bytes, TaskRecord.class);
            } catch (IOException e) {
                throw new SerializationException("cannot read a task record from " + topic, e);
            }
        };
    }
}
