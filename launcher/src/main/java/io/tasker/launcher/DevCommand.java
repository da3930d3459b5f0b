package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code tasker dev}: the whole platform on this machine, a demo run, then the API until Ctrl-C. */
@Command(name = "dev", mixinStandardHelpOptions = true,
        description = "Start broker, schema registry, topology, step runner and HTTP API; run demo tasks; serve until Ctrl-C.")
public final class DevCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--once", description = "Exit after the demo: 0 if every demo task completed, 1 otherwise.")
    boolean once;
    @Mixin
    ClusterOptions cluster;
    @Option(names = "--data-dir", defaultValue = ".tasker/dev", description = "Broker data and state stores (kept across restarts). Default: ${DEFAULT-VALUE}")
    Path dataDir;
    @Option(names = "--http-port", defaultValue = "8080", description = "HTTP API port. Default: ${DEFAULT-VALUE}")
    int httpPort;
    @Option(names = "--tasks", defaultValue = "5", description = "Demo tasks to submit. Default: ${DEFAULT-VALUE}")
    int tasks;
    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of new topics. Default: ${DEFAULT-VALUE}")
    int partitions;
    @Option(names = "--timeout-seconds", defaultValue = "120", description = "How long the demo waits for its tasks. Default: ${DEFAULT-VALUE}")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        List<TaskTemplate> templates = Examples.templates(null);
        Platform.Options options = cluster.applyTo(Platform.Options.dev())
                .withDataDir(dataDir.toAbsolutePath()).withHttpPort(httpPort).withPartitions(partitions);
        out.println("Starting Tasker (data in " + dataDir.toAbsolutePath() + ") ...");
        Platform platform = Platform.infrastructure(options, templates);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            platform.close();
            stopped.countDown();
        }, "tasker-dev-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        platform.startRunner(Examples.handlers(), templates);
        TaskerTopologyApp topology = platform.startTopology();
        TaskerClient client = new TaskerClient(topology.url());
        out.println("Kafka " + platform.bootstrapServers() + " | schema registry " + platform.schemaRegistryUrl()
                + " | HTTP API " + topology.url());
        EventConsole events = new EventConsole(platform.bootstrapServers(), platform.schemaRegistryUrl(), platform.topics(), out);

        Map<String, JsonNode> finals = new LinkedHashMap<>();
        boolean allComplete = runDemo(client, out, finals);
        boolean allEvents = awaitDemoEvents(events, finals, out);
        if (once) {
            Runtime.getRuntime().removeShutdownHook(hook);
            events.close();
            platform.close();
            return allComplete && allEvents ? 0 : 1;
        }
        out.println();
        out.println("Serving the API at " + topology.url() + "  (try: curl " + topology.url() + "/v1/templates). Ctrl-C stops everything.");
        stopped.await();
        return 0;
    }

    /**
     * Every completed demo order announces {@code order.created} (declared durable on {@code create_order}): waits until
     * the console has seen one per completed task, as a {@code read_committed} consumer would.
     */
    private boolean awaitDemoEvents(EventConsole events, Map<String, JsonNode> finals, PrintStream out) throws InterruptedException {
        java.util.Set<String> expected = new java.util.TreeSet<>();
        finals.forEach((id, t) -> {
            if (t.path("state").asText().equals("complete")) expected.add(id);
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        java.util.Set<String> seen = new java.util.TreeSet<>();
        while (System.nanoTime() < deadline) {
            seen.clear();
            events.delivered().stream().filter(e -> e.getName().equals("order.created")).forEach(e -> seen.add(e.getTaskId()));
            if (seen.containsAll(expected)) break;
            Thread.sleep(100);
        }
        long total = events.delivered().size();
        boolean ok = seen.containsAll(expected);
        out.printf("%d domain events delivered to a read_committed consumer; order.created for %d of %d completed orders.%n",
                total, seen.stream().filter(expected::contains).count(), expected.size());
        return ok;
    }

    private boolean runDemo(TaskerClient client, PrintStream out, Map<String, JsonNode> finals) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        // Templates arrive through the templates topic; wait until this instance has them.
        while (true) {
            TaskerClient.Response r = client.get("/v1/templates");
            if (r.status() == 200 && r.body().toString().contains("order_fulfillment")) break;
            if (System.nanoTime() > deadline) {
                out.println("Templates did not reach the topology in time: " + r);
                return false;
            }
            Thread.sleep(200);
        }
        Map<String, String> lastState = new LinkedHashMap<>();
        for (int i = 0; i < tasks; i++) {
            JsonNode context = parse(Examples.sampleContext(i));
            TaskerClient.Response r = client.submit("ecommerce", "order_fulfillment", context, null);
            if (r.status() != 202) {
                out.println("submit failed: HTTP " + r.status() + " " + r.body());
                return false;
            }
            String id = r.body().get("task_id").asText();
            lastState.put(id, "submitted");
            out.printf("submitted task %s (customer %s, %d items)%n", id, context.path("customer_id").asText(), context.path("items").size());
        }
        List<String> pending = new ArrayList<>(lastState.keySet());
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            for (String id : List.copyOf(pending)) {
                TaskerClient.Response r = client.task(id);
                if (r.status() != 200) continue; // 404 until the request is processed, 503 while rebalancing
                String progress = progress(r.body());
                if (!progress.equals(lastState.get(id))) {
                    out.printf("  %s  %s%n", id.substring(0, 8), progress);
                    lastState.put(id, progress);
                }
                String state = r.body().path("state").asText();
                if (state.equals("complete") || state.equals("error") || state.equals("cancelled")) {
                    pending.remove(id);
                    finals.put(id, r.body());
                }
            }
            Thread.sleep(100);
        }
        out.println();
        out.printf("%-38s %-10s %-10s %s%n", "TASK", "STATE", "MILLIS", "RESULT");
        boolean ok = pending.isEmpty();
        for (var e : finals.entrySet()) {
            JsonNode t = e.getValue();
            long millis = t.path("completed_at").asLong() - t.path("created_at").asLong();
            String summary = summary(t);
            out.printf("%-38s %-10s %-10d %s%n", e.getKey(), t.path("state").asText(), millis, summary);
            ok &= t.path("state").asText().equals("complete");
        }
        for (String id : pending) out.printf("%-38s %-10s%n", id, "TIMED OUT");
        out.println(ok ? "All " + tasks + " demo tasks completed." : "Some demo tasks did not complete.");
        return ok;
    }

    private static String progress(JsonNode task) {
        StringBuilder sb = new StringBuilder(task.path("state").asText()).append(" [");
        for (JsonNode s : task.path("steps")) {
            sb.append(' ').append(s.path("name").asText()).append('=').append(s.path("state").asText());
        }
        return sb.append(" ]").toString();
    }

    private static String summary(JsonNode task) {
        for (JsonNode s : task.path("steps")) {
            if (s.path("name").asText().equals("create_order") && s.has("result")) {
                JsonNode r = s.get("result");
                return "order " + r.path("order_id").asText() + " total " + r.path("total_cents").asText() + " cents";
            }
        }
        return task.path("error").asText("");
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
