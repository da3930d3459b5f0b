package io.tasker.subscriber;

import static io.tasker.subscriber.SubscriberConfig.KAFKA_PREFIX;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads single {@link SubscriberConfig} values and checks them, failing with an {@link IllegalArgumentException} that
 * names the key and the bad value; {@link SubscriberConfigReader} decides which key holds what.
 */
final class SubscriberConfigChecks {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private SubscriberConfigChecks() {
    }

    /** Refuses a key none of {@code keys}, {@code redactionKeys}, the registry client keys or {@code kafka.*}. */
    static void requireKnownKeys(Map<String, String> m, Set<String> keys, Set<String> redactionKeys) {
        for (String k : m.keySet()) {
            if (!keys.contains(k) && !redactionKeys.contains(k) && !k.startsWith(KAFKA_PREFIX)
                    && !io.tasker.schemas.SchemaRegistrySettings.KEYS.contains(k)) {
                // a mistyped credential key must not print the credential
                boolean secret = io.tasker.schemas.redaction.SettingsRedaction.CREDENTIAL_KEY.matcher(k).find()
                        || k.toLowerCase(java.util.Locale.ROOT).matches(".*(auth|user.?info|key).*");
                throw new IllegalArgumentException("unknown subscriber config key " + k + (secret ? "" : " (value '"
                        + m.get(k) + "')") + "; known: " + new java.util.TreeSet<>(keys) + ", "
                        + new java.util.TreeSet<>(redactionKeys) + ", "
                        + io.tasker.schemas.SchemaRegistrySettings.KEYS + " and kafka.*");
            }
        }
    }

    static String requireValidName(String name, String key) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw bad(key, name, "1-200 letters, digits, '.', '_' or '-'");
        }
        return name;
    }

    static String required(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("subscriber config " + key + " is required");
        }
        return v.trim();
    }

    static int intIn(Map<String, String> m, String key, int def, int min, int max) {
        return (int) longIn(m, key, def, min, max);
    }

    static long longIn(Map<String, String> m, String key, long def, long min, long max) {
        String v = m.get(key);
        if (v == null) {
            return def;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < min || n > max) {
                throw bad(key, v, "a whole number in [" + min + ", " + max + "]");
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad(key, v, "a whole number in [" + min + ", " + max + "]");
        }
    }

    static double doubleIn(Map<String, String> m, String key, double def, double min, double max) {
        String v = m.get(key);
        if (v == null) {
            return def;
        }
        try {
            double n = Double.parseDouble(v.trim());
            if (!(n >= min && n <= max)) {
                throw bad(key, v, "a number in [" + min + ", " + max + "]");
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad(key, v, "a number in [" + min + ", " + max + "]");
        }
    }

    static List<String> list(String v) {
        if (v == null || v.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    static IllegalArgumentException bad(String key, String value, String expected) {
        return new IllegalArgumentException("subscriber config " + key + " = '" + value + "' is invalid: expected "
                + expected);
    }
}
