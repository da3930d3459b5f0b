package io.tasker.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code runners list} and {@code subscribers list}: one GET of the live registry, printed as a table (with a line of
 * counts per status) or as the server's JSON.
 */
abstract class RegistryListCommand extends ServerCommand {
    /** How many names a cell shows before "+N more"; {@code --output json} has them all. */
    static final int NAMES_SHOWN = 4;
    private static final int HEALTH_WIDTH = 60;

    private final String path;
    private final String field;
    private final String noun;

    @Option(names = "--status", paramLabel = "live|stale|stopped", description = "Only entries with this status.")
    String status;

    RegistryListCommand(String path, String field, String noun) {
        this.path = path;
        this.field = field;
        this.noun = noun;
    }

    @Override
    protected int run(ApiClient api) {
        JsonNode answer = api.get(path + (status == null ? "" : "?status=" + ApiClient.segment(status)));
        if (json()) {
            printJson(answer);
            return 0;
        }
        JsonNode entries = answer.path(field);
        table(entries).print(out());
        JsonNode counts = answer.path("counts");
        out().println(entries.size() + " " + noun + (entries.size() == 1 ? "" : "s") + " listed; " + counts.path("live").asLong()
                + " live, " + counts.path("stale").asLong() + " stale, " + counts.path("stopped").asLong()
                + " stopped (stale = not seen for " + ago(answer.path("stale_after_ms")).replace(" ago", "") + ")");
        return 0;
    }

    /** The rows; the columns depend on the kind. */
    abstract Table table(JsonNode entries);

    /** Names joined by commas, at most {@link #NAMES_SHOWN} then "+N more"; {@code empty} when there are none. */
    static String list(JsonNode names, String empty) {
        if (names == null || !names.isArray() || names.isEmpty()) return empty;
        List<String> shown = new ArrayList<>();
        for (JsonNode n : names) {
            if (shown.size() == NAMES_SHOWN) break;
            shown.add(n.asText());
        }
        String out = String.join(",", shown);
        return names.size() > NAMES_SHOWN ? out + " +" + (names.size() - NAMES_SHOWN) + " more" : out;
    }

    /** "ok", or why not (shortened to one table cell). */
    static String health(JsonNode entry) {
        if (entry.path("healthy").asBoolean(true)) return "ok";
        String why = entry.path("health_detail").asText("unhealthy");
        return why.length() > HEALTH_WIDTH ? why.substring(0, HEALTH_WIDTH - 3) + "..." : why;
    }

    static String host(JsonNode entry) {
        JsonNode pid = entry.path("pid");
        return entry.path("host").asText("-") + (pid.isNumber() ? " (pid " + pid.asLong() + ")" : "");
    }

    /** A duration in millis as "4s ago", "3m ago", "2h ago", "5d ago"; "-" when absent. */
    static String ago(JsonNode millis) {
        if (!millis.isNumber()) return "-";
        Duration d = Duration.ofMillis(Math.max(0, millis.asLong()));
        if (d.toSeconds() < 120) return d.toSeconds() + "s ago";
        if (d.toMinutes() < 120) return d.toMinutes() + "m ago";
        if (d.toHours() < 48) return d.toHours() + "h ago";
        return d.toDays() + "d ago";
    }
}
