package io.tasker.launcher;

/**
 * How {@code tasker bench} submits: a burst of {@code --tasks} as fast as the producer accepts them, {@code --tasks} at
 * {@code --rate} per second, or {@code --rate} per second for {@code --duration} seconds.
 *
 * @param tasks           tasks of a run without a duration
 * @param rate            tasks per second; 0 = burst
 * @param durationSeconds length of a sustained run at {@code rate}; 0 = run {@code tasks}
 */
record BenchPacing(int tasks, int rate, int durationSeconds) {
    /** @throws IllegalArgumentException naming the option when a value is out of range or a duration lacks a rate */
    BenchPacing {
        if (rate < 0) throw new IllegalArgumentException("--rate must not be negative, got " + rate);
        if (durationSeconds < 0) throw new IllegalArgumentException("--duration must not be negative, got " + durationSeconds);
        if (durationSeconds > 0 && rate == 0) {
            throw new IllegalArgumentException("--duration " + durationSeconds + " needs --rate (tasks per second): a sustained run is paced");
        }
        if (durationSeconds == 0 && tasks < 1) throw new IllegalArgumentException("--tasks must be at least 1, got " + tasks);
    }

    /** The number of tasks the run submits. */
    int total() {
        long n = durationSeconds > 0 ? (long) rate * durationSeconds : tasks;
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("--rate x --duration is too many tasks: " + n);
        return (int) n;
    }

    boolean paced() {
        return rate > 0;
    }

    /** When task {@code i} is due, in nanoseconds after the first: spread evenly at the rate; 0 in a burst. */
    long dueNanos(int i) {
        return rate == 0 ? 0 : i * 1_000_000_000L / rate;
    }

    /** {@code burst}, or {@code paced at R tasks/s [for D s]}: how the report names the run. */
    String describe() {
        if (rate == 0) return "burst";
        return "paced at " + rate + " tasks/s" + (durationSeconds > 0 ? " for " + durationSeconds + " s" : "");
    }
}
