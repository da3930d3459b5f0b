package io.tasker.schemas;

import java.util.Objects;

/**
 * The one place topic names are made. Every topic name starts with a configurable prefix (default
 * {@value #DEFAULT_PREFIX}) so several platforms can share one cluster. Immutable and thread-safe.
 */
public record TaskerTopics(String prefix) {
    public static final String DEFAULT_PREFIX = "tasker.";

    public TaskerTopics {
        Objects.requireNonNull(prefix, "prefix");
    }

    public static TaskerTopics defaults() {
        return new TaskerTopics(DEFAULT_PREFIX);
    }

    /** Compacted; key {@code namespace/name/version}, value {@code TemplateRegistration}. */
    public String templates() {
        return prefix + "templates";
    }

    /** Key task id, value {@code TaskRequest}. */
    public String taskRequests() {
        return prefix + "task-requests";
    }

    /** Key task id, value {@code TaskCommand}. */
    public String taskCommands() {
        return prefix + "task-commands";
    }

    /** Key task id, value {@code StepCommand}; one topic per namespace so runners subscribe to what they serve. */
    public String stepCommands(String namespace) {
        return prefix + "step-commands." + namespace;
    }

    /**
     * Key task id, value {@code DomainEvent} with CloudEvents headers; one topic per namespace, created with the
     * namespace's step-command topic by the runner that serves it.
     */
    public String domainEvents(String namespace) {
        return prefix + "domain-events." + namespace;
    }

    /** Key task id, value {@code StepResult}. */
    public String stepResults() {
        return prefix + "step-results";
    }

    /** Key task id, value {@code LifecycleEvent}. */
    public String lifecycle() {
        return prefix + "lifecycle";
    }

    /** The original key and value bytes of records the platform could not accept, with {@link RejectedHeaders}. */
    public String rejected() {
        return prefix + "rejected";
    }

    /**
     * Compacted; key {@code <kind>:<id>} ({@link RegistryTopic#key}), value {@code Announcement}: the runners and
     * subscribers that announced themselves. Created with {@link RegistryTopic#CONFIGS} by whoever needs it first.
     */
    public String registry() {
        return prefix + "registry";
    }

    /**
     * A subscriber's dead-letter topic: the original key, value and headers of records its handlers gave up on, plus
     * {@link DlqHeaders}.
     */
    public String dlq(String subscriber) {
        return prefix + "dlq." + subscriber;
    }
}
