package io.tasker.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import static io.tasker.launcher.cli.ServerCommand.text;
import static io.tasker.launcher.cli.ServerCommand.time;

/** {@code tasker tasks ...}: submit, inspect and steer tasks through the HTTP API. */
@Command(name = "tasks", mixinStandardHelpOptions = true,
        description = "Submit, inspect, cancel, retry and resolve tasks via the HTTP API.",
        subcommands = {TasksCommand.Submit.class, TasksCommand.Get.class, TasksCommand.ListTasks.class,
                TasksCommand.Cancel.class, TasksCommand.Retry.class, TasksCommand.Resolve.class, TasksCommand.Complete.class})
public final class TasksCommand implements Runnable {
    /** States after which a task never changes again; {@code submit --wait} stops at these. */
    static final Set<String> FINAL_STATES = Set.of("complete", "error", "cancelled", "resolved_manually");

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    @Command(name = "submit", description = "Submit a task. With --wait, wait for it to finish and exit 0 only if it completed.")
    static final class Submit extends ServerCommand {
        @Option(names = "--namespace", required = true, description = "Template namespace.")
        String namespace;
        @Option(names = "--template", required = true, description = "Template name.")
        String template;
        @Option(names = "--version", description = "Template version. Default: the newest.")
        String version;
        @ArgGroup(exclusive = true)
        ContextSource context;
        @Option(names = "--correlation-id", description = "Your id for this task, echoed back by the API.")
        String correlationId;
        @Option(names = "--idempotency-key", description = "Submitting twice with the same key creates one task.")
        String idempotencyKey;
        @Option(names = "--wait", description = "Poll until the task is complete, error or cancelled, then print it.")
        boolean await;
        @Option(names = "--timeout-seconds", defaultValue = "300", description = "How long --wait waits. Default: ${DEFAULT-VALUE}")
        long timeoutSeconds;

        static final class ContextSource {
            @Option(names = "--context-file", paramLabel = "FILE", description = "Task context: a JSON object file.")
            Path file;
            @Option(names = "--context", paramLabel = "KEY=VALUE",
                    description = "Context entry (repeatable). JSON numbers and true/false keep their type; VALUE @f.json reads JSON from f.json.")
            List<String> pairs;
        }

        @Override
        protected int run(ApiClient api) throws InterruptedException {
            ObjectNode body = ApiClient.JSON.createObjectNode().put("namespace", namespace).put("template", template);
            if (version != null) body.put("version", version);
            body.set("context", context == null ? ApiClient.JSON.createObjectNode()
                    : context.file != null ? JsonInput.objectFromFile(context.file) : JsonInput.fromPairs(context.pairs));
            if (correlationId != null) body.put("correlation_id", correlationId);
            if (idempotencyKey != null) body.put("idempotency_key", idempotencyKey);
            JsonNode accepted = api.post("/v1/tasks", body);
            String id = accepted.path("task_id").asText();
            if (!await) {
                if (json()) printJson(accepted);
                else out().println("submitted task " + id + " (" + namespace + "/" + template + "/"
                        + accepted.path("template_version").asText() + ")");
                return 0;
            }
            if (!json()) out().println("submitted task " + id + ", waiting ...");
            JsonNode task = await(api, id);
            if (json()) printJson(task);
            else printTask(out(), task);
            return task.path("state").asText().equals("complete") ? 0 : 1;
        }

        private JsonNode await(ApiClient api, String id) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
            while (true) {
                ApiClient.Reply r = api.exchange("GET", "/v1/tasks/" + ApiClient.segment(id), null);
                // 404 is normal for a moment: the submit is accepted before the topology has processed it.
                if (r.status() != 404) {
                    JsonNode task = api.expectOk(r);
                    if (FINAL_STATES.contains(task.path("state").asText())) return task;
                }
                if (System.nanoTime() > deadline) {
                    // Not a usage error, so not exit 2: the task simply did not finish (yet).
                    err().println("error: task " + id + " did not finish within " + timeoutSeconds + "s"
                            + (r.ok() ? " (state " + r.body().path("state").asText() + ")" : ""));
                    return r.ok() ? r.body() : ApiClient.JSON.createObjectNode().put("task_id", id).put("state", "unknown");
                }
                Thread.sleep(500);
            }
        }
    }

    @Command(name = "get", description = "Show a task and its steps.")
    static final class Get extends ServerCommand {
        @Parameters(paramLabel = "ID", description = "Task id.")
        String id;

        @Override
        protected int run(ApiClient api) {
            JsonNode task = api.get("/v1/tasks/" + ApiClient.segment(id));
            if (json()) printJson(task);
            else printTask(out(), task);
            return 0;
        }
    }

    @Command(name = "list", description = "List tasks, newest first, with counts per state.")
    static final class ListTasks extends ServerCommand {
        @Option(names = "--state", description = "Only tasks in this state.")
        String state;
        @Option(names = "--namespace", description = "Only tasks of this namespace.")
        String namespace;
        @Option(names = "--template", description = "Only tasks of this template name.")
        String template;
        @Option(names = "--limit", description = "Page size (the server has its own default and maximum).")
        Integer limit;
        @Option(names = "--cursor", description = "Continue from a previous page's next_cursor.")
        String cursor;
        @Option(names = "--all", description = "Follow next_cursor until the last page.")
        boolean all;

        @Override
        protected int run(ApiClient api) {
            ArrayNode tasks = ApiClient.JSON.createArrayNode();
            JsonNode page = api.get(path(cursor));
            page.path("tasks").forEach(tasks::add);
            while (all && page.hasNonNull("next_cursor")) {
                page = api.get(path(page.get("next_cursor").asText()));
                page.path("tasks").forEach(tasks::add);
            }
            if (json()) {
                if (!all) {
                    printJson(page);
                    return 0;
                }
                // One document for all pages; counts are per filter, so the last page's are as good as any.
                ObjectNode merged = ApiClient.JSON.createObjectNode();
                merged.set("tasks", tasks);
                merged.putNull("next_cursor");
                merged.set("counts", page.path("counts"));
                printJson(merged);
                return 0;
            }
            Table table = new Table("ID", "STATE", "TEMPLATE", "CREATED");
            for (JsonNode t : tasks) {
                table.row(text(t.path("task_id")), text(t.path("state")), template(t), time(t.path("created_at")));
            }
            table.print(out());
            StringJoiner counts = new StringJoiner("  ", "counts: ", "");
            page.path("counts").fields().forEachRemaining(e -> counts.add(e.getKey() + "=" + e.getValue().asText()));
            out().println(counts.length() == "counts: ".length() ? "counts: none" : counts.toString());
            if (page.hasNonNull("next_cursor")) {
                out().println("more: --cursor " + page.get("next_cursor").asText() + "  (or --all)");
            }
            return 0;
        }

        private String path(String pageCursor) {
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("state", state);
            query.put("namespace", namespace);
            query.put("template", template);
            query.put("limit", limit);
            query.put("cursor", pageCursor);
            StringJoiner q = new StringJoiner("&", "/v1/tasks?", "").setEmptyValue("/v1/tasks");
            query.forEach((k, v) -> {
                if (v != null) q.add(k + "=" + URLEncoder.encode(v.toString(), StandardCharsets.UTF_8));
            });
            return q.toString();
        }
    }

    @Command(name = "cancel", description = "Cancel a task.")
    static final class Cancel extends Action {
        @Parameters(paramLabel = "ID", description = "Task id.")
        String id;
        @Option(names = "--reason", description = "Recorded with the cancellation.")
        String reason;

        @Override
        protected int run(ApiClient api) {
            ObjectNode body = ApiClient.JSON.createObjectNode();
            if (reason != null) body.put("reason", reason);
            return printAccepted(api.post("/v1/tasks/" + ApiClient.segment(id) + "/cancel", body));
        }
    }

    @Command(name = "retry", description = "Retry a task that ended in error.")
    static final class Retry extends Action {
        @Parameters(paramLabel = "ID", description = "Task id.")
        String id;

        @Override
        protected int run(ApiClient api) {
            return printAccepted(api.post("/v1/tasks/" + ApiClient.segment(id) + "/retry", ApiClient.JSON.createObjectNode()));
        }
    }

    @Command(name = "resolve", description = "Mark a failed step as resolved by hand, so the task can go on.")
    static final class Resolve extends Action {
        @Parameters(index = "0", paramLabel = "ID", description = "Task id.")
        String id;
        @Parameters(index = "1", paramLabel = "STEP", description = "Step name.")
        String step;
        @Option(names = "--reason", description = "Recorded with the resolution.")
        String reason;

        @Override
        protected int run(ApiClient api) {
            ObjectNode body = ApiClient.JSON.createObjectNode();
            if (reason != null) body.put("reason", reason);
            return printAccepted(api.post(stepPath(id, step, "resolve"), body));
        }
    }

    @Command(name = "complete", description = "Complete a step by hand with the given result.")
    static final class Complete extends Action {
        @Parameters(index = "0", paramLabel = "ID", description = "Task id.")
        String id;
        @Parameters(index = "1", paramLabel = "STEP", description = "Step name.")
        String step;
        @ArgGroup(exclusive = true, multiplicity = "1")
        ResultSource result;

        static final class ResultSource {
            @Option(names = "--result-file", paramLabel = "FILE", description = "Step result: a JSON object file.")
            Path file;
            @Option(names = "--result", paramLabel = "JSON", description = "Step result: a JSON object.")
            String json;
        }

        @Override
        protected int run(ApiClient api) {
            ObjectNode body = ApiClient.JSON.createObjectNode();
            body.set("result", result.file != null ? JsonInput.objectFromFile(result.file)
                    : JsonInput.objectFromText(result.json, "--result"));
            return printAccepted(api.post(stepPath(id, step, "complete"), body));
        }
    }

    private static String stepPath(String id, String step, String action) {
        return "/v1/tasks/" + ApiClient.segment(id) + "/steps/" + ApiClient.segment(step) + "/" + action;
    }

    /**
     * Prints a task: labelled header lines, then one row per step. Attempt history is left to {@code --output json};
     * the table answers "where is it and what went wrong".
     */
    static void printTask(PrintWriter out, JsonNode t) {
        Table header = new Table("task", text(t.path("task_id")));
        header.row("template", template(t));
        header.row("state", text(t.path("state")));
        header.row("created", time(t.path("created_at")));
        header.row("updated", time(t.path("updated_at")));
        if (t.hasNonNull("completed_at")) header.row("completed", time(t.path("completed_at")));
        if (t.hasNonNull("correlation_id")) header.row("correlation", text(t.path("correlation_id")));
        if (t.hasNonNull("error")) header.row("error", text(t.path("error")));
        if (t.hasNonNull("served_by")) header.row("served by", text(t.path("served_by")));
        header.print(out);
        out.println();
        Table steps = new Table("NAME", "STATE", "ATTEMPT", "LAST_ERROR");
        for (JsonNode s : t.path("steps")) {
            steps.row(text(s.path("name")), text(s.path("state")),
                    s.path("attempt").asInt() + "/" + s.path("max_attempts").asInt(), text(s.path("last_error")));
        }
        steps.print(out);
    }

    private static String template(JsonNode t) {
        return text(t.path("namespace")) + "/" + text(t.path("template_name")) + "/" + text(t.path("template_version"));
    }

    /** Base of the commands that queue an action on a task (cancel, retry, resolve, complete). */
    abstract static class Action extends ServerCommand {
        /** The API answers 202 with the queued command: say so, since the effect on the task comes asynchronously. */
        int printAccepted(JsonNode ack) {
            if (json()) printJson(ack);
            else out().println("accepted: " + text(ack.path("type")) + " command " + text(ack.path("command_id"))
                    + " for task " + text(ack.path("task_id")));
            return 0;
        }
    }
}
