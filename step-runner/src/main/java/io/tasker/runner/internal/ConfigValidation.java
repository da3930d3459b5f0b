package io.tasker.runner.internal;

import static io.tasker.runner.RunnerConfig.*;

import io.tasker.runner.RunnerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Checks a {@link RunnerConfig}: every problem, each naming its property key and the bad value. */
public final class ConfigValidation {
    private static final Pattern TOPIC_CHARS = Pattern.compile("[a-zA-Z0-9._-]*");

    private ConfigValidation() {
    }

    /** See {@link RunnerConfig#errors()}. */
    public static List<String> errors(RunnerConfig c) {
        List<String> errors = new ArrayList<>();
        if (c.bootstrapServers() == null || c.bootstrapServers().isBlank()) {
            errors.add(BOOTSTRAP_SERVERS + " must be set, was " + quote(c.bootstrapServers()));
        }
        if (c.schemaRegistryUrl() == null || c.schemaRegistryUrl().isBlank()) {
            errors.add(SCHEMA_REGISTRY_URL + " must be set, was " + quote(c.schemaRegistryUrl()));
        } else {
            String lower = c.schemaRegistryUrl().toLowerCase(Locale.ROOT);
            if (!(lower.startsWith("http://") || lower.startsWith("https://"))) {
                errors.add(SCHEMA_REGISTRY_URL + " must be an http:// or https:// URL, was "
                        + quote(c.schemaRegistryUrl()));
            }
        }
        if (!TOPIC_CHARS.matcher(c.topicPrefix()).matches()) {
            errors.add(TOPIC_PREFIX + " may only contain letters, digits, '.', '_' and '-', was "
                    + quote(c.topicPrefix()));
        }
        for (String ns : c.namespaces()) {
            if (ns == null || ns.isBlank() || !TOPIC_CHARS.matcher(ns).matches()) {
                errors.add(NAMESPACES + " entries must be non-empty and contain only letters, digits, '.', '_' and"
                        + " '-', was " + quote(ns));
            }
        }
        if (c.workerThreads() < 1) {
            errors.add(WORKER_THREADS + " must be >= 1, was " + c.workerThreads());
        }
        if (c.maxInFlight() < 1) {
            errors.add(MAX_IN_FLIGHT + " must be >= 1, was " + c.maxInFlight());
        }
        if (c.runnerId().isBlank()) {
            errors.add(RUNNER_ID + " must not be blank, was " + quote(c.runnerId()));
        }
        if (c.groupId().isBlank()) {
            errors.add(GROUP_ID + " must not be blank, was " + quote(c.groupId()));
        }
        if (c.topicPartitions() != null && c.topicPartitions() < 1) {
            errors.add(TOPIC_PARTITIONS + " must be >= 1 (or unset for the broker default), was "
                    + c.topicPartitions());
        }
        Integer rf = c.topicReplicationFactor();
        if (rf != null && (rf < 1 || rf > Short.MAX_VALUE)) {
            errors.add(TOPIC_REPLICATION_FACTOR + " must be between 1 and " + Short.MAX_VALUE
                    + " (or unset for the broker default), was " + c.topicReplicationFactor());
        }
        if (c.stuckHandlerGraceMs() < 0) {
            errors.add(STUCK_HANDLER_GRACE_MS + " must be >= 0, was " + c.stuckHandlerGraceMs());
        }
        if (c.maxStuckHandlers() < 0) {
            errors.add(MAX_STUCK_HANDLERS + " must be >= 0, was " + c.maxStuckHandlers());
        }
        if (c.httpPort() < HTTP_DISABLED || c.httpPort() > 65_535) {
            errors.add(HTTP_PORT + " must be -1 (disabled), 0 (any free port) or a port up to 65535, was "
                    + c.httpPort());
        }
        if (c.inProgressAfterMs() < 0) {
            errors.add(IN_PROGRESS_AFTER_MS + " must be >= 0 (0 = never report), was " + c.inProgressAfterMs());
        }
        if (c.resultLingerMs() < 0 || c.resultLingerMs() > MAX_RESULT_LINGER_MS) {
            errors.add(RESULT_LINGER_MS + " must be between 0 and " + MAX_RESULT_LINGER_MS + ", was " + c.resultLingerMs());
        }
        if (c.httpHost().isBlank()) {
            errors.add(HTTP_HOST + " must not be blank, was " + quote(c.httpHost()));
        }
        if (c.announceIntervalMs() < io.tasker.schemas.RegistryTopic.MIN_ANNOUNCE_INTERVAL_MS) {
            errors.add(ANNOUNCE_INTERVAL_MS + " must be >= " + io.tasker.schemas.RegistryTopic.MIN_ANNOUNCE_INTERVAL_MS
                    + ", was " + c.announceIntervalMs());
        }
        errors.addAll(c.registryClient().errors());
        try {
            ClientProps.settings(c);
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
        }
        return List.copyOf(errors);
    }

    private static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }
}
