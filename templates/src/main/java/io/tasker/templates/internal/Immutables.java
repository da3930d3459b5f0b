package io.tasker.templates.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deep-freezes free-form configuration so records holding it are really immutable. */
public final class Immutables {

    private Immutables() {
    }

    /** An unmodifiable, order-preserving deep copy; {@code null} values are kept (YAML allows {@code key: ~}). */
    public static Map<String, Object> freezeMap(Map<String, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, freeze(v)));
        return Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object freeze(Object value) {
        if (value instanceof Map<?, ?> m) {
            return freezeMap((Map<String, ?>) m);
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            l.forEach(v -> copy.add(freeze(v)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
