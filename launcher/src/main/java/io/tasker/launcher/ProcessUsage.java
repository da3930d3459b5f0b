package io.tasker.launcher;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory and CPU of this JVM during a bench run: resident set size sampled from {@code /proc/self/status} ({@code VmRSS}
 * every 200 ms, the peak kept; {@code VmHWM}, the kernel's own peak since the process started) and process CPU time
 * over the run's wall time, in cores. Linux only for RSS: elsewhere the RSS figures are -1.
 */
final class ProcessUsage implements AutoCloseable {
    static final Path STATUS = Path.of("/proc/self/status");
    private static final long SAMPLE_MS = 200;

    private final AtomicLong peakRssKb = new AtomicLong(-1);
    private final Thread sampler;
    private volatile long startCpuNanos;
    private volatile long startNanos;
    private volatile boolean running = true;
    private volatile long endCpuNanos = -1;
    private volatile long endNanos;

    private ProcessUsage() {
        startCpuNanos = cpuNanos();
        startNanos = System.nanoTime();
        sampler = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(SAMPLE_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Starts measuring now: the CPU clock's origin and the first RSS sample. */
    static ProcessUsage start() {
        return new ProcessUsage();
    }

    /**
     * Moves the CPU clock's origin to now: the CPU figure then covers what follows (a measured burst after its warm-up
     * burst). RSS sampling is not reset: its peak covers the whole run.
     */
    void restartCpu() {
        startNanos = System.nanoTime();
        startCpuNanos = cpuNanos();
    }

    private void sample() {
        long kb = kb(readStatus(), "VmRSS");
        peakRssKb.accumulateAndGet(kb, Math::max);
    }

    /** Ends the CPU measurement (the run's last completion was seen); RSS sampling goes on until {@link #close()}. */
    void stopCpu() {
        if (endCpuNanos < 0) {
            endNanos = System.nanoTime();
            endCpuNanos = cpuNanos();
        }
    }

    /** What was measured; stops the CPU clock if {@link #stopCpu()} was not called. */
    Snapshot snapshot() {
        stopCpu();
        sample();
        String status = readStatus();
        double cores = startCpuNanos < 0 || endCpuNanos < 0 || endNanos <= startNanos ? -1
                : (endCpuNanos - startCpuNanos) / (double) (endNanos - startNanos);
        return new Snapshot(mb(peakRssKb.get()), mb(kb(status, "VmHWM")), Runtime.getRuntime().maxMemory() / (1024 * 1024), cores);
    }

    /**
     * @param rssPeakMb highest {@code VmRSS} sampled during the run (MB), -1 unknown
     * @param hwmMb     {@code VmHWM}: the peak RSS since the JVM started (MB), -1 unknown
     * @param heapMaxMb the heap limit ({@code -Xmx} or the JVM's default)
     * @param cpuCores  process CPU time / wall time over the run, -1 unknown
     */
    record Snapshot(long rssPeakMb, long hwmMb, long heapMaxMb, double cpuCores) {
    }

    /**
     * The value in kB of a {@code Key:   1234 kB} line of {@code /proc/<pid>/status} text.
     *
     * @return -1 when the text has no such line or its value is not a number
     */
    static long kb(String status, String key) {
        if (status == null) return -1;
        for (String line : status.split("\n")) {
            if (!line.startsWith(key + ":")) continue;
            String[] parts = line.substring(key.length() + 1).trim().split("\\s+");
            try {
                return Long.parseLong(parts[0]);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    static long mb(long kb) {
        return kb < 0 ? -1 : Math.round(kb / 1024.0);
    }

    private static String readStatus() {
        try {
            return Files.readString(STATUS);
        } catch (IOException | UnsupportedOperationException e) {
            return null; // not Linux: RSS is reported as unknown
        }
    }

    private static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join(1_000);
    }
}
