package io.tasker.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * {@code bench/matrix.sh} turns the JSON lines of its runs into one markdown table of medians. The bench itself is
 * replaced (TASKER_CMD) by a script that prints known reports between log lines, so no broker runs here.
 */
class MatrixScriptTest {
    private static final Path SCRIPT = Path.of("..", "bench", "matrix.sh").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void theTableShowsTheMedianOfTheRepetitionsWithTheRunsAndMarksAnIncompleteRun() throws Exception {
        assumeThat(Path.of("/bin/bash")).exists();
        Path fake = dir.resolve("fake-tasker.sh");
        // run n (1..6) alternates burst, paced: bursts report 10, 30, 50 tasks/s; paced runs p50 300, 100, 200 ms,
        // and the third paced run completes 9 of 10 tasks
        Files.writeString(fake, """
                #!/usr/bin/env bash
                n=$(cat "%1$s/n" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "%1$s/n"
                echo "$*" >> "%1$s/args"
                echo "12:00:00 INFO some log line {not json}"
                case $n in 2) p50=300;; 4) p50=100;; *) p50=200;; esac
                completed=10; [ $n = 6 ] && completed=9
                echo "{\\"bench\\":\\"linear4\\",\\"submitted\\":10,\\"completed\\":$completed,\\"tasks_per_s\\":$((n*10)).2,\\"steps_per_s\\":40.0,\\"latency_p50_ms\\":$p50,\\"latency_p95_ms\\":400,\\"latency_p99_ms\\":500,\\"cycle_p50_ms\\":50,\\"hop_mean_ms\\":12.34,\\"rss_peak_mb\\":700,\\"cpu_cores\\":1.5}"
                """.formatted(dir));
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        Path out = dir.resolve("table.md");
        ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString(), "--shapes", "linear4", "--reps", "3", "--quick",
                "--out", out.toString(), "--", "--commit-interval-ms", "20").redirectErrorStream(true);
        pb.environment().put("TASKER_CMD", fake.toString());
        Process p = pb.start();
        String console = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(console).isZero();

        String table = Files.readString(out);
        assertThat(console).contains(table.strip());
        assertThat(table).contains("| workflow | steps | burst tasks | tasks/s |")
                .contains("3 repetition(s), --quick counts")
                .contains("extra bench options: --commit-interval-ms 20")
                .contains("| linear4 | 4 | 1000 | **30** (10, 30, 50) | **40** (40, 40, 40) | **700** (700, 700, 700) | **1.50** (1.50, 1.50, 1.50) | 10/s ")
                .contains("| **200*** (300, 100, 200) |");
        assertThat(Files.readAllLines(dir.resolve("args"))).hasSize(6)
                .first().asString().contains("bench --no-subscriber --output json --template-file bench/templates/linear4.yaml --noop-handlers --tasks 1000 --commit-interval-ms 20");
        assertThat(Files.readAllLines(dir.resolve("args")).get(1)).contains("--rate 10 --duration 5");
        assertThat(Files.readAllLines(Path.of(out + ".jsonl"))).hasSize(6);
    }

    @Test
    void warmBurstsPassWarmupTasksToTheBurstRunsOnlyAndTheHeaderSaysSo() throws Exception {
        assumeThat(Path.of("/bin/bash")).exists();
        Path fake = dir.resolve("fake-tasker.sh");
        // the second run (paced) reports a warm-up that did not all end: its cell is marked
        Files.writeString(fake, """
                #!/usr/bin/env bash
                n=$(cat "%1$s/n" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "%1$s/n"
                echo "$*" >> "%1$s/args"
                ended=500; [ $n = 2 ] && ended=49
                echo "{\\"bench\\":\\"linear4\\",\\"submitted\\":10,\\"completed\\":10,\\"tasks_per_s\\":20.0,\\"steps_per_s\\":80.0,\\"latency_p50_ms\\":30,\\"warmup_tasks\\":500,\\"warmup_ended\\":$ended,\\"rss_peak_mb\\":700,\\"cpu_cores\\":1.5}"
                """.formatted(dir));
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        Path out = dir.resolve("table.md");
        ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString(), "--shapes", "linear4", "--reps", "1", "--quick",
                "--warm-bursts", "500", "--out", out.toString()).redirectErrorStream(true);
        pb.environment().put("TASKER_CMD", fake.toString());
        Process p = pb.start();
        String console = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(console).isZero();

        List<String> args = Files.readAllLines(dir.resolve("args"));
        assertThat(args).hasSize(2);
        assertThat(args.get(0)).contains("--tasks 1000 --warmup-tasks 500");
        assertThat(args.get(1)).contains("--rate 10 --duration 5").doesNotContain("--warmup-tasks");
        assertThat(Files.readString(out)).contains("Burst = quick burst of the tasks shown after a warm-up burst of 500 tasks run to its end")
                .contains("| linear4 | 4 | 1000 | 20 | 80 | 700 | 1.50 | 10/s | 30* |");
    }

    @Test
    void aWarmBurstsValueThatIsNotANumberIsRefused() throws Exception {
        assertThat(refusal("--warm-bursts", "many")).contains("--warm-bursts must be a number of tasks (0 = none), got 'many'");
    }

    @Test
    void anUnknownShapeIsRefusedBeforeAnythingRuns() throws Exception {
        assertThat(refusal("--shapes", "linear5")).contains("unknown shape 'linear5'");
    }

    /** The console of the script run with {@code args} and a bench command that would fail: it must exit 2 first. */
    private String refusal(String... args) throws Exception {
        assumeThat(Path.of("/bin/bash")).exists();
        List<String> command = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--out", dir.resolve("t.md").toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("TASKER_CMD", "false");
        Process p = pb.start();
        String console = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(console).isEqualTo(2);
        return console;
    }
}
