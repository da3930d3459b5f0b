package io.tasker.infra.testkit;

import io.tasker.infra.EmbeddedKafka;
import io.tasker.infra.SchemaRegistryProcess;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded broker and one schema registry per test JVM, started on first use and stopped when the
 * JVM exits. Tests share them and isolate themselves with {@link #unique(String)} names.
 */
public final class SharedTestCluster {
    private static EmbeddedKafka kafka;
    private static SchemaRegistryProcess registry;
    private static final AtomicInteger counter = new AtomicInteger();

    private SharedTestCluster() {
    }

    public static synchronized String bootstrapServers() {
        if (kafka == null) {
            kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults());
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "embedded-kafka-stopper"));
        }
        return kafka.bootstrapServers();
    }

    public static synchronized String schemaRegistryUrl() {
        if (registry == null) {
            registry = SchemaRegistryProcess.start(0);
            Runtime.getRuntime().addShutdownHook(new Thread(registry::close, "schema-registry-closer"));
        }
        return registry.confluentUrl();
    }

    /** A name unique within this JVM run, for topics, prefixes and application ids. */
    public static String unique(String base) {
        return base + "-" + counter.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
