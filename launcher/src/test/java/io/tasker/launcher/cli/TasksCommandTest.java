package io.tasker.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.launcher.cli.FakeApi.Reply;
import io.tasker.launcher.cli.FakeApi.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class TasksCommandTest {
    private static final String ACCEPTED = "{\"task_id\":\"t1\",\"template_version\":\"1.0.0\",\"status_url\":\"/v1/tasks/t1\"}";
    private static final String TASK = """
            {"task_id":"t1","namespace":"shop","template_name":"order","template_version":"1.0.0","state":"error",
             "context":{},"correlation_id":null,"created_at":0,"updated_at":1000,"completed_at":2000,"error":"step pay failed",
             "steps":[{"name":"reserve","state":"complete","attempt":1,"max_attempts":3,"result":{"ok":true}},
                      {"name":"pay","state":"error","attempt":3,"max_attempts":3,"last_error":"card\\ndeclined","attempts":[]}],
             "served_by":"node-1"}""";

    @TempDir
    Path dir;
    FakeApi api;

    @BeforeEach
    void start() throws IOException {
        api = new FakeApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void submitTypesContextPairsAndReadsAtFiles() throws IOException {
        Files.writeString(dir.resolve("items.json"), "[{\"sku\":\"A\"}]");
        api.handler = r -> Reply.of(202, ACCEPTED);

        Result r = api.tasker("tasks", "submit", "--namespace", "shop", "--template", "order", "--version", "1.0.0",
                "--context", "customer=c42", "--context", "qty=3", "--context", "price=9.5", "--context", "gift=true",
                "--context", "zip=01234", "--context", "note=a=b", "--context", "items=@" + dir.resolve("items.json"),
                "--context", "lines=[{\"sku\":\"B\",\"quantity\":2}]", "--context", "address={\"city\":\"Oslo\"}",
                "--idempotency-key", "k1");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("submitted task t1 (shop/order/1.0.0)");
        FakeApi.Request req = api.requests.get(0);
        assertThat(req.method()).isEqualTo("POST");
        assertThat(req.path()).isEqualTo("/v1/tasks");
        assertThat(req.json()).isEqualTo(json("""
                {"namespace":"shop","template":"order","version":"1.0.0",
                 "context":{"customer":"c42","qty":3,"price":9.5,"gift":true,"zip":"01234","note":"a=b","items":[{"sku":"A"}],
                            "lines":[{"sku":"B","quantity":2}],"address":{"city":"Oslo"}},
                 "idempotency_key":"k1"}"""));
    }

    @Test
    void inlineJsonThatDoesNotParseIsAnErrorNotASilentString() {
        Result r = api.tasker("tasks", "submit", "--namespace", "shop", "--template", "order", "--context", "items=[{\"sku\":");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("invalid JSON");
        assertThat(api.requests).isEmpty();
    }

    @Test
    void submitReadsContextFileAndPrintsJson() throws IOException {
        Path file = Files.writeString(dir.resolve("ctx.json"), "{\"a\":{\"b\":[1,2]}}");
        api.handler = r -> Reply.of(202, ACCEPTED);

        Result r = api.tasker("tasks", "submit", "--namespace", "shop", "--template", "order", "--context-file", file.toString(),
                "--output", "json");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(json(r.out())).isEqualTo(json(ACCEPTED));
        assertThat(api.requests.get(0).json()).isEqualTo(json("{\"namespace\":\"shop\",\"template\":\"order\",\"context\":{\"a\":{\"b\":[1,2]}}}"));
    }

    @Test
    void submitRejectsBadContextWithoutCallingTheServer() throws IOException {
        Path notObject = Files.writeString(dir.resolve("ctx.json"), "[1]");

        assertThat(api.tasker("tasks", "submit", "--namespace", "n", "--template", "t", "--context-file", notObject.toString()).exit()).isEqualTo(2);
        assertThat(api.tasker("tasks", "submit", "--namespace", "n", "--template", "t", "--context", "novalue").err()).contains("expected key=value");
        assertThat(api.tasker("tasks", "submit", "--namespace", "n", "--template", "t", "--context-file", notObject.toString(),
                "--context", "a=1").exit()).isEqualTo(2); // mutually exclusive
        assertThat(api.requests).isEmpty();
    }

    @Test
    void submitWaitPollsUntilFinalStateAndExitsByOutcome() {
        AtomicInteger gets = new AtomicInteger();
        api.handler = r -> {
            if (r.method().equals("POST")) return Reply.of(202, ACCEPTED);
            // first 404 (not processed yet), then running, then the final state
            return switch (gets.incrementAndGet()) {
                case 1 -> Reply.of(404, "{\"error\":\"task not found: t1\"}");
                case 2 -> Reply.of(200, TASK.replace("\"state\":\"error\",", "\"state\":\"running\","));
                default -> Reply.of(200, TASK);
            };
        };

        Result r = api.tasker("tasks", "submit", "--namespace", "shop", "--template", "order", "--wait");

        assertThat(r.exit()).isEqualTo(1); // the task ended in error
        assertThat(gets).hasValue(3);
        assertThat(r.out()).contains("state", "error").contains("pay").contains("3/3");

        api.handler = r2 -> r2.method().equals("POST") ? Reply.of(202, ACCEPTED)
                : Reply.of(200, TASK.replace("\"state\":\"error\",", "\"state\":\"complete\","));
        Result ok = api.tasker("tasks", "submit", "--namespace", "shop", "--template", "order", "--wait", "--output", "json");
        assertThat(ok.exit()).isZero();
        assertThat(json(ok.out()).path("state").asText()).isEqualTo("complete");
    }

    @Test
    void getPrintsTableOrServerJson() {
        api.handler = r -> Reply.of(200, TASK);

        Result table = api.tasker("tasks", "get", "t1");
        Result raw = api.tasker("tasks", "get", "t1", "--output", "json");

        assertThat(api.requests.get(0).path()).isEqualTo("/v1/tasks/t1");
        assertThat(table.exit()).isZero();
        assertThat(table.out()).containsPattern("task +t1")
                .containsPattern("template +shop/order/1\\.0\\.0")
                .containsPattern("created +1970-01-01T00:00:00Z")
                .containsPattern("error +step pay failed")
                .containsPattern("NAME +STATE +ATTEMPT +LAST_ERROR")
                .containsPattern("reserve +complete +1/3 +-")
                .containsPattern("pay +error +3/3 +card declined"); // one row even for a multi-line error
        assertThat(raw.exit()).isZero();
        assertThat(json(raw.out())).isEqualTo(json(TASK));
        assertThat(raw.out()).contains("\n  \""); // pretty-printed
    }

    @Test
    void listPassesFiltersAndPrintsTableWithCounts() {
        api.handler = r -> Reply.of(200, """
                {"tasks":[{"task_id":"t1","namespace":"shop","template_name":"order","template_version":"1.0.0",
                           "state":"running","created_at":1700000000000,"updated_at":1700000000000}],
                 "next_cursor":"c2","counts":{"running":1,"complete":5}}""");

        Result r = api.tasker("tasks", "list", "--state", "running", "--namespace", "shop", "--template", "order",
                "--limit", "1", "--cursor", "c1");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(api.requests).hasSize(1);
        assertThat(api.requests.get(0).path()).isEqualTo("/v1/tasks");
        assertThat(api.requests.get(0).query()).isEqualTo("state=running&namespace=shop&template=order&limit=1&cursor=c1");
        assertThat(r.out()).containsPattern("ID +STATE +TEMPLATE +CREATED")
                .containsPattern("t1 +running +shop/order/1\\.0\\.0 +2023-11-14T22:13:20Z")
                .contains("counts: running=1  complete=5")
                .contains("--cursor c2");
    }

    @Test
    void listAllFollowsCursorsAndMergesJson() {
        api.handler = r -> {
            String query = r.query() == null ? "" : r.query();
            if (query.contains("cursor=c1")) {
                return Reply.of(200, "{\"tasks\":[{\"task_id\":\"t3\"}],\"next_cursor\":null,\"counts\":{\"complete\":3}}");
            }
            return Reply.of(200, "{\"tasks\":[{\"task_id\":\"t1\"},{\"task_id\":\"t2\"}],\"next_cursor\":\"c1\",\"counts\":{\"complete\":3}}");
        };

        Result r = api.tasker("tasks", "list", "--all", "--limit", "2", "--output", "json");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(api.requests).extracting(FakeApi.Request::query).containsExactly("limit=2", "limit=2&cursor=c1");
        assertThat(json(r.out())).isEqualTo(json("""
                {"tasks":[{"task_id":"t1"},{"task_id":"t2"},{"task_id":"t3"}],"next_cursor":null,"counts":{"complete":3}}"""));
    }

    @Test
    void actionsPostTheirBodies() {
        api.handler = r -> Reply.of(202, "{\"command_id\":\"c9\",\"task_id\":\"t1\",\"type\":\"cancel\"}");

        assertThat(api.tasker("tasks", "cancel", "t1", "--reason", "duplicate").out()).contains("accepted: cancel command c9 for task t1");
        assertThat(api.tasker("tasks", "retry", "t1").exit()).isZero();
        assertThat(api.tasker("tasks", "resolve", "t1", "pay", "--reason", "refunded by hand").exit()).isZero();
        assertThat(api.tasker("tasks", "complete", "t1", "pay", "--result", "{\"paid\":true}").exit()).isZero();

        assertThat(api.requests).extracting(FakeApi.Request::path).containsExactly("/v1/tasks/t1/cancel", "/v1/tasks/t1/retry",
                "/v1/tasks/t1/steps/pay/resolve", "/v1/tasks/t1/steps/pay/complete");
        assertThat(api.requests).extracting(r -> r.json().toString()).containsExactly("{\"reason\":\"duplicate\"}", "{}",
                "{\"reason\":\"refunded by hand\"}", "{\"result\":{\"paid\":true}}");
    }

    @Test
    void completeNeedsAnObjectResult() {
        assertThat(api.tasker("tasks", "complete", "t1", "pay", "--result", "42").err()).contains("expected a JSON object");
        assertThat(api.tasker("tasks", "complete", "t1", "pay").exit()).isEqualTo(2); // --result or --result-file required
        assertThat(api.requests).isEmpty();
    }

    @Test
    void conflictExitsTwoWithTheServersMessage() {
        api.handler = r -> Reply.of(409, "{\"error\":\"cannot cancel task t1: it is complete\"}");

        Result r = api.tasker("tasks", "cancel", "t1");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: cannot cancel task t1: it is complete" + System.lineSeparator());
        assertThat(r.out()).isEmpty();
    }

    @Test
    void validationErrorShowsDetails() {
        api.handler = r -> Reply.of(422, "{\"error\":\"context does not match the template's input_schema\",\"details\":[\"$.qty: must be integer\"]}");

        Result r = api.tasker("tasks", "submit", "--namespace", "n", "--template", "t", "--context", "qty=x");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("error: context does not match", "$.qty: must be integer").doesNotContain("Exception");
    }

    @Test
    void unavailableIsRetriedThenExitsThree() {
        api.handler = r -> new Reply(503, "{\"error\":\"state stores are restoring\"}", Map.of("Retry-After", "0"));

        Result r = api.tasker("tasks", "get", "t1");

        assertThat(api.requests).hasSize(ApiClient.ATTEMPTS);
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains(api.url(), "state stores are restoring").doesNotContain("Exception");
    }

    @Test
    void unavailableThenAvailableSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        api.handler = r -> calls.incrementAndGet() == 1
                ? new Reply(503, "{\"error\":\"rebalancing\"}", Map.of("Retry-After", "0")) : Reply.of(200, TASK);

        assertThat(api.tasker("tasks", "get", "t1").exit()).isZero();
        assertThat(api.requests).hasSize(2);
    }

    @Test
    void connectionRefusedExitsThreeNamingTheUrl() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;

        Result r = FakeApi.run("tasks", "list", "--url", url);

        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).startsWith("error: cannot connect to Tasker at " + url).doesNotContain("Exception");
    }

    @Test
    void submitHelpWorksDespiteItsVersionOption() {
        Result r = FakeApi.run("tasks", "submit", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--idempotency-key", "--context=KEY=VALUE", "--url");
    }

    @Test
    void missingSubcommandIsAUsageError() {
        Result r = FakeApi.run("tasks");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required subcommand", "submit");
    }

    private static JsonNode json(String text) {
        try {
            return FakeApi.JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
