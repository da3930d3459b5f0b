package io.tasker.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import static io.tasker.launcher.cli.ServerCommand.text;

/** {@code tasker runners list}: the step runners that announced themselves, from {@code GET /v1/runners}. */
@Command(name = "runners", mixinStandardHelpOptions = true,
        description = "The step runners the platform knows from their announcements: live, stale or stopped.",
        subcommands = {RunnersCommand.ListRunners.class})
public final class RunnersCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    @Command(name = "list", description = "List runners: id, status (live, stale, stopped), host, namespaces, handlers, health, last seen.")
    static final class ListRunners extends RegistryListCommand {
        ListRunners() {
            super("/v1/runners", "runners", "runner");
        }

        @Override
        Table table(JsonNode runners) {
            Table table = new Table("ID", "STATUS", "HOST", "NAMESPACES", "HANDLERS", "THREADS", "IN FLIGHT", "HEALTH", "LAST SEEN", "VERSION");
            for (JsonNode r : runners) {
                table.row(text(r.path("id")), text(r.path("status")), host(r), list(r.path("namespaces"), "-"),
                        list(r.path("handlers"), "-"), r.path("threads").asInt(), r.path("in_flight").asInt(), health(r),
                        ago(r.path("last_seen_ago_ms")), text(r.path("version")));
            }
            return table;
        }
    }
}
