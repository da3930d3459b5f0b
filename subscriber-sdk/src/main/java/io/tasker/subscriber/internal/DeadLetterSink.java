package io.tasker.subscriber.internal;

/** Stores dead letters: the DLQ topic in the engine, a list in the test kit. */
public interface DeadLetterSink {
    /** Stores {@code letter}; runs {@code stored} once it is durably stored (never if it cannot be). */
    void deadLetter(DeadLetter letter, Runnable stored);
}
