package io.tasker.subscriber;

/** Whether a subscriber is working, and if not why (e.g. {@code dead-letter topic ... unwritable}). */
public record Health(boolean healthy, String reason) {
}
