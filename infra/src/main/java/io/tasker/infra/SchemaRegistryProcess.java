package io.tasker.infra;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real schema registry (Apicurio Registry 2.6, in-memory storage) run as a child JVM, exposing the
 * Confluent-compatible REST API at {@link #confluentUrl()}.
 *
 * <p>The build unpacks the registry into {@code .tasker/apicurio-<version>} at the repository root;
 * {@link #locateHome()} finds it from the {@code tasker.apicurio.home} system property, the
 * {@code TASKER_APICURIO_HOME} environment variable, or by walking up from the working directory.
 * The child is destroyed on {@link #close()} and by a shutdown hook, so Ctrl-C stops it too.
 */
public final class SchemaRegistryProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryProcess.class);
    public static final String VERSION = "2.6.13.Final";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final int port;
    private final Path logFile;
    private final Thread shutdownHook;

    private SchemaRegistryProcess(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
        this.shutdownHook = new Thread(process::destroyForcibly, "schema-registry-stopper");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts an in-memory registry on {@code port} (0 = a free port) and waits until its API answers. */
    public static SchemaRegistryProcess start(int port) {
        return start(port, null);
    }

    /**
     * Starts the registry and waits until its API answers.
     *
     * @param dataDir where schemas are kept (an H2 file database) so ids stay valid for records already in a
     *                kept Kafka data dir; {@code null} = in memory
     */
    public static SchemaRegistryProcess start(int port, Path dataDir) {
        Path home = locateHome();
        Path runner = home.resolve("apicurio-registry-app-" + VERSION + "-runner.jar");
        int p = port == 0 ? Ports.free() : port;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.port=" + p,
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.log.level=WARN",
                "-jar", runner.toString()));
        if (dataDir != null) {
            cmd.add(cmd.size() - 2, "-Dquarkus.datasource.jdbc.url=jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("registry"));
        }
        try {
            Path logFile = Files.createTempFile("tasker-schema-registry-", ".log");
            Process process = new ProcessBuilder(cmd)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .start();
            SchemaRegistryProcess registry = new SchemaRegistryProcess(process, p, logFile);
            registry.awaitReady();
            log.info("Schema registry (Apicurio {}) ready at {} (log {})", VERSION, registry.confluentUrl(), logFile);
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the schema registry from " + runner, e);
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        URI probe = URI.create(confluentUrl() + "/subjects");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("schema registry exited with code " + process.exitValue()
                        + " during start-up; its log: " + logFile + "\n" + tail());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while waiting for the schema registry", e);
            }
            try {
                Thread.sleep(200); // polling a child process that has no readiness signal other than its port
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while waiting for the schema registry", e);
            }
        }
        close();
        throw new IllegalStateException("schema registry did not answer within " + START_TIMEOUT + "; log " + logFile + "\n" + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Base URL of the Confluent-compatible API, e.g. {@code http://127.0.0.1:8081/apis/ccompat/v7}. */
    public String confluentUrl() {
        return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    }

    public int port() {
        return port;
    }

    public static Path locateHome() {
        String configured = System.getProperty("tasker.apicurio.home", System.getenv("TASKER_APICURIO_HOME"));
        if (configured != null && !configured.isBlank()) {
            return requireRunner(Path.of(configured));
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve(".tasker").resolve("apicurio-" + VERSION);
            if (Files.isDirectory(candidate)) return requireRunner(candidate);
            dir = dir.getParent();
        }
        throw new IllegalStateException("Apicurio registry not found: build the project first (mvn install unpacks it into "
                + ".tasker/apicurio-" + VERSION + "), or set tasker.apicurio.home / TASKER_APICURIO_HOME, "
                + "or pass --schema-registry-url to use an existing registry");
    }

    private static Path requireRunner(Path home) {
        try (Stream<Path> files = Files.list(home)) {
            if (files.noneMatch(f -> f.getFileName().toString().endsWith("-runner.jar"))) {
                throw new IllegalStateException("no Apicurio runner jar in " + home);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + home, e);
        }
        return home;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run; nothing to remove
        }
    }
}
