package io.tasker.topology.internal;

import io.tasker.avro.TaskCommand;
import io.tasker.avro.TaskRequest;

/** Where the HTTP API writes what clients ask for. An interface so the HTTP edge can be tested without a broker. */
interface TaskInputs {
    /** Writes a task request and returns once it is stored; throws {@link ApiError} 503 if that does not happen in time. */
    default void request(TaskRequest request) throws InterruptedException {
        request(request, null);
    }

    /**
     * Like {@link #request(TaskRequest)}, the record carrying {@code traceparent} (W3C) so the task continues that trace;
     * null writes no header.
     */
    void request(TaskRequest request, String traceparent) throws InterruptedException;

    /** Writes an operator command and returns once it is stored; throws {@link ApiError} 503 if that does not happen in time. */
    void command(TaskCommand command) throws InterruptedException;
}
