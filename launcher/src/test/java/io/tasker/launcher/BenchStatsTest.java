package io.tasker.launcher;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BenchStatsTest {
    @Test
    void percentileIsTheNearestRankSoP99OfAHundredValuesIsTheNinetyNinth() {
        long[] oneToHundred = new long[100];
        for (int i = 0; i < 100; i++) oneToHundred[i] = i + 1;
        assertThat(BenchStats.percentile(oneToHundred, 50)).isEqualTo(50);
        assertThat(BenchStats.percentile(oneToHundred, 99)).isEqualTo(99);
        assertThat(BenchStats.percentile(oneToHundred, 100)).isEqualTo(100);
        assertThat(BenchStats.percentile(oneToHundred, 0)).isEqualTo(1);
    }

    @Test
    void aHighPercentileOfFewValuesIsTheirMaximumNotAnInterpolation() {
        assertThat(BenchStats.percentile(new long[]{10, 20, 30}, 99)).isEqualTo(30);
        assertThat(BenchStats.percentile(new long[]{10, 20, 30}, 50)).isEqualTo(20);
        assertThat(BenchStats.percentile(new long[]{7}, 50)).isEqualTo(7);
    }

    @Test
    void noValuesGiveZeroAndAPercentileOutOfRangeIsRefused() {
        assertThat(BenchStats.percentile(new long[0], 99)).isZero();
        assertThatThrownBy(() -> BenchStats.percentile(new long[]{1}, 101)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("101");
    }

    @Test
    void latenciesAreSortedBeforeTheSummaryIsTaken() {
        BenchStats.Latencies l = BenchStats.Latencies.of(List.of(30L, -2L, 10L, 20L));
        assertThat(l.count()).isEqualTo(4);
        assertThat(l.max()).isEqualTo(30);
        assertThat(l.summary()).isEqualTo("p50=10 p95=30 p99=30 max=30");
        assertThat(BenchStats.Latencies.of(new long[0]).summary()).isEqualTo("p50=0 p95=0 p99=0 max=0");
    }

    @Test
    void rateCountsTheGapsBetweenFirstAndLastEvent() {
        // 1001 events, the first at t=0 and the last at t=2 s: 1000 gaps in 2 s
        assertThat(BenchStats.perSecond(1001, 5_000_000_000L, 7_000_000_000L)).isCloseTo(500.0, within(1e-9));
        assertThat(BenchStats.perSecond(2, 0, 1_000_000)).isCloseTo(1000.0, within(1e-9));
    }

    @Test
    void rateIsZeroWhenItIsUndefined() {
        assertThat(BenchStats.perSecond(1, 0, 1_000)).isZero();
        assertThat(BenchStats.perSecond(100, 1_000, 1_000)).isZero();
        assertThat(BenchStats.perSecond(100, 2_000, 1_000)).isZero();
    }
}
