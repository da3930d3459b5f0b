package io.tasker.schemas;

import io.tasker.schemas.internal.AvroClassTrust;
import io.tasker.schemas.internal.WireFormat;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Kafka serde for one generated Avro record type, speaking the Confluent wire format (byte 0 = magic
 * {@code 0}, bytes 1-4 = big-endian schema id, then Avro binary) against a Confluent-compatible schema
 * registry. Records written by Confluent's {@code KafkaAvroSerializer} can be read and vice versa.
 *
 * <p><b>Subjects:</b> TopicNameStrategy, i.e. {@code <topic>-value} or {@code <topic>-key}. The writer schema
 * is {@code T}'s schema; it is registered (or, with {@code auto.register.schemas=false}, looked up) once per
 * topic. Reading resolves the writer schema found by id against {@code T}'s schema, so records written with
 * older or newer compatible versions are read with defaults applied.
 *
 * <p><b>Configuration:</b> either build it ready to use with
 * {@link #TaskerAvroSerde(Class, SchemaRegistryClient, boolean)} or {@link #forValues(Class, String)}, or
 * build it with {@link #TaskerAvroSerde(Class)} and call {@link #configure(Map, boolean)} with
 * {@value #SCHEMA_REGISTRY_URL_CONFIG} (required) and {@value #AUTO_REGISTER_SCHEMAS_CONFIG} (default
 * {@code true}). Serdes configured by URL share one {@link SchemaRegistryClient#shared(String) client per URL}.
 *
 * <p><b>Threading:</b> the serde, its serializer and its deserializer are thread-safe and meant to be shared.
 *
 * <p><b>Nullability:</b> {@code null} serializes to {@code null} and {@code null} bytes deserialize to
 * {@code null} (tombstones).
 *
 * <p><b>Errors:</b> all failures are {@link SerializationException}s naming the topic and, once known, the
 * schema id; registry failures are the subclass {@link SchemaRegistryException}. Using the serde before it
 * is configured throws {@link IllegalStateException}.
 *
 * @param <T> the generated record class
 */
public final class TaskerAvroSerde<T extends SpecificRecord> implements Serde<T> {
    private static final Logger log = LoggerFactory.getLogger(TaskerAvroSerde.class);

    /** Base URL of the Confluent-compatible registry API; required by {@link #configure(Map, boolean)}. */
    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    /** Whether the serializer registers its schema ({@code true}, default) or only looks it up. */
    public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";

    static {
        // Our own contracts must deserialize even where nobody set org.apache.avro.SERIALIZABLE_PACKAGES.
        AvroClassTrust.trustPackage("io.tasker.avro");
    }

    private static final ThreadLocal<WriteBuffer> WRITE_BUFFERS = ThreadLocal.withInitial(WriteBuffer::new);
    private static final ThreadLocal<BinaryDecoder[]> DECODERS = ThreadLocal.withInitial(() -> new BinaryDecoder[1]);

    private final Class<T> type;
    private final Schema schema;
    private final SpecificData model;
    /** Avro datum writers keep no per-call state, so one serves all threads. */
    private final DatumWriter<T> datumWriter;
    private final AvroSerializer serializer = new AvroSerializer();
    private final AvroDeserializer deserializer = new AvroDeserializer();
    /** Replaced as a whole by configure(), so a reconfigured serde never mixes ids of two registries. */
    private volatile State state;

    /**
     * An unconfigured serde for {@code type}; call {@link #configure(Map, boolean)} before use.
     *
     * @throws IllegalArgumentException if {@code type} is not a generated Avro record class
     */
    public TaskerAvroSerde(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type");
        AvroClassTrust.trustPackageOf(type);
        // The class's own model carries the logical-type conversions it was generated with (e.g. Instant).
        this.model = SpecificData.getForClass(type);
        try {
            this.schema = model.getSchema(type);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(type.getName() + " is not a generated Avro record class: " + e.getMessage(), e);
        }
        this.datumWriter = new SpecificDatumWriter<>(schema, model);
    }

    /** A ready-to-use serde for {@code type} using {@code client}; auto-registration is on. */
    public TaskerAvroSerde(Class<T> type, SchemaRegistryClient client, boolean isKey) {
        this(type);
        this.state = new State(Objects.requireNonNull(client, "client"), isKey, true);
    }

    /** A ready-to-use value serde for {@code type} using the JVM-wide client of {@code registryUrl}. */
    public static <T extends SpecificRecord> TaskerAvroSerde<T> forValues(Class<T> type, String registryUrl) {
        return new TaskerAvroSerde<>(type, SchemaRegistryClient.shared(registryUrl), false);
    }

    /** A ready-to-use value serde for {@code type} using the JVM-wide client of {@code registryUrl} with {@code settings}. */
    public static <T extends SpecificRecord> TaskerAvroSerde<T> forValues(Class<T> type, String registryUrl,
                                                                          SchemaRegistrySettings settings) {
        return new TaskerAvroSerde<>(type, SchemaRegistryClient.shared(registryUrl, settings), false);
    }

    /**
     * Reads {@value #SCHEMA_REGISTRY_URL_CONFIG}, {@value #AUTO_REGISTER_SCHEMAS_CONFIG} and the registry client settings
     * ({@link SchemaRegistrySettings#KEYS}: basic auth, bearer token, truststore). The URL may be
     * omitted if the serde was built with a client, which is then kept.
     *
     * @throws ConfigException if the URL is missing (and no client was given) or a value is malformed
     */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Objects.requireNonNull(configs, "configs");
        State previous = state;
        Object url = configs.get(SCHEMA_REGISTRY_URL_CONFIG);
        SchemaRegistryClient client;
        if (url != null && !url.toString().isBlank()) {
            String first = url.toString().split(",")[0].strip();
            try {
                client = SchemaRegistryClient.shared(first, SchemaRegistrySettings.fromProperties(configs));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(SCHEMA_REGISTRY_URL_CONFIG, url, e.getMessage());
            }
        } else if (previous != null) {
            client = previous.client;
        } else {
            throw new ConfigException("Missing required configuration \"" + SCHEMA_REGISTRY_URL_CONFIG
                    + "\" for the Avro serde of " + type.getSimpleName()
                    + ": set it to the schema registry base URL, e.g. http://localhost:8081");
        }
        boolean autoRegister = booleanConfig(configs, AUTO_REGISTER_SCHEMAS_CONFIG, true);
        state = new State(client, isKey, autoRegister);
        log.debug("Avro serde of {} configured: registry {}, {}, auto-register {}", type.getSimpleName(),
                client.baseUrl(), isKey ? "key" : "value", autoRegister);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    /** Nothing to release: the registry client is shared and HTTP connections are pooled by the JDK. */
    @Override
    public void close() {
    }

    /** The record class this serde reads and writes. */
    public Class<T> type() {
        return type;
    }

    @Override
    public String toString() {
        State s = state;
        return "TaskerAvroSerde[" + type.getSimpleName() + (s == null ? ", unconfigured]"
                : ", " + (s.isKey ? "key" : "value") + ", " + s.client.baseUrl() + "]");
    }

    private State state() {
        State s = state;
        if (s == null) {
            throw new IllegalStateException("the Avro serde of " + type.getSimpleName() + " is not configured: call configure() with "
                    + SCHEMA_REGISTRY_URL_CONFIG + ", or build it with a SchemaRegistryClient");
        }
        return s;
    }

    private static boolean booleanConfig(Map<String, ?> configs, String key, boolean defaultValue) {
        Object value = configs.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().strip();
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ConfigException(key, value, "must be true or false");
    }

    /** Everything that depends on the configuration, including the id caches of that registry. */
    private final class State {
        final SchemaRegistryClient client;
        final boolean isKey;
        final boolean autoRegister;
        final ConcurrentMap<String, Integer> idsByTopic = new ConcurrentHashMap<>();
        final ConcurrentMap<Integer, DatumReader<T>> readersById = new ConcurrentHashMap<>();
        /** Most serdes serve one topic and see one writer id: these skip the map lookups for that case. */
        volatile TopicId lastTopic;
        volatile IdReader<T> lastReader;

        State(SchemaRegistryClient client, boolean isKey, boolean autoRegister) {
            this.client = client;
            this.isKey = isKey;
            this.autoRegister = autoRegister;
        }

        int schemaId(String topic) {
            TopicId last = lastTopic;
            if (last != null && last.topic.equals(topic)) {
                return last.id;
            }
            Integer id = idsByTopic.get(topic);
            if (id == null) {
                String subject = topic + (isKey ? "-key" : "-value");
                id = autoRegister ? client.register(subject, schema) : client.lookup(subject, schema);
                idsByTopic.put(topic, id);
                lastTopic = new TopicId(topic, id);
            }
            return id;
        }

        DatumReader<T> reader(int id, String topic) {
            IdReader<T> last = lastReader;
            if (last != null && last.id == id) {
                return last.reader;
            }
            DatumReader<T> reader = readersById.get(id);
            if (reader == null) {
                Schema writerSchema;
                try {
                    writerSchema = client.schemaById(id);
                } catch (SchemaRegistryException e) {
                    throw new SchemaRegistryException(e.getMessage() + " (topic " + topic + ")", e.httpStatus(), e.errorCode(), e);
                }
                reader = new SpecificDatumReader<>(writerSchema, schema, model);
                DatumReader<T> raced = readersById.putIfAbsent(id, reader);
                if (raced != null) {
                    reader = raced;
                }
                lastReader = new IdReader<>(id, reader);
            }
            return reader;
        }
    }

    private record TopicId(String topic, int id) {
    }

    private record IdReader<T>(int id, DatumReader<T> reader) {
    }

    /** Reused per thread so the hot path allocates only the returned array. */
    private static final class WriteBuffer extends java.io.ByteArrayOutputStream {
        /** Bigger buffers are dropped after use so one huge record does not pin memory on every thread. */
        private static final int MAX_RETAINED = 1 << 20;
        BinaryEncoder encoder;

        WriteBuffer() {
            super(1024);
        }

        boolean oversized() {
            return buf.length > MAX_RETAINED;
        }
    }

    private final class AvroSerializer implements Serializer<T> {
        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            TaskerAvroSerde.this.configure(configs, isKey);
        }

        @Override
        public byte[] serialize(String topic, T data) {
            if (data == null) {
                return null;
            }
            int id = state().schemaId(topic);
            WriteBuffer out = WRITE_BUFFERS.get();
            out.reset();
            WireFormat.writeHeader(out, id);
            try {
                BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, out.encoder);
                out.encoder = encoder;
                datumWriter.write(data, encoder);
                encoder.flush();
                return out.toByteArray();
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("could not serialize " + type.getSimpleName() + " for topic " + topic
                        + " with schema id " + id + ": " + e, e);
            } finally {
                if (out.oversized()) {
                    WRITE_BUFFERS.remove();
                }
            }
        }

        @Override
        public void close() {
        }
    }

    private final class AvroDeserializer implements Deserializer<T> {
        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            TaskerAvroSerde.this.configure(configs, isKey);
        }

        @Override
        public T deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            State s = state();
            int id = WireFormat.schemaId(data, topic);
            DatumReader<T> reader = s.reader(id, topic);
            boolean leftOver;
            T record;
            try {
                BinaryDecoder[] decoders = DECODERS.get();
                BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE,
                        data.length - WireFormat.HEADER_SIZE, decoders[0]);
                decoders[0] = decoder;
                record = reader.read(null, decoder);
                leftOver = !decoder.isEnd();
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("could not deserialize " + type.getSimpleName() + " from topic " + topic
                        + " with schema id " + id + " (" + data.length + " bytes): " + e, e);
            }
            if (leftOver) {
                // The id does not describe these bytes (or they are corrupt): better fail than return garbage.
                throw new SerializationException("could not deserialize " + type.getSimpleName() + " from topic " + topic
                        + " with schema id " + id + ": bytes are left over after the record; the payload does not match its schema");
            }
            return record;
        }

        @Override
        public void close() {
        }
    }
}
