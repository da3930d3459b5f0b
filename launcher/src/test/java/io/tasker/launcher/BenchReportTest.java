package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code tasker bench} reports, from known measurements: step cycles, the text lines and the JSON line. */
class BenchReportTest {
    private static final Path BENCH_TEMPLATES = Path.of("..", "bench", "templates");

    @Test
    void aStepCycleRunsFromTheLastDependencysCompletionOrTheTaskStartForARoot() {
        TaskTemplate diamond = new TemplateLoader().load(BENCH_TEMPLATES.resolve("diamond4.yaml"));
        StepCycles cycles = new StepCycles(diamond);
        cycles.taskStarted("t1", 1000);
        cycles.stepCompleted("t1", "a", 1010);
        cycles.stepCompleted("t1", "c", 1040);
        cycles.stepCompleted("t1", "b", 1025);
        cycles.stepCompleted("t1", "d", 1070);
        cycles.stepCompleted("t2", "a", 5000); // t2 never ends: not measured
        cycles.taskEnded("t1");
        // a: start -> 1010; b: a -> 1025; c: a -> 1040; d: the later of b and c (1040) -> 1070
        assertThat(cycles.cycles()).containsExactlyInAnyOrder(10L, 15L, 30L, 30L);
    }

    @Test
    void aStepWhoseDependencyHasNoRecordedCompletionIsSkipped() {
        TaskTemplate linear = new TemplateLoader().load(BENCH_TEMPLATES.resolve("linear4.yaml"));
        StepCycles cycles = new StepCycles(linear);
        cycles.stepCompleted("t", "b", 20); // no task.started and no 'a' seen
        cycles.stepCompleted("t", "c", 35);
        cycles.taskEnded("t");
        assertThat(cycles.cycles()).containsExactly(15L);
    }

    @Test
    void theReportCountsRatesOverTheFirstRequestToTheLastCompletion() throws Exception {
        BenchReport r = report();
        assertThat(r.tasksPerSecond()).isEqualTo(2.0); // 4 tasks in 2 s
        assertThat(r.stepsPerSecond()).isEqualTo(8.0);
        assertThat(r.text()).contains("bench: template=linear4 steps/task=4 handlers=no-op tasks=4 partitions=6")
                .contains("(paced at 2 tasks/s)")
                .contains("completed=4 failed=0 wall=2.00s tasks/s=2.0 steps/s=8.0 latency ms p50=20 p95=40 p99=40 max=40")
                .contains("step cycle").contains("n=3 p50=5 p95=9 p99=9 max=9")
                .contains("hop (runner finished a step -> next step dispatched) n=12 mean=4.5 p50<=5 p99<=10")
                .contains("queue (dispatched -> runner started) n=0")
                .contains("process: rss peak=700 MB (sampled) VmHWM=750 MB heap max=512 MB cpu=1.25 cores");
    }

    @Test
    void theJsonReportIsOneFlatLine() throws Exception {
        String json = report().json();
        assertThat(json).doesNotContain("\n");
        JsonNode o = new ObjectMapper().readTree(json);
        o.fields().forEachRemaining(f -> assertThat(f.getValue().isValueNode()).as(f.getKey()).isTrue());
        assertThat(o.path("bench").asText()).isEqualTo("linear4");
        assertThat(o.path("mode").asText()).isEqualTo("paced");
        assertThat(o.path("completed").asInt()).isEqualTo(4);
        assertThat(o.path("steps").asLong()).isEqualTo(16);
        assertThat(o.path("tasks_per_s").asDouble()).isEqualTo(2.0);
        assertThat(o.path("latency_p99_ms").asLong()).isEqualTo(40);
        assertThat(o.path("cycle_p50_ms").asLong()).isEqualTo(5);
        assertThat(o.path("hop_p50_le_ms").asDouble()).isEqualTo(5.0);
        assertThat(o.path("rss_peak_mb").asLong()).isEqualTo(700);
        assertThat(o.path("cpu_cores").asDouble()).isEqualTo(1.25);
    }

    @Test
    void warmUpTasksAreCountedAsRunButReportedApartFromTheLatencyPercentiles() throws Exception {
        // 2 tasks/s with a 1 s warm-up: the first 2 tasks are the warm-up (slow: cold JIT), 4 measured tasks follow
        BenchLoad.Result load = new BenchLoad.Result(6, 6, 0, 24, 10_000, 13_000, new long[]{10, 20, 40, 30},
                List.of(3L, 5L, 9L), new long[]{450, 900});
        BenchReport r = new BenchReport(new BenchReport.Settings("linear4", 4, true, new BenchPacing(4, 2, 0, 1), 6, 100, 1, 8), load,
                new StepHistograms.Summary(12, 4.5, 5, 10), StepHistograms.Summary.NONE, new ProcessUsage.Snapshot(700, 750, 512, 1.25));
        assertThat(r.text()).contains("tasks=6 ").contains("(paced at 2 tasks/s after a 1 s warm-up)")
                .contains("completed=6 failed=0 wall=3.00s tasks/s=2.0 steps/s=8.0 latency ms p50=20 p95=40 p99=40 max=40")
                .contains("warm-up: first 1 s, 2 tasks, ended=2, not in the latencies above: latency ms p50=450 max=900");
        JsonNode o = new ObjectMapper().readTree(r.json());
        assertThat(o.path("latency_p99_ms").asLong()).isEqualTo(40);
        assertThat(o.path("latency_max_ms").asLong()).isEqualTo(40);
        assertThat(o.path("warmup_s").asInt()).isEqualTo(1);
        assertThat(o.path("warmup_tasks").asInt()).isEqualTo(2);
        assertThat(o.path("warmup_ended").asInt()).isEqualTo(2);
        assertThat(o.path("warmup_p50_ms").asLong()).isEqualTo(450);
        assertThat(o.path("warmup_max_ms").asLong()).isEqualTo(900);
        assertThat(report().text()).as("no warm-up, no warm-up line").doesNotContain("warm-up");
    }

    @Test
    void aWarmUpBurstIsLeftOutOfEveryFigureOfTheMeasuredBurstAndReportedOnItsOwnLine() throws Exception {
        // 3 warm-up tasks (cold: 900 ms) in 1.5 s, then 4 measured tasks from 20 s to 22 s
        BenchLoad.Result load = new BenchLoad.Result(4, 4, 0, 16, 20_000, 22_000, new long[]{10, 20, 40, 30},
                List.of(3L, 5L, 9L), new long[]{900, 800, 700}, new BenchLoad.WarmupBurst(3, 3, 0, 10_000, 11_500));
        BenchReport r = new BenchReport(new BenchReport.Settings("linear4", 4, true, BenchPacing.of(4, 0, 0, null, 3), 6, 100, 1, 8), load,
                new StepHistograms.Summary(12, 4.5, 5, 10), StepHistograms.Summary.NONE, new ProcessUsage.Snapshot(700, 750, 512, 1.25));
        assertThat(r.tasksPerSecond()).as("4 measured tasks in 2 s").isEqualTo(2.0);
        assertThat(r.stepsPerSecond()).isEqualTo(8.0);
        assertThat(r.text()).contains("tasks=4 ").contains("(burst after a warm-up burst of 3 tasks)")
                .contains("completed=4 failed=0 wall=2.00s tasks/s=2.0 steps/s=8.0 latency ms p50=20 p95=40 p99=40 max=40")
                .contains("warm-up: burst of 3 tasks, ended=3 in 1.50 s (2.0 tasks/s), not in the figures above: latency ms p50=800 max=900")
                .contains("cpu=1.25 cores (process CPU time / wall of the measured burst; rss peak and VmHWM include the warm-up)")
                .doesNotContain("NOT ALL ENDED");
        JsonNode o = new ObjectMapper().readTree(r.json());
        assertThat(o.path("mode").asText()).isEqualTo("burst");
        assertThat(o.path("submitted").asInt()).isEqualTo(4);
        assertThat(o.path("completed").asInt()).isEqualTo(4);
        assertThat(o.path("tasks_per_s").asDouble()).isEqualTo(2.0);
        assertThat(o.path("latency_max_ms").asLong()).isEqualTo(40);
        assertThat(o.path("warmup_tasks").asInt()).isEqualTo(3);
        assertThat(o.path("warmup_ended").asInt()).isEqualTo(3);
        assertThat(o.path("warmup_s").asDouble()).isEqualTo(1.5);
        assertThat(o.path("warmup_tasks_per_s").asDouble()).isEqualTo(2.0);
        assertThat(o.path("warmup_max_ms").asLong()).isEqualTo(900);
    }

    @Test
    void aWarmUpBurstThatDidNotAllEndIsSaidSo() {
        BenchLoad.Result load = new BenchLoad.Result(4, 4, 0, 16, 20_000, 22_000, new long[]{10, 20, 40, 30},
                List.of(3L, 5L, 9L), new long[]{900, 800}, new BenchLoad.WarmupBurst(3, 2, 0, 10_000, 11_000));
        BenchReport r = new BenchReport(new BenchReport.Settings("linear4", 4, true, BenchPacing.of(4, 0, 0, null, 3), 6, 100, 1, 8), load,
                StepHistograms.Summary.NONE, StepHistograms.Summary.NONE, new ProcessUsage.Snapshot(700, 750, 512, 1.25));
        assertThat(r.text()).contains("warm-up: burst of 3 tasks, ended=2 in 1.00 s (2.0 tasks/s), not in the figures above (NOT ALL ENDED");
    }

    private static BenchReport report() {
        BenchLoad.Result load = new BenchLoad.Result(4, 4, 0, 16, 10_000, 12_000, new long[]{10, 20, 40, 30}, List.of(3L, 5L, 9L));
        return new BenchReport(new BenchReport.Settings("linear4", 4, true, new BenchPacing(4, 2, 0), 6, 100, 1, 8), load,
                new StepHistograms.Summary(12, 4.5, 5, 10), StepHistograms.Summary.NONE,
                new ProcessUsage.Snapshot(700, 750, 512, 1.25));
    }
}
