package io.tasker.topology.internal;

import io.tasker.schemas.SchemaRegistryException;
import io.tasker.topology.RegistryUnavailableException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Which exceptions may leave a processor or the timer punctuator. Kafka's own errors (fenced producer, task
 * migrated, a failed send) and a schema-registry outage must propagate: Kafka Streams aborts the transaction and the
 * input is processed again, which is what makes them safe. Anything else is about the one record or timer at hand (a
 * bug, a template redefined under a running task, a value our own code cannot handle) and is contained: reprocessing it
 * would fail the same way forever.
 */
public final class Containment {
    private Containment() {
    }

    static boolean mustPropagate(RuntimeException e) {
        if (isRegistryOutage(e)) return true;
        // Our own store serdes throw SerializationException for a value they cannot write: that is about the record.
        return e instanceof KafkaException && !(e instanceof SerializationException);
    }

    /** A registry that did not answer or answered 5xx, anywhere in the cause chain. */
    public static boolean isRegistryOutage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RegistryUnavailableException) return true;
            if (t instanceof SchemaRegistryException r && (r.httpStatus() == SchemaRegistryException.NO_RESPONSE || r.httpStatus() >= 500)) {
                return true;
            }
            if (t.getCause() == t) break;
        }
        return false;
    }

    /** "ExceptionClass: message", bounded, for a task's error and the rejected record's detail. */
    static String describe(Throwable e) {
        String s = e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return s.length() > 1000 ? s.substring(0, 1000) + "..." : s;
    }
}
