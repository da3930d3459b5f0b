package io.tasker.launcher.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * Base of every command that talks to the HTTP API: the shared {@code --url} / {@code --output} options, and the one
 * place that turns a {@link CliException} into {@code error: ...} on stderr plus its exit code.
 *
 * <p>Output goes through picocli's writers ({@code spec.commandLine().getOut()/getErr()}) rather than
 * {@code System.out}, so callers (and tests) can redirect it with {@code CommandLine#setOut/setErr}.
 */
abstract class ServerCommand implements Callable<Integer> {
    /** Lower-case constants so the option reads {@code --output json} and help lists the real values. */
    enum Output { table, json }

    @Spec
    CommandSpec spec;

    // Not mixinStandardHelpOptions: its --version would clash with `tasks submit --version`.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @picocli.CommandLine.Mixin
    ApiAccessOptions api = new ApiAccessOptions();

    @Option(names = "--output", defaultValue = "table", paramLabel = "table|json",
            description = "table for people, json (the server's JSON, pretty-printed) for scripts. Default: ${DEFAULT-VALUE}")
    Output output;

    @Override
    public final Integer call() throws Exception {
        try {
            return run(api.client());
        } catch (CliException e) {
            err().println("error: " + e.getMessage());
            err().flush();
            return e.exitCode();
        } finally {
            out().flush();
        }
    }

    /** Does the command's work; returns the exit code. Throw {@link CliException} for expected failures. */
    protected abstract int run(ApiClient api) throws Exception;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    boolean json() {
        return output == Output.json;
    }

    void printJson(JsonNode node) {
        try {
            out().println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) { // a tree we just parsed always serialises
            throw new IllegalStateException(e);
        }
    }

    /** An epoch-millis field as ISO-8601 UTC, or "-" when absent. */
    static String time(JsonNode epochMillis) {
        return epochMillis.isNumber() ? Instant.ofEpochMilli(epochMillis.asLong()).toString() : "-";
    }

    /** A field as one line of text, or "-" when absent; objects (e.g. a structured error) as compact JSON. */
    static String text(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return "-";
        }
        return n.isValueNode() ? n.asText() : n.toString();
    }
}
