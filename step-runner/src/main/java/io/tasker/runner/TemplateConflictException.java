package io.tasker.runner;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Thrown by {@link StepRunner#start()} when a template the runner would register already exists on the templates topic
 * under the same {@code namespace/name/version} with a different definition. A registered template version is
 * immutable (tasks started on it must keep running on exactly that definition): give the changed template a new
 * version. Re-registering an identical definition is a no-op and never throws.
 */
public class TemplateConflictException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient Map<String, List<String>> conflicts;

    /**
     * @param conflicts the changed parts (e.g. {@code steps}) by template key ({@code namespace/name/version}); not
     *                  empty
     */
    public TemplateConflictException(Map<String, List<String>> conflicts) {
        super(message(conflicts));
        Map<String, List<String>> copy = new LinkedHashMap<>();
        conflicts.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.conflicts = Collections.unmodifiableMap(copy);
    }

    /** The changed parts by template key, in the order the runner's templates were given; unmodifiable. */
    public Map<String, List<String>> conflicts() {
        return conflicts;
    }

    private static String message(Map<String, List<String>> conflicts) {
        List<String> parts = new ArrayList<>();
        conflicts.forEach((key, changes) -> parts.add("template " + key + " is already registered with a different"
                + " definition (changed: " + String.join("; ", changes) + ")"));
        return String.join("; ", parts) + ". A registered template version is immutable: register the changed"
                + " template under a new version";
    }
}
