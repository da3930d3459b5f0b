package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tasker.examples.Examples;
import io.tasker.templates.TaskTemplate;
import io.tasker.topology.TaskerTopologyApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code tasker dev}: the whole platform on this machine, a demo run, then the API until Ctrl-C. */
@Command(name = "dev", mixinStandardHelpOptions = true,
        description = "Start broker, schema registry, topology, step runner and HTTP API; run demo tasks; serve until Ctrl-C.")
public final class DevCommand implements Callable<Integer> {
    @Option(names = "--once", description = "Exit after the demo: 0 if every demo task ended as expected and every example subscriber received every event of the demo tasks, 1 otherwise.")
    boolean once;
    @Mixin
    ClusterOptions cluster;
    @Mixin
    LogFormatOption logFormat = new LogFormatOption();
    @Mixin
    OtelOptions otel = new OtelOptions();
    @Option(names = "--data-dir", defaultValue = ".tasker/dev", description = "Broker data and state stores (kept across restarts). Default: ${DEFAULT-VALUE}")
    Path dataDir;
    @Option(names = "--http-port", defaultValue = "8080", description = "HTTP API port. Default: ${DEFAULT-VALUE}")
    int httpPort;
    @Option(names = "--tasks", defaultValue = "5", description = "Regular demo orders to submit (plus one that retries and one that fails by design). Default: ${DEFAULT-VALUE}")
    int tasks;
    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of new topics. Default: ${DEFAULT-VALUE}")
    int partitions;
    @Option(names = "--http-auth", defaultValue = "required", paramLabel = "required|off",
            description = "required: the HTTP API needs the dev token this command creates in the data directory and prints; "
                    + "off: no token. Default: ${DEFAULT-VALUE}")
    HttpApiOptions.AuthMode httpAuth;
    @Option(names = "--timeout-seconds", defaultValue = "120", description = "How long the demo waits for its tasks, and then for the subscribers' deliveries. Default: ${DEFAULT-VALUE}")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        logFormat.apply();
        PrintStream out = System.out;
        List<TaskTemplate> templates = Examples.templates(null);
        Path data = dataDir.toAbsolutePath();
        Platform.Options options = cluster.applyTo(Platform.Options.dev())
                .withDataDir(data).withHttpPort(httpPort).withPartitions(partitions);
        out.println("Starting Tasker (data in " + data + ") ...");
        Platform platform = Platform.infrastructure(options, templates);
        List<AutoCloseable> closeFirst = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            closeAll(closeFirst);
            platform.close();
            stopped.countDown();
        }, "tasker-dev-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        platform.withTelemetry(otel::config);
        if (otel.config("tasker").otlpEndpoint() != null)
            out.println("Exporting traces and metrics by OTLP/HTTP to " + otel.config("tasker").otlpEndpoint());
        platform.startRunner(Examples.handlers(), templates);
        DevToken token = httpAuth == HttpApiOptions.AuthMode.required ? DevToken.ensure(data) : null;
        if (token != null) platform.withApiTokens(token.tokensFile());
        TaskerTopologyApp topology = platform.startTopology();
        TaskerClient client = new TaskerClient(topology.url(), token == null ? null : token.token());
        out.println("Kafka " + platform.bootstrapServers() + " | schema registry " + platform.schemaRegistryUrl()
                + " | HTTP API " + topology.url());
        if (token != null) token.usage(topology.url()).forEach(out::println);
        else out.println("HTTP API authentication is off (--http-auth off): anyone who reaches " + topology.url() + " may use it");
        EventWitness witness = new EventWitness(platform.bootstrapServers(), platform.schemaRegistryUrl(), platform.clients(),
                platform.topics(), out);
        closeFirst.add(witness);
        DemoSubscribers subscribers = DemoSubscribers.start(platform, data, out);
        closeFirst.add(0, subscribers);
        out.println("Example subscribers " + subscribers.running().stream().map(r -> r.subscriber().name()).toList()
                + " started; the demo pager listens at " + subscribers.pager().url());

        DemoRun demo = new DemoRun(client, out);
        boolean tasksOk = demo.run(tasks, Duration.ofSeconds(timeoutSeconds));
        List<String> finished = demo.tasks().stream().map(DemoRun.DemoTask::id)
                .filter(demo.finals()::containsKey).toList();
        List<String> completedOrders = demo.tasks().stream()
                .filter(t -> "complete".equals(demo.finals().getOrDefault(t.id(), MISSING).path("state").asText()))
                .map(DemoRun.DemoTask::id).toList();
        boolean deliveriesOk = new DeliveryCheck(witness, subscribers, out)
                .await(finished, completedOrders, Duration.ofSeconds(timeoutSeconds));
        subscribers.printSummary(platform.bootstrapServers());
        if (once) {
            Runtime.getRuntime().removeShutdownHook(hook);
            closeAll(closeFirst);
            platform.close();
            return tasksOk && deliveriesOk ? 0 : 1;
        }
        out.println();
        String curl = token == null ? "curl " : "curl -H \"Authorization: Bearer $TASKER_TOKEN\" ";
        if (token != null) out.println("export TASKER_TOKEN=" + token.token());
        out.println("Serving the API at " + topology.url() + "  (try: " + curl + topology.url() + "/v1/templates). Ctrl-C stops everything.");
        stopped.await();
        return 0;
    }

    private static final JsonNode MISSING = JsonNodeFactory.instance.objectNode();

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable c : resources) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("closing " + c + ": " + e);
            }
        }
    }
}
