package io.tasker.topology;

/**
 * The schema registry could not be asked (down, or answering 5xx). Not the record's fault: the stream thread
 * is replaced and the record processed again from the last committed offset once the registry answers.
 */
public final class RegistryUnavailableException extends RuntimeException {
    public RegistryUnavailableException(RuntimeException cause) {
        super("schema registry unavailable: " + cause.getMessage(), cause);
    }
}
