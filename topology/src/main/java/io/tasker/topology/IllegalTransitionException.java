package io.tasker.topology;

/** A state change the transition table does not allow; the message names both states. */
public final class IllegalTransitionException extends RuntimeException {
    public IllegalTransitionException(String what, Enum<?> from, Enum<?> to) {
        super("illegal " + what + " transition " + from.name().toLowerCase() + " -> " + to.name().toLowerCase());
    }
}
