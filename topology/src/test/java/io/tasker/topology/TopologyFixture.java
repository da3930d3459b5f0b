package io.tasker.topology;

import io.tasker.avro.TemplateRegistration;
import io.tasker.schemas.FakeSchemaRegistry;
import io.tasker.schemas.SchemaRegistryClient;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.schemas.TaskerTopics;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateJson;
import io.tasker.templates.TemplateLoader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.function.Function;

/**
 * The one TopologyTestDriver set-up the topology tests share: a fake registry, the topology from
 * {@link TaskerTopology#build}, Avro-typed input/output topics, stores and the driver's wall clock.
 * Tests say only what differs (the parts, the template, the topics they read); closing releases driver and registry.
 */
public final class TopologyFixture implements AutoCloseable {
    private final FakeSchemaRegistry registry;
    private final SchemaRegistryClient client;
    private final TaskerTopics topics;
    private final TopologyTestDriver driver;
    private TestInputTopic<String, TemplateRegistration> templates;

    private TopologyFixture(FakeSchemaRegistry registry, SchemaRegistryClient client, TaskerTopology.Parts parts,
                            Properties props, Instant wallClockStart) {
        this.registry = registry;
        this.client = client;
        this.topics = parts.topics();
        this.driver = wallClockStart == null
                ? new TopologyTestDriver(TaskerTopology.build(parts), props)
                : new TopologyTestDriver(TaskerTopology.build(parts), props, wallClockStart);
    }

    /** Starts the topology that {@code parts} builds from the fixture's registry client. */
    public static TopologyFixture start(String applicationId, Function<SchemaRegistryClient, TaskerTopology.Parts> parts)
            throws IOException {
        return start(applicationId, parts, null);
    }

    /** As {@link #start(String, Function)}, with the driver's wall clock starting at {@code wallClockStart}. */
    public static TopologyFixture start(String applicationId, Function<SchemaRegistryClient, TaskerTopology.Parts> parts,
                                        Instant wallClockStart) throws IOException {
        FakeSchemaRegistry registry = new FakeSchemaRegistry();
        try {
            SchemaRegistryClient client = new SchemaRegistryClient(registry.url());
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(applicationId).toString());
            return new TopologyFixture(registry, client, parts.apply(client), props, wallClockStart);
        } catch (IOException | RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    public TopologyTestDriver driver() {
        return driver;
    }

    /** The fake registry, for tests that make it fail. */
    public FakeSchemaRegistry registry() {
        return registry;
    }

    public SchemaRegistryClient client() {
        return client;
    }

    public TaskerTopics topics() {
        return topics;
    }

    /** The templates topic, typed. */
    public TestInputTopic<String, TemplateRegistration> templates() {
        if (templates == null) templates = input(topics.templates(), TemplateRegistration.class);
        return templates;
    }

    /** Parses the template YAML and registers it as the registry service would. */
    public TaskTemplate register(String yaml, String fileName) {
        TaskTemplate template = new TemplateLoader(null).parse(yaml, fileName);
        register(template);
        return template;
    }

    public void register(TaskTemplate t) {
        templates().pipeInput(t.key(), TemplateRegistration.newBuilder().setNamespace(t.namespace()).setName(t.name())
                .setVersion(t.version()).setDefinitionJson(TemplateJson.toJson(t)).setRegisteredAt(Instant.now()).build());
    }

    public <V extends SpecificRecord> TestInputTopic<String, V> input(String topic, Class<V> type) {
        return driver.createInputTopic(topic, new StringSerializer(), new TaskerAvroSerde<>(type, client, false).serializer());
    }

    public TestInputTopic<byte[], byte[]> rawInput(String topic) {
        return driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public <V extends SpecificRecord> TestOutputTopic<String, V> output(String topic, Class<V> type) {
        return driver.createOutputTopic(topic, new StringDeserializer(), new TaskerAvroSerde<>(type, client, false).deserializer());
    }

    public TestOutputTopic<byte[], byte[]> rawOutput(String topic) {
        return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    public <K, V> KeyValueStore<K, V> store(String name) {
        return driver.getKeyValueStore(name);
    }

    /** Moves the driver's wall clock, firing any punctuation that falls due. */
    public void advance(Duration by) {
        driver.advanceWallClockTime(by);
    }

    @Override
    public void close() {
        try {
            driver.close();
        } finally {
            registry.close();
        }
    }
}
