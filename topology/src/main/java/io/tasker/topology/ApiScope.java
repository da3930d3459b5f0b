package io.tasker.topology;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What a bearer token of the HTTP API may do. A JWT lists them in its {@code scope} claim (space-separated), a static
 * token in its {@code scopes=} field. {@link #ADMIN} includes every other scope; {@link #TASKS_OPERATE} includes
 * {@link #TASKS_READ}, because an operator acts on tasks it must be able to see.
 */
public enum ApiScope {
    /** Read tasks, listings, templates, the event catalog, template stats. */
    TASKS_READ("tasks:read"),
    /** Submit tasks ({@code POST /v1/tasks}). */
    TASKS_SUBMIT("tasks:submit"),
    /** Cancel, retry, resolve and complete (operator commands); includes {@code tasks:read}. */
    TASKS_OPERATE("tasks:operate"),
    /** Everything, including the registry routes ({@code /v1/runners}, {@code /v1/subscribers}). */
    ADMIN("admin");

    private final String wireName;

    ApiScope(String wireName) {
        this.wireName = wireName;
    }

    /** The name in tokens and answers, e.g. {@code tasks:read}. */
    public String wireName() {
        return wireName;
    }

    /** @throws IllegalArgumentException naming the allowed scopes when {@code name} is none of them */
    public static ApiScope parse(String name) {
        for (ApiScope s : values()) {
            if (s.wireName.equals(name.trim())) return s;
        }
        throw new IllegalArgumentException("unknown scope '" + name + "'; allowed: " + allowed());
    }

    /** {@code tasks:read, tasks:submit, tasks:operate, admin} */
    public static String allowed() {
        return Arrays.stream(values()).map(ApiScope::wireName).collect(Collectors.joining(", "));
    }
}
