package io.tasker.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;

/**
 * What {@code tasker bench} prints: the run's settings and measurements as text lines for people ({@link #text()}) or
 * one flat JSON object on one line for scripts ({@link #json()}; {@code bench/matrix.sh} reads it). Latencies in ms.
 * After a warm-up burst every figure is the measured burst's (the histograms and CPU from its start on) but the RSS
 * peak and VmHWM, which cover the whole run.
 *
 * @param settings the run's configuration
 * @param load     tasks, steps, request -> end latencies and step cycles
 * @param hop      the topology's {@value StepHistograms#HOP} histogram
 * @param queue    the topology's {@value StepHistograms#QUEUE} histogram
 * @param usage    this JVM's RSS, heap limit and CPU over the run
 */
record BenchReport(Settings settings, BenchLoad.Result load, StepHistograms.Summary hop, StepHistograms.Summary queue,
                   ProcessUsage.Snapshot usage) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the run was configured. */
    record Settings(String template, int stepsPerTask, boolean noopHandlers, BenchPacing pacing, int partitions,
                    long commitIntervalMs, int instances, int runnerThreads) {
    }

    double tasksPerSecond() {
        return load.seconds() <= 0 ? 0 : load.completed() / load.seconds();
    }

    double stepsPerSecond() {
        return load.seconds() <= 0 ? 0 : load.steps() / load.seconds();
    }

    /** The human report; its first two lines keep the format scripts of earlier versions grep for. */
    String text() {
        BenchStats.Latencies latency = BenchStats.Latencies.of(load.latencies());
        BenchStats.Latencies cycles = BenchStats.Latencies.of(load.cycles());
        Settings s = settings;
        return String.format(Locale.ROOT,
                "bench: template=%s steps/task=%d handlers=%s tasks=%d partitions=%d commit.interval.ms=%d topology-instances=%d runner-threads=%d (%s)%n"
                        + "completed=%d failed=%d wall=%.2fs tasks/s=%.1f steps/s=%.1f latency ms %s%n"
                        + "per hop ms, step cycle (completion of its last dependency recorded, or task start -> its own completion recorded): n=%d %s%n"
                        + "per hop ms, topology histograms: hop (runner finished a step -> next step dispatched) %s; queue (dispatched -> runner started) %s%n"
                        + "%s"
                        + "process: rss peak=%s MB (sampled) VmHWM=%s MB heap max=%d MB cpu=%s cores (process CPU time / wall of the %s)",
                s.template(), s.stepsPerTask(), s.noopHandlers() ? "no-op" : "examples", load.submitted(), s.partitions(),
                s.commitIntervalMs(), s.instances(), s.runnerThreads(), s.pacing().describe(),
                load.completed(), load.failed(), load.seconds(), tasksPerSecond(), stepsPerSecond(), latency.summary(),
                cycles.count(), cycles.summary(), hop.text(), queue.text(), warmupLine(),
                known(usage.rssPeakMb()), known(usage.hwmMb()), usage.heapMaxMb(),
                usage.cpuCores() < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", usage.cpuCores()),
                s.pacing().warmupBurstFirst() ? "measured burst; rss peak and VmHWM include the warm-up" : "run");
    }

    /** The warm-up's line, or nothing for a run without one. */
    private String warmupLine() {
        BenchPacing p = settings.pacing();
        if (p.warmupTasks() == 0) return "";
        BenchStats.Latencies w = BenchStats.Latencies.of(load.warmup());
        if (p.warmupBurstFirst()) {
            BenchLoad.WarmupBurst b = load.warmupBurst();
            return String.format(Locale.ROOT, "warm-up: burst of %d tasks, ended=%d in %.2f s (%.1f tasks/s), not in the figures above%s: "
                            + "latency ms p50=%d max=%d%n", b.tasks(), b.ended(), b.seconds(), b.tasksPerSecond(),
                    b.ended() < b.tasks() ? " (NOT ALL ENDED within --timeout-seconds; the measured burst ran anyway)"
                            : b.failed() > 0 ? " (" + b.failed() + " failed)" : "",
                    w.p(50), w.max());
        }
        return String.format(Locale.ROOT, "warm-up: first %d s, %d tasks, ended=%d, not in the latencies above: latency ms p50=%d max=%d%n",
                p.warmupSeconds(), p.warmupTasks(), w.count(), w.p(50), w.max());
    }

    /** One line of JSON, flat (no nesting) so that a shell script can pick a field with sed. */
    String json() {
        BenchStats.Latencies latency = BenchStats.Latencies.of(load.latencies());
        BenchStats.Latencies cycles = BenchStats.Latencies.of(load.cycles());
        BenchStats.Latencies warmup = BenchStats.Latencies.of(load.warmup());
        Settings s = settings;
        ObjectNode o = JSON.createObjectNode();
        o.put("bench", s.template()).put("steps_per_task", s.stepsPerTask()).put("noop_handlers", s.noopHandlers())
                .put("mode", s.pacing().paced() ? "paced" : "burst").put("rate", s.pacing().rate())
                .put("duration_s", s.pacing().durationSeconds()).put("partitions", s.partitions())
                .put("commit_interval_ms", s.commitIntervalMs()).put("instances", s.instances()).put("runner_threads", s.runnerThreads())
                .put("submitted", load.submitted()).put("completed", load.completed()).put("failed", load.failed())
                .put("steps", load.steps()).put("wall_s", round(load.seconds()))
                .put("tasks_per_s", round(tasksPerSecond())).put("steps_per_s", round(stepsPerSecond()))
                .put("latency_p50_ms", latency.p(50)).put("latency_p95_ms", latency.p(95))
                .put("latency_p99_ms", latency.p(99)).put("latency_max_ms", latency.max())
                .put("warmup_s", s.pacing().warmupBurstFirst() ? round(load.warmupBurst().seconds()) : s.pacing().warmupSeconds())
                .put("warmup_tasks", s.pacing().warmupTasks())
                .put("warmup_tasks_per_s", round(load.warmupBurst().tasksPerSecond()))
                .put("warmup_ended", warmup.count()).put("warmup_p50_ms", warmup.p(50)).put("warmup_max_ms", warmup.max())
                .put("cycle_count", cycles.count()).put("cycle_p50_ms", cycles.p(50)).put("cycle_p95_ms", cycles.p(95))
                .put("cycle_p99_ms", cycles.p(99)).put("cycle_max_ms", cycles.max())
                .put("hop_count", hop.count()).put("hop_mean_ms", round(hop.meanMs()))
                .put("hop_p50_le_ms", round(hop.p50LeMs())).put("hop_p99_le_ms", round(hop.p99LeMs()))
                .put("queue_count", queue.count()).put("queue_mean_ms", round(queue.meanMs()))
                .put("queue_p50_le_ms", round(queue.p50LeMs())).put("queue_p99_le_ms", round(queue.p99LeMs()))
                .put("rss_peak_mb", usage.rssPeakMb()).put("rss_hwm_mb", usage.hwmMb()).put("heap_max_mb", usage.heapMaxMb())
                .put("cpu_cores", round(usage.cpuCores()));
        return o.toString();
    }

    private static String known(long mb) {
        return mb < 0 ? "n/a" : Long.toString(mb);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
