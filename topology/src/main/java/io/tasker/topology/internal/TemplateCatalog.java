package io.tasker.topology.internal;

import io.tasker.avro.TemplateRegistration;
import io.tasker.templates.ContextValidator;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateJson;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads templates from the global templates store. The store holds the registration records' raw bytes
 * (so a restore that copies bytes and a live update agree); parsing a template and compiling its input
 * schema is costly, so parsed entries are cached and reused while the stored bytes are unchanged.
 * Thread-safe.
 */
public final class TemplateCatalog {
    private static final Logger log = LoggerFactory.getLogger(TemplateCatalog.class);
    private static final StringSerializer KEYS = new StringSerializer();

    /**
     * A parsed template with its compiled context validator.
     *
     * @param digest SHA-256 of the canonical definition: equal digests mean the same template, whoever registered it
     */
    public record Entry(TaskTemplate template, ContextValidator validator, byte[] raw, String digest) {
    }

    /**
     * Who registered a template version and when, as the registration record says.
     *
     * @param registeredAt epoch millis
     * @param registeredBy runner id or tool; null when not recorded
     */
    public record Registration(String namespace, String name, String version, long registeredAt, String registeredBy) {
    }

    private final Deserializer<TemplateRegistration> deserializer;
    private final String topic;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    public TemplateCatalog(Deserializer<TemplateRegistration> deserializer, String topic) {
        this.deserializer = deserializer;
        this.topic = topic;
    }

    /** The template with that exact version, or the newest version when {@code version} is null or blank. */
    public Optional<Entry> find(ReadOnlyKeyValueStore<String, byte[]> store, String namespace, String name, String version) {
        if (version != null && !version.isBlank()) {
            String key = namespace + "/" + name + "/" + version;
            return decode(key, store.get(key));
        }
        String newestKey = null;
        byte[] newest = null;
        try (KeyValueIterator<String, byte[]> it = store.prefixScan(namespace + "/" + name + "/", KEYS)) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                if (newestKey == null || VERSION_ORDER.compare(versionOf(kv.key), versionOf(newestKey)) > 0) {
                    newestKey = kv.key;
                    newest = kv.value;
                }
            }
        }
        return newestKey == null ? Optional.empty() : decode(newestKey, newest);
    }

    /** Every decodable template in the store. */
    public List<TaskTemplate> all(ReadOnlyKeyValueStore<String, byte[]> store) {
        List<TaskTemplate> out = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                decode(kv.key, kv.value).ifPresent(e -> out.add(e.template()));
            }
        }
        return out;
    }

    /** The registration of every decodable template in the store (without parsing the templates). */
    public List<Registration> registrations(ReadOnlyKeyValueStore<String, byte[]> store) {
        List<Registration> out = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                try {
                    TemplateRegistration r = deserializer.deserialize(topic, kv.value);
                    out.add(new Registration(r.getNamespace(), r.getName(), r.getVersion(), r.getRegisteredAt().toEpochMilli(),
                            r.getRegisteredBy()));
                } catch (RuntimeException e) {
                    if (Containment.isRegistryOutage(e)) throw new io.tasker.topology.RegistryUnavailableException(e);
                    log.warn("template {} in the templates store cannot be read and is ignored: {}", kv.key, e.getMessage());
                }
            }
        }
        return out;
    }

    private Optional<Entry> decode(String key, byte[] raw) {
        if (raw == null) return Optional.empty();
        Entry cached = cache.get(key);
        if (cached != null && Arrays.equals(cached.raw(), raw)) return Optional.of(cached);
        try {
            TemplateRegistration registration = deserializer.deserialize(topic, raw);
            TaskTemplate template = TemplateJson.fromJson(registration.getDefinitionJson());
            Entry entry = new Entry(template, ContextValidator.forTemplate(template), raw, digest(TemplateJson.toJson(template)));
            cache.put(key, entry);
            return Optional.of(entry);
        } catch (RuntimeException e) {
            // A registry that does not answer says nothing about the template: never treat it as missing.
            if (Containment.isRegistryOutage(e)) throw new io.tasker.topology.RegistryUnavailableException(e);
            log.warn("template {} in the templates store cannot be read and is ignored: {}", key, e.getMessage());
            return Optional.empty();
        }
    }

    static String digest(String canonicalJson) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(canonicalJson.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String versionOf(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /** Dotted versions compare numerically part by part ("1.10.0" after "1.9.2"); non-numeric parts as text. */
    static final Comparator<String> VERSION_ORDER = (a, b) -> {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : "0";
            String q = i < y.length ? y[i] : "0";
            int c;
            if (p.matches("\\d+") && q.matches("\\d+")) {
                c = new java.math.BigInteger(p).compareTo(new java.math.BigInteger(q));
            } else {
                c = p.compareTo(q);
            }
            if (c != 0) return c;
        }
        return 0;
    };
}
