package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasker.infra.testkit.SharedTestCluster;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The subscriber measurements of {@code tasker bench} run to completion against the embedded broker and print their
 * lines. What they measure is not asserted: the bench is a measurement tool, and this machine is shared.
 */
class BenchIT {
    private final String[] cluster = {"--bootstrap-servers", SharedTestCluster.bootstrapServers(),
            "--schema-registry-url", SharedTestCluster.schemaRegistryUrl()};

    @Test
    void subscriberBenchHandlesEveryProducedEventAndPrintsItsRate() {
        String out = tasker("bench", "subscriber", "--events", "600", "--tasks", "50", "--transaction-records", "100",
                "--handler-ms", "1", cluster[0], cluster[1], cluster[2], cluster[3]);
        assertThat(out).contains("bench subscriber: events=600 tasks=50 partitions=6 concurrency=8 payload-bytes=200 handler-ms=1")
                .contains("produced in transactions of 100")
                .containsPattern("handled=600 of 600 \\(dead-lettered=0 undecodable=0\\) events/s=[1-9][0-9]*");
    }

    @Test
    void workflowBenchReportsTheLatencyOfANoOpSubscriberForEveryDurableOrderCreated() {
        String out = tasker("bench", "--tasks", "10", "--rate", "10", "--warmup", "0", cluster[0], cluster[1], cluster[2], cluster[3]);
        assertThat(out).contains("completed=10 failed=0").contains("events: durable=10")
                .containsPattern("subscriber: order.created handled=10 missing=0 duplicates=0; latency ms "
                        + "\\(attempt recorded -> no-op SDK handler invoked, SDK defaults\\) p50=");
    }

    @Test
    void templateFileBenchWithNoOpHandlersCompletesEveryTaskAndCountsEveryStep() throws Exception {
        String out = tasker("bench", "--template-file", "../bench/templates/linear4.yaml", "--noop-handlers", "--tasks", "20",
                "--no-subscriber", "--output", "json", cluster[0], cluster[1], cluster[2], cluster[3]);
        assertThat(out.strip()).doesNotContain("\n");
        JsonNode report = new ObjectMapper().readTree(out);
        assertThat(report.path("bench").asText()).isEqualTo("linear4");
        assertThat(report.path("mode").asText()).isEqualTo("burst");
        assertThat(report.path("submitted").asInt()).isEqualTo(20);
        assertThat(report.path("completed").asInt()).isEqualTo(20);
        assertThat(report.path("failed").asInt()).isZero();
        assertThat(report.path("steps").asLong()).isEqualTo(80);
        assertThat(report.path("cycle_count").asLong()).as("one step cycle per completed step").isEqualTo(80);
        assertThat(report.path("hop_count").asLong()).as("the topology's hop histogram was read").isPositive();
        assertThat(report.path("rss_peak_mb").asLong()).isPositive();
        assertThat(report.path("cpu_cores").asDouble()).isPositive();
    }

    @Test
    void burstWithWarmupTasksRunsTheWarmUpBurstToTheEndFirstAndReportsOnlyTheMeasuredBurstInItsFigures() throws Exception {
        String out = tasker("bench", "--template-file", "../bench/templates/linear4.yaml", "--noop-handlers", "--tasks", "20",
                "--warmup-tasks", "20", "--no-subscriber", "--output", "json", cluster[0], cluster[1], cluster[2], cluster[3]);
        JsonNode report = new ObjectMapper().readTree(out);
        assertThat(report.path("mode").asText()).isEqualTo("burst");
        assertThat(report.path("submitted").asInt()).as("the measured burst").isEqualTo(20);
        assertThat(report.path("completed").asInt()).isEqualTo(20);
        assertThat(report.path("steps").asLong()).as("the measured tasks' steps only").isEqualTo(80);
        assertThat(report.path("cycle_count").asLong()).isEqualTo(80);
        assertThat(report.path("hop_count").asLong()).as("the measured burst's hops only: at most 3 per task").isPositive().isLessThanOrEqualTo(60);
        assertThat(report.path("warmup_tasks").asInt()).isEqualTo(20);
        assertThat(report.path("warmup_ended").asInt()).isEqualTo(20);
        assertThat(report.path("warmup_s").asDouble()).isPositive();
        assertThat(report.path("warmup_tasks_per_s").asDouble()).isPositive();
        assertThat(report.path("cpu_cores").asDouble()).isPositive();

        String text = tasker("bench", "--template-file", "../bench/templates/linear4.yaml", "--noop-handlers", "--tasks", "10",
                "--warmup-tasks", "20", "--no-subscriber", cluster[0], cluster[1], cluster[2], cluster[3]);
        assertThat(text).contains("tasks=10 ").contains("(burst after a warm-up burst of 20 tasks)").contains("completed=10 failed=0")
                .containsPattern("warm-up: burst of 20 tasks, ended=20 in [0-9.]+ s \\([0-9.]+ tasks/s\\), not in the figures above");
    }

    @Test
    void sustainedRunWarmsUpThenSubmitsRateTimesDurationTasksAndReportsTheWarmUpApart() {
        String out = tasker("bench", "--template-file", "../bench/templates/diamond4.yaml", "--noop-handlers",
                "--duration", "2", "--rate", "5", "--warmup", "1", "--no-subscriber", cluster[0], cluster[1], cluster[2], cluster[3]);
        assertThat(out).contains("bench: template=diamond4 steps/task=4 handlers=no-op tasks=15")
                .contains("(paced at 5 tasks/s for 2 s after a 1 s warm-up)")
                .contains("completed=15 failed=0").contains("steps/s=")
                .as("step cycles of the 10 measured tasks only").containsPattern("step cycle .*: n=40 p50=")
                .containsPattern("warm-up: first 1 s, 5 tasks, ended=5, not in the latencies above: latency ms p50=[0-9]+ max=[0-9]+")
                .contains("per hop ms, topology histograms: hop").contains("process: rss peak=");
    }

    private static String tasker(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        assertThat(exit).as("exit code; stdout:%n%s%nstderr:%n%s", out, err).isZero();
        return out.toString();
    }
}
