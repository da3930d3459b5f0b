package io.tasker.runner.internal;

import static io.tasker.runner.RunnerConfig.*;

import io.tasker.runner.RunnerConfig;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Reads a {@link RunnerConfig} from flat properties (the keys are the constants of {@link RunnerConfig}). */
public final class ConfigProperties {
    private ConfigProperties() {
    }

    /** See {@link RunnerConfig#fromProperties(Map)}. */
    public static RunnerConfig read(Map<String, String> props) {
        Map<String, String> overrides = new LinkedHashMap<>();
        props.forEach((k, v) -> {
            if (k.startsWith(CLIENT_OVERRIDE_PREFIX) && k.length() > CLIENT_OVERRIDE_PREFIX.length()) {
                overrides.put(k.substring(CLIENT_OVERRIDE_PREFIX.length()), v);
            }
        });
        Set<String> namespaces = new LinkedHashSet<>();
        String ns = props.get(NAMESPACES);
        if (ns != null && !ns.isBlank()) {
            Arrays.stream(ns.split(",")).map(String::trim).forEach(namespaces::add);
        }
        return new RunnerConfig(
                props.get(BOOTSTRAP_SERVERS),
                props.get(SCHEMA_REGISTRY_URL),
                props.getOrDefault(TOPIC_PREFIX, DEFAULT_TOPIC_PREFIX),
                namespaces,
                intProperty(props, WORKER_THREADS, defaultWorkerThreads()),
                intProperty(props, MAX_IN_FLIGHT, DEFAULT_MAX_IN_FLIGHT),
                blankToNull(props.get(RUNNER_ID)),
                blankToNull(props.get(GROUP_ID)),
                overrides,
                intProperty(props, TOPIC_PARTITIONS, null),
                intProperty(props, TOPIC_REPLICATION_FACTOR, null),
                longProperty(props, STUCK_HANDLER_GRACE_MS, DEFAULT_STUCK_HANDLER_GRACE_MS),
                intProperty(props, MAX_STUCK_HANDLERS, DEFAULT_MAX_STUCK_HANDLERS),
                intProperty(props, HTTP_PORT, DEFAULT_HTTP_PORT),
                blankToNull(props.get(HTTP_HOST)),
                longProperty(props, ANNOUNCE_INTERVAL_MS, DEFAULT_ANNOUNCE_INTERVAL_MS),
                longProperty(props, IN_PROGRESS_AFTER_MS, DEFAULT_IN_PROGRESS_AFTER_MS),
                io.tasker.schemas.redaction.RedactionConfig.fromProperties(props),
                booleanProperty(props, READ_UNCOMMITTED_COMMANDS, DEFAULT_READ_UNCOMMITTED_COMMANDS),
                longProperty(props, RESULT_LINGER_MS, DEFAULT_RESULT_LINGER_MS),
                io.tasker.schemas.SchemaRegistrySettings.fromProperties(props));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static Integer intProperty(Map<String, String> props, String key, Integer dflt) {
        String v = props.get(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, was '" + v + "'");
        }
    }

    private static boolean booleanProperty(Map<String, String> props, String key, boolean dflt) {
        String v = props.get(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, was '" + v + "'");
        };
    }

    private static long longProperty(Map<String, String> props, String key, long dflt) {
        String v = props.get(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, was '" + v + "'");
        }
    }
}
