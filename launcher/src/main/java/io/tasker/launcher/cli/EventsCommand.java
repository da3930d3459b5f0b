package io.tasker.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;

/** {@code tasker events ...}: the event catalog of a running platform, and its AsyncAPI document. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "What subscribers can receive: lifecycle events and the domain events of the registered templates.",
        subcommands = {EventsCommand.ListEvents.class, EventsCommand.Show.class, EventsCommand.AsyncApi.class})
public final class EventsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    @Command(name = "list", description = "List events: name, category, delivery, topic, who fires and who subscribes.")
    static final class ListEvents extends ServerCommand {
        @Option(names = "--category", description = "task, step, workflow or domain.")
        String category;
        @Option(names = "--namespace", description = "Only this namespace's domain events (lifecycle events fire in every namespace).")
        String namespace;
        @Option(names = "--name", paramLabel = "PATTERN", description = "An exact name or a pattern: order.*, *.failed, *.")
        String name;

        @Override
        protected int run(ApiClient api) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("category", category);
            query.put("namespace", namespace);
            query.put("name", name);
            StringJoiner path = new StringJoiner("&", "/v1/events?", "").setEmptyValue("/v1/events");
            query.forEach((k, v) -> {
                if (v != null) path.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
            });
            JsonNode events = api.get(path.toString());
            if (json()) printJson(events);
            else EventPrinter.printList(out(), events);
            return 0;
        }
    }

    @Command(name = "show", description = "Show one event: description, delivery, topic, fired_by, condition, subscribers,"
            + " payload keys and an example payload.")
    static final class Show extends ServerCommand {
        @Parameters(paramLabel = "NAME", description = "Event name, e.g. order.created or task.failed.")
        String name;
        @Option(names = "--namespace", description = "The namespace, when several declare the name.")
        String namespace;

        @Override
        protected int run(ApiClient api) {
            String path = "/v1/events/" + ApiClient.segment(name)
                    + (namespace == null ? "" : "?namespace=" + URLEncoder.encode(namespace, StandardCharsets.UTF_8));
            JsonNode event = api.get(path);
            if (json()) printJson(event);
            else EventPrinter.printEvent(out(), event);
            return 0;
        }
    }

    /**
     * Not a {@link ServerCommand}: its {@code --output} is a file, not a format. The document is built by the server
     * ({@code GET /v1/events/asyncapi}), which knows the registered templates and the platform's topic names.
     */
    @Command(name = "asyncapi", mixinStandardHelpOptions = true,
            description = "Write the AsyncAPI 3.0 document of every topic and message (YAML if FILE ends in .yaml/.yml, else JSON).")
    static final class AsyncApi implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @picocli.CommandLine.Mixin
        ApiAccessOptions access = new ApiAccessOptions();
        @Option(names = "--output", paramLabel = "FILE", description = "Write here instead of standard output.")
        Path output;
        @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
                description = "List these Kafka bootstrap servers as the document's server.")
        String bootstrapServers;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                ApiClient api = access.client();
                JsonNode doc = api.get("/v1/events/asyncapi" + (bootstrapServers == null ? ""
                        : "?bootstrap_servers=" + URLEncoder.encode(bootstrapServers, StandardCharsets.UTF_8)));
                String name = output == null ? "" : output.getFileName().toString();
                String text = name.endsWith(".yaml") || name.endsWith(".yml") ? new YAMLMapper().writeValueAsString(doc)
                        : ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + System.lineSeparator();
                if (output == null) {
                    out.print(text);
                } else {
                    Files.writeString(output, text);
                    out.println("wrote " + output + ": AsyncAPI " + doc.path("asyncapi").asText() + ", "
                            + doc.path("channels").size() + " channels, " + doc.at("/components/messages").size() + " messages");
                }
                return 0;
            } catch (CliException e) {
                err.println("error: " + e.getMessage());
                return e.exitCode();
            } catch (IOException e) {
                err.println("error: cannot write " + output + ": " + e.getMessage());
                return 1;
            } finally {
                out.flush();
                err.flush();
            }
        }
    }
}
