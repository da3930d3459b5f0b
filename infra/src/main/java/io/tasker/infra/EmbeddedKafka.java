package io.tasker.infra;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real single-node KRaft Kafka broker (combined broker + controller) running inside this JVM.
 *
 * <p>Built on the server jars rather than the JUnit test kit so the dev launcher carries no test
 * dependencies. The data directory is kept across restarts when {@link Options#dataDir()} is given,
 * so a restarted dev launcher keeps its tasks; a temporary directory is deleted on {@link #close()}.
 *
 * <p>Not thread-safe: start and close from one thread.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    /**
     * @param dataDir  where logs and metadata live; {@code null} = a temp dir deleted on close
     * @param port     broker port; 0 = a free port
     * @param controllerPort controller port; 0 = a free port
     * @param overrides extra broker properties, applied last
     */
    public record Options(Path dataDir, int port, int controllerPort, Map<String, String> overrides) {
        public static Options defaults() {
            return new Options(null, 0, 0, Map.of());
        }
    }

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final boolean deleteOnClose;
    private final String bootstrapServers;

    private EmbeddedKafka(KafkaRaftServer server, Path dataDir, boolean deleteOnClose, String bootstrapServers) {
        this.server = server;
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
        this.bootstrapServers = bootstrapServers;
    }

    public static EmbeddedKafka start(Options options) {
        try {
            boolean temp = options.dataDir() == null;
            Path dir = temp ? Files.createTempDirectory("tasker-kafka-") : options.dataDir();
            Files.createDirectories(dir);
            Path logDir = dir.resolve("logs");
            // A kept data dir remembers its ports in a file: the cluster metadata records the
            // controller's address, so a restart must reuse it.
            Path portsFile = dir.resolve("ports.properties");
            int port = options.port();
            int controllerPort = options.controllerPort();
            boolean formatted = Files.exists(logDir.resolve("meta.properties"));
            if (formatted && Files.exists(portsFile)) {
                var saved = new java.util.Properties();
                try (var in = Files.newInputStream(portsFile)) {
                    saved.load(in);
                }
                if (port == 0) port = Integer.parseInt(saved.getProperty("port"));
                if (controllerPort == 0) controllerPort = Integer.parseInt(saved.getProperty("controller.port"));
            }
            if (port == 0) port = Ports.free();
            if (controllerPort == 0) controllerPort = Ports.free();

            Map<String, Object> props = new HashMap<>();
            props.put("process.roles", "broker,controller");
            props.put("node.id", "1");
            props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
            props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
            props.put("controller.listener.names", CONTROLLER_LISTENER);
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("log.dirs", logDir.toString());
            // One node: every internal topic must have replication factor 1 or groups and transactions never work.
            props.put("offsets.topic.replication.factor", "1");
            props.put("offsets.topic.num.partitions", "4");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("transaction.state.log.num.partitions", "4");
            props.put("share.coordinator.state.topic.replication.factor", "1");
            props.put("share.coordinator.state.topic.min.isr", "1");
            props.put("group.initial.rebalance.delay.ms", "0");
            props.put("num.partitions", "1");
            props.put("auto.create.topics.enable", "false");
            props.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
            options.overrides().forEach(props::put);

            if (!formatted) {
                Files.createDirectories(logDir);
                new Formatter()
                        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                        .setNodeId(1)
                        .setClusterId(Uuid.randomUuid().toString())
                        .setDirectories(java.util.List.of(logDir.toString()))
                        .setReleaseVersion(MetadataVersion.latestProduction())
                        .setControllerListenerName(CONTROLLER_LISTENER)
                        .run();
            }
            var ports = new java.util.Properties();
            ports.setProperty("port", Integer.toString(port));
            ports.setProperty("controller.port", Integer.toString(controllerPort));
            try (var out = Files.newOutputStream(portsFile)) {
                ports.store(out, "ports of the embedded broker; reused on restart");
            }
            KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
            server.startup();
            String bootstrap = "127.0.0.1:" + port;
            log.info("Embedded Kafka broker started at {} (data dir {})", bootstrap, dir);
            return new EmbeddedKafka(server, dir, temp, bootstrap);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the embedded Kafka data directory", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the embedded Kafka broker: " + e.getMessage(), e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            if (deleteOnClose) {
                deleteRecursively(dataDir);
            }
        }
        log.info("Embedded Kafka broker at {} stopped", bootstrapServers);
    }

    /** Deletes a directory tree, logging (not throwing) what cannot be deleted; a missing directory is fine. */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("could not delete {}: {}", dir, e.toString());
        }
    }
}
