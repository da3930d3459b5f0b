package io.tasker.launcher;

/**
 * How {@code tasker bench} submits: a burst of {@code --tasks} as fast as the producer accepts them, {@code --tasks} at
 * {@code --rate} per second, or {@code --rate} per second for {@code --duration} seconds. A paced run starts with a
 * warm-up of {@code --warmup} seconds at the same rate: its tasks run and are checked for completion, but their latencies
 * are reported apart, so that the first seconds (cold JIT, first transactions) do not make the run's p99. A burst may
 * start with a warm-up burst of {@code --warmup-tasks}: submitted and awaited until every one ended before the measured
 * burst, so that the burst's figures measure a warm JVM (JIT compiling takes much of a cold burst's CPU).
 *
 * @param tasks           tasks of a run without a duration (after the warm-up)
 * @param rate            tasks per second; 0 = burst
 * @param durationSeconds length of a sustained run at {@code rate} after the warm-up; 0 = run {@code tasks}
 * @param warmupSeconds   length of the warm-up before the measured tasks; only for paced runs
 * @param warmupBurst     tasks of the warm-up burst awaited before the measured burst; only for bursts
 */
record BenchPacing(int tasks, int rate, int durationSeconds, int warmupSeconds, int warmupBurst) {
    /** The warm-up of a paced run when {@code --warmup} is not given. */
    static final int DEFAULT_PACED_WARMUP_SECONDS = 5;

    /** @throws IllegalArgumentException naming the option when a value is out of range or a duration lacks a rate */
    BenchPacing {
        if (rate < 0) throw new IllegalArgumentException("--rate must not be negative, got " + rate);
        if (durationSeconds < 0) throw new IllegalArgumentException("--duration must not be negative, got " + durationSeconds);
        if (durationSeconds > 0 && rate == 0) {
            throw new IllegalArgumentException("--duration " + durationSeconds + " needs --rate (tasks per second): a sustained run is paced");
        }
        if (durationSeconds == 0 && tasks < 1) throw new IllegalArgumentException("--tasks must be at least 1, got " + tasks);
        if (warmupSeconds < 0) throw new IllegalArgumentException("--warmup must not be negative, got " + warmupSeconds);
        if (warmupSeconds > 0 && rate == 0) {
            throw new IllegalArgumentException("--warmup " + warmupSeconds
                    + " needs --rate (tasks per second); a burst warms up with --warmup-tasks N");
        }
        if (warmupBurst < 0) throw new IllegalArgumentException("--warmup-tasks must not be negative, got " + warmupBurst);
        if (warmupBurst > 0 && rate > 0) {
            throw new IllegalArgumentException("--warmup-tasks " + warmupBurst
                    + " is for bursts; a paced run (--rate " + rate + ") warms up with --warmup SECONDS");
        }
    }

    /** A run without a warm-up. */
    BenchPacing(int tasks, int rate, int durationSeconds) {
        this(tasks, rate, durationSeconds, 0, 0);
    }

    /** A run without a warm-up burst. */
    BenchPacing(int tasks, int rate, int durationSeconds, int warmupSeconds) {
        this(tasks, rate, durationSeconds, warmupSeconds, 0);
    }

    /** The options as given: {@code warmupSeconds} null = {@value #DEFAULT_PACED_WARMUP_SECONDS} s for a paced run, none for a burst. */
    static BenchPacing of(int tasks, int rate, int durationSeconds, Integer warmupSeconds) {
        return of(tasks, rate, durationSeconds, warmupSeconds, 0);
    }

    /** The same with {@code --warmup-tasks}. */
    static BenchPacing of(int tasks, int rate, int durationSeconds, Integer warmupSeconds, int warmupBurst) {
        int warmup = warmupSeconds != null ? warmupSeconds : rate > 0 ? DEFAULT_PACED_WARMUP_SECONDS : 0;
        return new BenchPacing(tasks, rate, durationSeconds, warmup, warmupBurst);
    }

    /** The number of tasks the run submits, the warm-up's included. */
    int total() {
        long n = warmupTasks() + (durationSeconds > 0 ? (long) rate * durationSeconds : tasks);
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("--rate x (--warmup + --duration) or --warmup-tasks + --tasks is too many tasks: " + n);
        return (int) n;
    }

    /** The tasks of the warm-up: the first {@code rate x warmupSeconds} of a paced run, or the warm-up burst's. */
    int warmupTasks() {
        return rate * warmupSeconds + warmupBurst;
    }

    /** Whether the measured burst waits for a warm-up burst to end: its figures then cover the measured burst only. */
    boolean warmupBurstFirst() {
        return warmupBurst > 0;
    }

    /** Whether task {@code i} (0-based, in submission order) belongs to the warm-up. */
    boolean warmup(int i) {
        return i < warmupTasks();
    }

    boolean paced() {
        return rate > 0;
    }

    /** When task {@code i} is due, in nanoseconds after the first: spread evenly at the rate; 0 in a burst. */
    long dueNanos(int i) {
        return rate == 0 ? 0 : i * 1_000_000_000L / rate;
    }

    /** {@code burst[ after a warm-up burst of N tasks]}, or {@code paced at R tasks/s [for D s][ after a W s warm-up]}: how the report names the run. */
    String describe() {
        if (rate == 0) return warmupBurst > 0 ? "burst after a warm-up burst of " + warmupBurst + " tasks" : "burst";
        return "paced at " + rate + " tasks/s" + (durationSeconds > 0 ? " for " + durationSeconds + " s" : "")
                + (warmupSeconds > 0 ? " after a " + warmupSeconds + " s warm-up" : "");
    }
}
