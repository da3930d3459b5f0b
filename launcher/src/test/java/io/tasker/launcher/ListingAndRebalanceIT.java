package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasker.examples.Examples;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateLoader;
import io.tasker.topology.TaskerTopologyApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Listing with filters and cursors, and a second instance joining while tasks flow. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ListingAndRebalanceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TERMINAL = Set.of("complete", "error", "cancelled", "resolved_manually");
    static Platform platform;
    static TaskerTopologyApp a;
    static TaskerClient viaA;

    @BeforeAll
    static void startOneInstance() {
        List<TaskTemplate> templates = new ArrayList<>(Examples.templates(null));
        TemplateLoader loader = new TemplateLoader(null);
        templates.add(loader.loadResource("templates/ops_list_a.yaml"));
        templates.add(loader.loadResource("templates/ops_list_b.yaml"));
        platform = Platform.infrastructure(E2E.options("listing"), templates);
        platform.startRunner(Examples.handlers(), templates);
        a = platform.startTopology();
        viaA = new TaskerClient(a.url());
        await().atMost(Duration.ofSeconds(90)).until(a::isRunning);
        E2E.awaitTemplates(viaA, "order_fulfillment", "list_a", "list_b");
    }

    @AfterAll
    static void stop() {
        if (platform != null) platform.close();
    }

    @Test
    @Order(1)
    void listsTasksByStateNamespaceAndTemplateWithCursorPagination() {
        Set<String> listA = new LinkedHashSet<>();
        Set<String> listB = new LinkedHashSet<>();
        for (int i = 0; i < 25; i++) {
            String template = i % 2 == 0 ? "list_a" : "list_b";
            TaskerClient.Response r = viaA.submit("opslist", template, JSON.createObjectNode().put("i", i), null);
            assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(202);
            (i % 2 == 0 ? listA : listB).add(r.body().get("task_id").asText());
        }
        Set<String> all = new LinkedHashSet<>(listA);
        all.addAll(listB);
        awaitAllTerminal(List.of(viaA), all, Duration.ofSeconds(120));

        // every task of the namespace, 10 at a time
        List<JsonNode> byNamespace = listAll(viaA, "namespace=opslist", 10);
        assertThat(ids(byNamespace)).hasSize(25).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
        assertNewestFirst(byNamespace);
        assertThat(byNamespace).allSatisfy(t -> {
            assertThat(t.path("namespace").asText()).isEqualTo("opslist");
            assertThat(t.path("state").asText()).isEqualTo("complete");
            assertThat(t.path("template_version").asText()).isEqualTo("1.0.0");
            assertThat(t.path("updated_at").asLong()).isGreaterThanOrEqualTo(t.path("created_at").asLong());
        });

        // no filter: every task of the platform (here exactly ours), 10 at a time
        List<JsonNode> everything = listAll(viaA, "", 10);
        assertThat(ids(everything)).doesNotHaveDuplicates().containsAll(all);
        assertNewestFirst(everything);

        // by template
        List<JsonNode> onlyA = listAll(viaA, "namespace=opslist&template=list_a", 10);
        assertThat(ids(onlyA)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(listA);
        assertThat(onlyA).allSatisfy(t -> assertThat(t.path("template_name").asText()).isEqualTo("list_a"));
        assertNewestFirst(onlyA);
        List<JsonNode> onlyB = listAll(viaA, "namespace=opslist&template=list_b", 7);
        assertThat(ids(onlyB)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(listB);
        assertNewestFirst(onlyB);

        // by state
        List<JsonNode> complete = listAll(viaA, "state=complete", 10);
        assertThat(ids(complete)).doesNotHaveDuplicates().containsAll(all);
        assertThat(complete).allSatisfy(t -> assertThat(t.path("state").asText()).isEqualTo("complete"));
        assertNewestFirst(complete);
        assertThat(listAll(viaA, "state=error", 10)).isEmpty();
        assertThat(listAll(viaA, "state=complete&namespace=opslist&template=list_b", 10)).extracting(t -> t.path("task_id").asText())
                .containsExactlyInAnyOrderElementsOf(listB);

        // first page: exactly the limit, a cursor to go on, counts over every task
        JsonNode first = page(viaA, "namespace=opslist&limit=10");
        assertThat(first.path("tasks")).hasSize(10);
        assertThat(first.path("next_cursor").isTextual()).isTrue();
        assertThat(first.path("counts").path("complete").asLong()).isGreaterThanOrEqualTo(25);
        // a template without its namespace is a client error
        assertThat(viaA.get("/v1/tasks?template=list_a").status()).isEqualTo(400);
    }

    @Test
    @Order(2)
    void rebalanceInTheMiddleOfARunLosesNothingAndListingIsCompleteAfterwards() throws Exception {
        int total = 200;
        List<String> ids = new ArrayList<>();
        TaskerTopologyApp b = null;
        for (int i = 0; i < total; i++) {
            if (i == total / 3) {
                b = platform.startTopology(); // joins while tasks flow: partitions move from A to B
            }
            ids.add(submitRetrying(viaA, Examples.sampleContext(i)));
        }
        TaskerClient viaB = new TaskerClient(b.url());
        TaskerTopologyApp bApp = b;
        await().atMost(Duration.ofSeconds(120)).until(() -> a.isRunning() && bApp.isRunning());

        Map<String, JsonNode> finished = awaitAllTerminal(List.of(viaA, viaB), new LinkedHashSet<>(ids), Duration.ofSeconds(300));

        assertThat(finished).hasSize(total);
        for (String id : ids) {
            JsonNode task = finished.get(id);
            assertThat(task.path("state").asText()).as(id + ": " + task).isEqualTo("complete");
            assertThat(task.path("steps")).hasSize(5).allSatisfy(s -> {
                assertThat(s.path("state").asText()).as(id + " " + s).isEqualTo("complete");
                JsonNode attempts = s.path("attempts");
                assertThat(attempts.size()).as(id + " " + s).isGreaterThanOrEqualTo(1);
                assertThat(attempts.get(attempts.size() - 1).path("outcome").asText()).as(id + " " + s).isEqualTo("success");
                int successes = 0;
                for (JsonNode at : attempts) if (at.path("outcome").asText().equals("success")) successes++;
                assertThat(successes).as("exactly one successful attempt: " + id + " " + s).isEqualTo(1);
            });
        }
        // both instances own partitions now
        await().atMost(Duration.ofSeconds(120)).until(() -> a.streams().metadataForAllStreamsClients().size() == 2
                && a.streams().metadataForAllStreamsClients().stream().allMatch(m -> !m.topicPartitions().isEmpty()));

        for (TaskerClient via : List.of(viaA, viaB)) {
            List<JsonNode> listed = listAll(via, "namespace=ecommerce&template=order_fulfillment", 100);
            assertThat(ids(listed)).as("listing via " + via.baseUrl()).hasSize(total).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(ids);
            assertNewestFirst(listed);
            assertThat(listed).allSatisfy(t -> assertThat(t.path("state").asText()).isEqualTo("complete"));
            JsonNode counts = retrying503(via, "/v1/tasks?limit=1").path("counts");
            assertThat(counts.path("complete").asLong()).as("counts via " + via.baseUrl()).isGreaterThanOrEqualTo(total + 25);
            // a narrow filter among many other tasks, one per page: every match is found (regression: a scan budget
            // used to end such listings early with no cursor)
            assertThat(listAll(via, "state=complete&namespace=opslist", 1)).hasSize(25);
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static String submitRetrying(TaskerClient client, String context) throws Exception {
        JsonNode ctx = JSON.readTree(context);
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            TaskerClient.Response r = client.submit("ecommerce", "order_fulfillment", ctx, null);
            if (r.status() == 503) return false;
            assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(202);
            id[0] = r.body().get("task_id").asText();
            return true;
        });
        return id[0];
    }

    /**
     * Polls every task through the given instances (round robin) until all are terminal. 503 (rebalancing) is
     * retried; a 404 for a task that was once found fails the test.
     */
    private static Map<String, JsonNode> awaitAllTerminal(List<TaskerClient> via, Set<String> ids, Duration atMost) {
        Map<String, JsonNode> done = new ConcurrentHashMap<>();
        Set<String> seen = new HashSet<>();
        int[] turn = new int[1];
        await().atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (String id : ids) {
                if (done.containsKey(id)) continue;
                TaskerClient c = via.get(turn[0]++ % via.size());
                TaskerClient.Response r = c.task(id);
                if (r.status() == 404) {
                    assertThat(seen).as("task " + id + " was found before and is now a 404 via " + c.baseUrl() + ": " + r.body())
                            .doesNotContain(id);
                    continue;
                }
                if (r.status() != 200) continue; // 503: rebalancing, ask again
                seen.add(id);
                if (TERMINAL.contains(r.body().path("state").asText())) done.put(id, r.body());
            }
            return done.size() == ids.size();
        });
        return new LinkedHashMap<>(done);
    }

    /** All pages of a listing, following next_cursor; a 503 is retried. */
    private static List<JsonNode> listAll(TaskerClient via, String filter, int limit) {
        List<JsonNode> out = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 1000; pages++) {
            String q = (filter.isEmpty() ? "" : filter + "&") + "limit=" + limit
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode page = page(via, q);
            JsonNode tasks = page.path("tasks");
            assertThat(tasks.size()).as("page size").isLessThanOrEqualTo(limit);
            tasks.forEach(out::add);
            JsonNode next = page.path("next_cursor");
            if (next.isNull() || next.isMissingNode()) return out;
            assertThat(tasks.size()).as("a page with a next cursor is full").isEqualTo(limit);
            assertThat(next.asText()).isEqualTo(tasks.get(tasks.size() - 1).path("cursor").asText());
            cursor = next.asText();
        }
        throw new AssertionError("listing did not end after 1000 pages");
    }

    private static JsonNode page(TaskerClient via, String query) {
        return retrying503(via, "/v1/tasks?" + query);
    }

    private static JsonNode retrying503(TaskerClient via, String path) {
        JsonNode[] body = new JsonNode[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            TaskerClient.Response r = via.get(path);
            if (r.status() == 503) return false;
            assertThat(r.status()).as(path + " " + r.body()).isEqualTo(200);
            body[0] = r.body();
            return true;
        });
        return body[0];
    }

    private static List<String> ids(List<JsonNode> tasks) {
        List<String> out = new ArrayList<>();
        tasks.forEach(t -> out.add(t.path("task_id").asText()));
        return out;
    }

    private static void assertNewestFirst(List<JsonNode> tasks) {
        for (int i = 1; i < tasks.size(); i++) {
            JsonNode prev = tasks.get(i - 1);
            JsonNode cur = tasks.get(i);
            assertThat(cur.path("created_at").asLong()).as("newest first at " + i + ": " + prev + " then " + cur)
                    .isLessThanOrEqualTo(prev.path("created_at").asLong());
            assertThat(cur.path("cursor").asText()).as("strictly descending sort keys at " + i)
                    .isLessThan(prev.path("cursor").asText());
        }
    }
}
