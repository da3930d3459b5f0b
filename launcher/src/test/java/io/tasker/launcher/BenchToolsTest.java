package io.tasker.launcher;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The pure parts of {@code tasker bench}: pacing, RSS parsing, histogram percentiles and step cycles. */
class BenchToolsTest {
    private static final String STATUS = """
            Name:\tjava
            VmPeak:\t 5000000 kB
            VmHWM:\t  1048576 kB
            VmRSS:\t   524800 kB
            Threads:\t42
            """;

    @Test
    void rssAndItsPeakAreReadFromProcStatusInKilobytes() {
        assertThat(ProcessUsage.kb(STATUS, "VmRSS")).isEqualTo(524_800);
        assertThat(ProcessUsage.kb(STATUS, "VmHWM")).isEqualTo(1_048_576);
        assertThat(ProcessUsage.mb(ProcessUsage.kb(STATUS, "VmHWM"))).isEqualTo(1024);
        assertThat(ProcessUsage.mb(ProcessUsage.kb(STATUS, "VmRSS"))).isEqualTo(513); // 512.5 MB rounds up
    }

    @Test
    void aMissingOrUnreadableRssIsUnknownNotZero() {
        assertThat(ProcessUsage.kb(STATUS, "VmSwap")).isEqualTo(-1);
        assertThat(ProcessUsage.kb("VmRSS:\tlots kB", "VmRSS")).isEqualTo(-1);
        assertThat(ProcessUsage.kb(null, "VmRSS")).isEqualTo(-1);
        assertThat(ProcessUsage.mb(-1)).isEqualTo(-1);
    }

    @Test
    void aSustainedRunSubmitsRateTimesDurationTasksEvenlySpread() {
        BenchPacing p = new BenchPacing(2000, 10, 30);
        assertThat(p.total()).isEqualTo(300);
        assertThat(p.paced()).isTrue();
        assertThat(p.dueNanos(0)).isZero();
        assertThat(p.dueNanos(15)).isEqualTo(1_500_000_000L);
        assertThat(p.describe()).isEqualTo("paced at 10 tasks/s for 30 s");
        assertThat(new BenchPacing(500, 0, 0).total()).isEqualTo(500);
        assertThat(new BenchPacing(500, 0, 0).dueNanos(499)).isZero();
        assertThat(new BenchPacing(500, 0, 0).describe()).isEqualTo("burst");
    }

    @Test
    void aPacedRunWarmsUpFiveSecondsByDefaultBeforeItsMeasuredTasksAndABurstDoesNot() {
        BenchPacing p = BenchPacing.of(2000, 10, 30, null);
        assertThat(p.warmupSeconds()).isEqualTo(BenchPacing.DEFAULT_PACED_WARMUP_SECONDS).isEqualTo(5);
        assertThat(p.warmupTasks()).isEqualTo(50);
        assertThat(p.total()).as("the warm-up comes on top of rate x duration").isEqualTo(350);
        assertThat(p.warmup(49)).isTrue();
        assertThat(p.warmup(50)).isFalse();
        assertThat(p.dueNanos(50)).isEqualTo(5_000_000_000L);
        assertThat(p.describe()).isEqualTo("paced at 10 tasks/s for 30 s after a 5 s warm-up");
        assertThat(BenchPacing.of(100, 10, 0, 0).total()).isEqualTo(100);
        BenchPacing burst = BenchPacing.of(500, 0, 0, null);
        assertThat(burst.warmupTasks()).isZero();
        assertThat(burst.warmup(0)).isFalse();
        assertThat(burst.describe()).isEqualTo("burst");
        assertThatThrownBy(() -> BenchPacing.of(500, 0, 0, 5)).hasMessageContaining("--warmup 5 needs --rate");
        assertThatThrownBy(() -> BenchPacing.of(500, 10, 0, -1)).hasMessageContaining("--warmup must not be negative");
    }

    @Test
    void aBurstWithWarmupTasksSubmitsThemFirstOnTopOfTheMeasuredTasks() {
        BenchPacing p = BenchPacing.of(500, 0, 0, null, 200);
        assertThat(p.warmupBurstFirst()).isTrue();
        assertThat(p.warmupSeconds()).isZero();
        assertThat(p.warmupTasks()).isEqualTo(200);
        assertThat(p.total()).as("the warm-up burst comes on top of --tasks").isEqualTo(700);
        assertThat(p.warmup(199)).isTrue();
        assertThat(p.warmup(200)).isFalse();
        assertThat(p.dueNanos(699)).isZero();
        assertThat(p.describe()).isEqualTo("burst after a warm-up burst of 200 tasks");
        assertThat(BenchPacing.of(500, 0, 0, null, 0).warmupBurstFirst()).isFalse();
        assertThat(BenchPacing.of(500, 10, 0, null).warmupBurstFirst()).as("a paced warm-up is not a burst first").isFalse();
        assertThatThrownBy(() -> BenchPacing.of(500, 0, 0, null, Integer.MAX_VALUE).total()).hasMessageContaining("too many tasks");
    }

    @Test
    void warmupTasksAreRefusedOnAPacedRunAndWarmupSecondsOnABurstEachNamingTheOtherOption() {
        assertThatThrownBy(() -> BenchPacing.of(100, 10, 0, null, 50)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--warmup-tasks 50 is for bursts").hasMessageContaining("--warmup SECONDS");
        assertThatThrownBy(() -> BenchPacing.of(100, 10, 30, 0, 50)).hasMessageContaining("--warmup-tasks 50 is for bursts");
        assertThatThrownBy(() -> BenchPacing.of(100, 0, 0, null, -1)).hasMessageContaining("--warmup-tasks must not be negative, got -1");
        assertThatThrownBy(() -> BenchPacing.of(100, 0, 0, 5, 0)).hasMessageContaining("--warmup 5 needs --rate")
                .hasMessageContaining("--warmup-tasks");
    }

    @Test
    void theBenchCommandRefusesWarmupTasksOnAPacedRunBeforeStartingAnything() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("bench", "--rate", "10", "--warmup-tasks", "20");
        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("--warmup-tasks 20 is for bursts");
    }

    @Test
    void aHistogramSnapshotTakenAtTheStartOfTheMeasuredBurstIsSubtractedFromTheEnd() {
        List<Double> bounds = List.of(0.005, 0.01, 0.025);
        StepHistograms.Snapshot warmup = new StepHistograms.Snapshot(bounds, new long[]{0, 0, 10, 5}, 15, 3.0, 0.4);
        StepHistograms.Snapshot end = new StepHistograms.Snapshot(bounds, new long[]{60, 40, 10, 5}, 115, 3.6, 0.4);
        StepHistograms.Summary measured = end.since(warmup).summary();
        // 100 measured values: 60 <= 5 ms, 40 <= 10 ms, sum 0.6 s; the warm-up's slow ones are gone
        assertThat(measured.count()).isEqualTo(100);
        assertThat(measured.meanMs()).isCloseTo(6.0, within(1e-9));
        assertThat(measured.p50LeMs()).isEqualTo(5.0);
        assertThat(measured.p99LeMs()).isEqualTo(10.0);
        assertThat(end.summary().p99LeMs()).as("without the subtraction").isEqualTo(400.0);
        assertThat(end.since(StepHistograms.Snapshot.EMPTY).summary()).isEqualTo(end.summary());
        assertThat(StepHistograms.Snapshot.EMPTY.since(StepHistograms.Snapshot.EMPTY).summary()).isEqualTo(StepHistograms.Summary.NONE);
    }

    @Test
    void aDurationWithoutARateIsRefusedNamingBothOptions() {
        assertThatThrownBy(() -> new BenchPacing(100, 0, 30)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--duration 30").hasMessageContaining("--rate");
        assertThatThrownBy(() -> new BenchPacing(0, 0, 0)).hasMessageContaining("--tasks");
        assertThatThrownBy(() -> new BenchPacing(10, -1, 0)).hasMessageContaining("--rate");
    }

    @Test
    void aHistogramPercentileIsTheUpperBoundOfItsBucketAndTheMaximumInTheOpenBucket() {
        List<Double> bounds = List.of(0.005, 0.01, 0.025);
        long[] counts = {50, 40, 9, 1}; // 100 values: half <= 5 ms, 90 <= 10 ms, 99 <= 25 ms, one above
        assertThat(StepHistograms.upperBound(bounds, counts, 50, 0.4)).isEqualTo(0.005);
        assertThat(StepHistograms.upperBound(bounds, counts, 51, 0.4)).isEqualTo(0.01);
        assertThat(StepHistograms.upperBound(bounds, counts, 99, 0.4)).isEqualTo(0.025);
        assertThat(StepHistograms.upperBound(bounds, counts, 100, 0.4)).isEqualTo(0.4);
        // a bucket's bound above the largest value recorded says less than the maximum does
        assertThat(StepHistograms.upperBound(bounds, new long[]{0, 0, 3, 0}, 50, 0.012)).isCloseTo(0.012, within(1e-12));
        assertThat(StepHistograms.upperBound(bounds, new long[]{0, 0, 0, 0}, 50, 0)).isZero();
    }

    @Test
    void histogramSummaryTextSaysWhenNothingWasRecorded() {
        assertThat(StepHistograms.Summary.NONE.text()).isEqualTo("n=0");
        assertThat(new StepHistograms.Summary(4, 12.34, 25, 50).text()).isEqualTo("n=4 mean=12.3 p50<=25 p99<=50");
    }
}
