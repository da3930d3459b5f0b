package io.tasker.topology.internal;

import io.tasker.avro.TaskCommand;
import io.tasker.avro.TaskRequest;

/** Where the HTTP API writes what clients ask for. An interface so the HTTP edge can be tested without a broker. */
interface TaskInputs {
    /** Writes a task request and returns once it is stored; throws {@link ApiError} 503 if that does not happen in time. */
    void request(TaskRequest request) throws InterruptedException;

    /** Writes an operator command and returns once it is stored; throws {@link ApiError} 503 if that does not happen in time. */
    void command(TaskCommand command) throws InterruptedException;
}
