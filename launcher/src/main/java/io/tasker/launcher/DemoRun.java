package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasker.examples.Examples;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's tasks: {@code n} regular orders, one order whose {@code fetch_cart} fails its first attempt (a retry,
 * then it completes) and one order for a product that does not exist (it fails: the failure events have something to
 * say). Submits them through the HTTP API, prints each task's progress as it changes, then a table of final states.
 */
final class DemoRun {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FAILING_CONTEXT = "{\"customer_id\":\"customer-7\",\"cart_id\":\"cart-discontinued\","
            + "\"items\":[{\"sku\":\"SKU-9999\",\"quantity\":1}]}";

    /** A submitted demo task and the state it should end in. */
    record DemoTask(String id, String template, String expected, String label) {
    }

    private final TaskerClient client;
    private final PrintStream out;
    private final List<DemoTask> tasks = new ArrayList<>();
    private final Map<String, JsonNode> finals = new LinkedHashMap<>();

    DemoRun(TaskerClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    List<DemoTask> tasks() {
        return List.copyOf(tasks);
    }

    /** The final task documents (as the API answers them) of the tasks that finished. */
    Map<String, JsonNode> finals() {
        return Map.copyOf(finals);
    }

    /**
     * Submits the demo tasks and waits (until {@code timeout}) for each to finish.
     *
     * @return whether every task ended in its expected state
     */
    boolean run(int regularOrders, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
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
        for (int i = 0; i < regularOrders; i++) {
            if (!submit("order_fulfillment", Examples.sampleContext(i), "complete", "order")) return false;
        }
        if (!submit("order_fulfillment_flaky", Examples.sampleContext(regularOrders), "complete",
                "order; fetch_cart fails once, then retries")) return false;
        if (!submit("order_fulfillment", FAILING_CONTEXT, "error", "order for unknown SKU-9999; fails by design")) {
            return false;
        }
        Map<String, String> lastProgress = new LinkedHashMap<>();
        List<String> pending = new ArrayList<>(tasks.stream().map(DemoTask::id).toList());
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            for (String id : List.copyOf(pending)) {
                TaskerClient.Response r = client.task(id);
                if (r.status() != 200) continue; // 404 until the request is processed, 503 while rebalancing
                String progress = progress(r.body());
                if (!progress.equals(lastProgress.get(id))) {
                    out.printf("  %s  %s%n", id.substring(0, 8), progress);
                    lastProgress.put(id, progress);
                }
                String state = r.body().path("state").asText();
                if (state.equals("complete") || state.equals("error") || state.equals("cancelled")) {
                    pending.remove(id);
                    finals.put(id, r.body());
                }
            }
            Thread.sleep(100);
        }
        return printTable(pending);
    }

    private boolean submit(String template, String contextJson, String expected, String label) {
        JsonNode context = parse(contextJson);
        TaskerClient.Response r = client.submit("ecommerce", template, context, null);
        if (r.status() != 202) {
            out.println("submit failed: HTTP " + r.status() + " " + r.body());
            return false;
        }
        String id = r.body().get("task_id").asText();
        tasks.add(new DemoTask(id, template, expected, label));
        out.printf("submitted task %s (%s: customer %s, %d items)%n", id, label, context.path("customer_id").asText(),
                context.path("items").size());
        return true;
    }

    private boolean printTable(List<String> pending) {
        out.println();
        out.printf("%-38s %-9s %-9s %-7s %s%n", "TASK", "STATE", "EXPECTED", "MILLIS", "RESULT");
        boolean ok = pending.isEmpty();
        for (DemoTask t : tasks) {
            JsonNode f = finals.get(t.id());
            if (f == null) {
                out.printf("%-38s %-9s %-9s%n", t.id(), "TIMED OUT", t.expected());
                continue;
            }
            long millis = f.path("completed_at").asLong() - f.path("created_at").asLong();
            String state = f.path("state").asText();
            out.printf("%-38s %-9s %-9s %-7d %s%n", t.id(), state, t.expected(), millis, summary(f));
            ok &= state.equals(t.expected());
        }
        out.println(ok ? "All " + tasks.size() + " demo tasks ended as expected."
                : "Some demo tasks did not end as expected.");
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
