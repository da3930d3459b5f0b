package io.tasker.schemas;

import java.util.Locale;

/** What an event is about: a task, a step, the workflow (scheduling) or the user's domain (template-declared). */
public enum EventCategory {
    TASK, STEP, WORKFLOW, DOMAIN;

    /** The lower-case name used on the wire, in the catalog and in filters ({@code task}, {@code domain}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The category named {@code s} (any case), or null. */
    public static EventCategory fromWire(String s) {
        for (EventCategory c : values()) {
            if (c.wireName().equalsIgnoreCase(s)) return c;
        }
        return null;
    }
}
