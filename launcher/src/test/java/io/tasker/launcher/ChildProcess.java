package io.tasker.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * A {@code tasker} subcommand ({@code topology}, {@code runner}) running in a child JVM, for tests that kill it hard.
 * Output (stdout and stderr) goes to a log file under {@code target/} for diagnostics.
 */
final class ChildProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    private final long startedNanos;

    private ChildProcess(String name, Process process, Path log, long startedNanos) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.startedNanos = startedNanos;
    }

    /** The launcher module directory (failsafe runs with it as working directory; {@code basedir} when set). */
    static Path moduleDir() {
        String basedir = System.getProperty("basedir");
        return Path.of(basedir != null ? basedir : System.getProperty("user.dir")).toAbsolutePath();
    }

    /** Starts {@code java -cp <launcher jar>:<classpath.txt> io.tasker.launcher.Main args...}. */
    static ChildProcess start(String name, List<String> args) {
        return start(name, args, Map.of());
    }

    /** The same, with {@code environment} added to this JVM's environment. */
    static ChildProcess start(String name, List<String> args, Map<String, String> environment) {
        Path module = moduleDir();
        Path jar = module.resolve("target/launcher-0.1.0-SNAPSHOT.jar");
        Path classpathFile = module.resolve("target/classpath.txt");
        try {
            if (!Files.exists(jar) || !Files.exists(classpathFile)) {
                throw new IllegalStateException("child JVMs need " + jar + " and " + classpathFile + " (run `mvn verify`, not `mvn test`)");
            }
            String classpath = jar + java.io.File.pathSeparator + Files.readString(classpathFile).trim();
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-cp", classpath, "io.tasker.launcher.Main"));
            command.addAll(args);
            Path logDir = Files.createDirectories(module.resolve("target/child-logs"));
            Path log = logDir.resolve(name + "-" + System.currentTimeMillis() + ".log");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = pb.environment();
            env.put("TASKER_LOG_LEVEL", "INFO");
            env.putAll(environment);
            long started = System.nanoTime();
            Process p = pb.start();
            System.out.println("started child " + name + " pid " + p.pid() + ", output in " + log);
            return new ChildProcess(name, p, log, started);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for a line of output matching {@code regex} and returns its first group (or the whole match). */
    String awaitOutput(String regex, Duration atMost) {
        Pattern pattern = Pattern.compile(regex);
        String[] found = new String[1];
        await("output of " + name + " matching " + regex + " (see " + log + ")").atMost(atMost)
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("child " + name + " exited with " + process.exitValue()
                                + " before printing " + regex + "; output:\n" + output());
                    }
                    Matcher m = pattern.matcher(output());
                    if (!m.find()) return false;
                    found[0] = m.groupCount() > 0 ? m.group(1) : m.group();
                    return true;
                });
        return found[0];
    }

    String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long startedNanos() {
        return startedNanos;
    }

    Path log() {
        return log;
    }

    /** SIGKILL: no shutdown hooks, no commits, no leave-group. Waits until the process is gone. */
    void killHard() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("child " + name + " (pid " + process.pid() + ") did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) killHard();
    }
}
