package io.tasker.templates.catalog;

import io.tasker.schemas.EventCategory;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which catalog entries to show. Every part is optional ({@code null} = any).
 *
 * @param category    only this category
 * @param namespace   only domain events of this namespace; lifecycle events match every namespace (they fire for the
 *                    tasks of all of them)
 * @param namePattern an exact name, or a pattern where {@code *} stands for any characters: {@code order.*} (every
 *                    name starting with {@code order.}, at any depth, as subscriptions read it), {@code *.failed},
 *                    {@code *}
 */
public record CatalogFilter(EventCategory category, String namespace, String namePattern) {
    /** Everything. */
    public static final CatalogFilter ALL = new CatalogFilter(null, null, null);

    /** The category wire names a filter accepts, in order. */
    public static final List<String> CATEGORIES = Arrays.stream(EventCategory.values()).map(EventCategory::wireName).toList();

    /**
     * A filter from query-parameter text; blank means absent.
     *
     * @throws IllegalArgumentException for an unknown category, naming the allowed ones
     */
    public static CatalogFilter parse(String category, String namespace, String namePattern) {
        EventCategory c = null;
        if (!blank(category)) {
            c = EventCategory.fromWire(category.trim());
            if (c == null) {
                throw new IllegalArgumentException("unknown category '" + category + "'; allowed: " + String.join(", ", CATEGORIES));
            }
        }
        return new CatalogFilter(c, blank(namespace) ? null : namespace.trim(), blank(namePattern) ? null : namePattern.trim());
    }

    public boolean matches(CatalogEntry e) {
        if (category != null && e.category() != category) return false;
        if (namespace != null && !e.isLifecycle() && !namespace.equals(e.namespace())) return false;
        return namePattern == null || nameMatches(namePattern, e.name());
    }

    /** Whether {@code name} matches {@code pattern}, {@code *} standing for any run of characters. */
    public static boolean nameMatches(String pattern, String name) {
        String regex = String.join(".*", Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote).toList());
        return Pattern.compile(regex).matcher(name).matches();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
