package io.tasker.examples.subscribers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasker.subscriber.Event;
import io.tasker.subscriber.TaskerSubscriber;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The audit example (builder style): every event the platform emits, lifecycle and domain, appended as one JSON line
 * to a file. At-least-once: after a crash an event can be appended twice; readers de-duplicate on {@code event_id}.
 * Thread-safe: appends are serialized.
 */
public final class AuditTrail {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    private AuditTrail(Path file) {
        this.file = file;
    }

    /** The {@value ExampleSubscribers#AUDIT} subscriber appending to {@code file} (created with its directories). */
    public static TaskerSubscriber subscriber(Path file) {
        AuditTrail trail = new AuditTrail(file);
        return TaskerSubscriber.builder(ExampleSubscribers.AUDIT).on("*", trail::append).named("append").build();
    }

    /** The JSON line written for {@code e}. */
    static String line(Event e, Instant auditedAt) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("event_id", e.id());
        n.put("event", e.name());
        n.put("kind", e.kind().name().toLowerCase());
        n.put("task_id", e.taskId());
        n.put("namespace", e.namespace());
        n.put("template", e.templateName() == null ? null : e.templateName() + "@" + e.templateVersion());
        n.put("step", e.step());
        if (e.attempt() != null) {
            n.put("attempt", e.attempt());
        }
        n.put("correlation_id", e.correlationId());
        n.put("fired_at", e.firedAt() == null ? null : e.firedAt().toString());
        n.put("delivery", e.delivery());
        n.set("payload", e.payloadTree());
        n.put("audited_at", auditedAt.toString());
        return JSON.writeValueAsString(n) + "\n";
    }

    private synchronized void append(Event e) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, line(e, Instant.now()), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }
}
