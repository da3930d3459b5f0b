package io.tasker.subscriber.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a subscriber YAML file: {@code subscriber} and {@code events} become the given keys, {@code config} the free
 * map, every other entry a config key (nested maps flattened with dots, lists joined with commas).
 */
public final class ConfigYaml {
    /** The flattened config keys and the free {@code config} map. */
    public record Parsed(Map<String, String> flat, Map<String, Object> free) {
    }

    private ConfigYaml() {
    }

    /** @throws IllegalArgumentException naming the file if it cannot be read or is not a YAML map */
    public static Parsed read(Path file, String nameKey, String eventsKey) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read subscriber config " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("subscriber config " + file + " must be a YAML map");
        }
        Map<String, String> flat = new LinkedHashMap<>();
        Map<String, Object> free = Map.of();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            switch (f.getKey()) {
                case "subscriber" -> flat.put(nameKey, f.getValue().asText());
                case "events" -> {
                    List<String> ev = new ArrayList<>();
                    f.getValue().forEach(n -> ev.add(n.asText()));
                    if (!f.getValue().isArray()) {
                        ev.add(f.getValue().asText());
                    }
                    flat.put(eventsKey, String.join(",", ev));
                }
                case "config" -> free = toFreeMap(f.getValue(), file);
                default -> flatten(f.getKey(), f.getValue(), flat);
            }
        }
        return new Parsed(flat, free);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toFreeMap(JsonNode n, Path file) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("'config' in " + file + " must be a map, not " + n.getNodeType());
        }
        return java.util.Collections.unmodifiableMap(new ObjectMapper().convertValue(n, LinkedHashMap.class));
    }

    private static void flatten(String prefix, JsonNode n, Map<String, String> out) {
        if (n.isObject()) {
            n.fields().forEachRemaining(f -> flatten(prefix + "." + f.getKey(), f.getValue(), out));
        } else if (n.isArray()) {
            List<String> items = new ArrayList<>();
            n.forEach(i -> items.add(i.asText()));
            out.put(prefix, String.join(",", items));
        } else {
            out.put(prefix, n.asText());
        }
    }
}
