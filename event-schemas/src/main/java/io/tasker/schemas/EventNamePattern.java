package io.tasker.schemas;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a subscription pattern matches event names; the one rule shared by the subscriber SDK (routing) and the
 * platform (who subscribes to what). A pattern is an exact name ({@code order.created}), a prefix ending in
 * {@code .*} ({@code order.*}: every name starting with {@code order.}, at any depth) or {@code *} (every name).
 */
public final class EventNamePattern {
    /** A name segment: what may stand between dots. */
    public static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-]+");

    private EventNamePattern() {
    }

    /** Whether {@code pattern} (trimmed) matches {@code eventName}; a blank pattern matches nothing. */
    public static boolean matches(String pattern, String eventName) {
        Objects.requireNonNull(eventName, "eventName");
        if (pattern == null) return false;
        String p = pattern.trim();
        if (p.isEmpty()) return false;
        if (p.equals("*")) return true;
        // the prefix including its dot, compared in place: this runs for every record a subscriber reads
        if (p.endsWith(".*")) return eventName.regionMatches(0, p, 0, p.length() - 1);
        return eventName.equals(p);
    }

    /** Whether {@code pattern} is well formed: {@code *}, or dot-separated {@link #SEGMENT}s optionally ending in {@code .*}. */
    public static boolean isValid(String pattern) {
        if (pattern == null) return false;
        String p = pattern.trim();
        if (p.equals("*")) return true;
        String body = p.endsWith(".*") ? p.substring(0, p.length() - 2) : p;
        if (body.isEmpty()) return false;
        for (String seg : body.split("\\.", -1)) {
            if (!SEGMENT.matcher(seg).matches()) return false;
        }
        return true;
    }
}
