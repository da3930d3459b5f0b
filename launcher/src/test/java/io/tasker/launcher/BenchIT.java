package io.tasker.launcher;

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
        String out = tasker("bench", "--tasks", "10", "--rate", "10", cluster[0], cluster[1], cluster[2], cluster[3]);
        assertThat(out).contains("completed=10 failed=0").contains("events: durable=10")
                .containsPattern("subscriber: order.created handled=10 missing=0 duplicates=0; latency ms "
                        + "\\(attempt recorded -> no-op SDK handler invoked, SDK defaults\\) p50=");
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
