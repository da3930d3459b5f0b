package io.tasker.subscriber;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A main class of the test classpath running in its own JVM, for tests that kill it hard; output goes to a file. */
final class ChildJvm implements AutoCloseable {
    /** Exit status of a JVM ended by SIGKILL (128 + 9). */
    static final int SIGKILL_EXIT = 137;

    private final Process process;
    private final Path log;

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ChildJvm start(Class<?> main, Path log, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            System.out.println("started " + main.getSimpleName() + " pid " + p.pid() + ", output in " + log);
            return new ChildJvm(p, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** SIGKILL (on Linux): no shutdown hook, no commit, no leave-group. Returns the exit status. */
    int killHard() throws InterruptedException {
        process.destroyForcibly();
        return awaitExit();
    }

    /** SIGTERM: the child's shutdown hook runs. Returns the exit status. */
    int stop() throws InterruptedException {
        process.destroy();
        return awaitExit();
    }

    private int awaitExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("child pid " + process.pid() + " did not exit; see " + log);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            killHard();
        }
    }
}
