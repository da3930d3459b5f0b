package io.tasker.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateDiff;
import io.tasker.templates.TemplateLoader;
import io.tasker.templates.TemplateValidationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code tasker templates ...}: list the server's templates, or validate template files (optionally against a server). */
@Command(name = "templates", mixinStandardHelpOptions = true,
        description = "List the templates the server knows, or validate template YAML files locally.",
        subcommands = {TemplatesCommand.ListTemplates.class, TemplatesCommand.Validate.class})
public final class TemplatesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    @Command(name = "list", description = "List the templates the server has loaded.")
    static final class ListTemplates extends ServerCommand {
        @Override
        protected int run(ApiClient api) {
            JsonNode templates = api.get("/v1/templates");
            if (json()) {
                printJson(templates);
                return 0;
            }
            Table table = new Table("NAMESPACE", "NAME", "VERSION", "STEPS", "DESCRIPTION");
            for (JsonNode t : templates) {
                table.row(text(t.path("namespace")), text(t.path("name")), text(t.path("version")),
                        t.path("steps").size(), text(t.path("description")));
            }
            table.print(out());
            return 0;
        }
    }

    /**
     * Validates with the same {@link TemplateLoader} the platform uses, so "OK" here means the platform will accept
     * the file. Runs without a server, e.g. in CI before deploying templates; with {@code --against} it also checks
     * that no file redefines a version the platform already has (versions are immutable).
     */
    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Validate template YAML files (a directory: its *.yaml/*.yml files). Exit 1 if any is invalid"
                    + " or, with --against, redefines a registered version.")
    static final class Validate implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "FILE_OR_DIR", arity = "1..*", description = "Template files or directories.")
        List<Path> paths;
        @Option(names = "--environment", paramLabel = "ENV", description = "Apply this environment's overrides before validating.")
        String environment;
        @Option(names = "--against", paramLabel = "URL",
                description = "Also compare with the templates registered on this running platform: a namespace/name/version"
                        + " registered with a different definition is an error (bump the version); the same one is OK.")
        String against;
        @Option(names = "--token", paramLabel = "TOKEN",
                description = "Bearer token of the HTTP API given with --against. Default: $TASKER_TOKEN")
        String token;

        /** A template that passed local validation, with the path argument it came from. */
        private record Loaded(Path path, TaskTemplate template) {
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                return validate(out, err);
            } catch (CliException e) {
                err.println("error: " + e.getMessage());
                return e.exitCode();
            } finally {
                out.flush();
                err.flush();
            }
        }

        private int validate(PrintWriter out, PrintWriter err) {
            TemplateLoader loader = new TemplateLoader(environment);
            int errors = 0;
            List<Loaded> loaded = new ArrayList<>();
            for (Path path : paths) { // every path, not just up to the first bad one: fix everything in one pass
                try {
                    List<TaskTemplate> templates = Files.isDirectory(path) ? loader.loadDirectory(path) : List.of(loader.load(path));
                    if (templates.isEmpty()) { // almost certainly the wrong directory; don't let CI pass on it
                        err.println(path + ": no *.yaml or *.yml templates found");
                        errors++;
                    }
                    templates.forEach(t -> loaded.add(new Loaded(path, t)));
                } catch (TemplateValidationException e) {
                    e.errors().forEach(err::println);
                    errors += e.errors().size();
                }
            }
            // one event name, one contract per namespace: also across the files and directories given together
            for (String conflict : io.tasker.templates.EventContracts.conflicts(loaded.stream().map(Loaded::template).toList())) {
                err.println(conflict);
                errors++;
            }
            // asked only after local validation, so the file errors above are printed even if the platform is down
            RegisteredTemplates registered = against == null || loaded.isEmpty() ? null
                    : RegisteredTemplates.fetch(new ApiClient(against, "--against", token));
            for (Loaded l : loaded) {
                TaskTemplate t = l.template();
                String steps = t.steps().size() + (t.steps().size() == 1 ? " step" : " steps");
                if (registered == null) {
                    out.println("OK " + t.key() + " (" + steps + ")");
                    continue;
                }
                Optional<List<String>> differences = registered.differences(t);
                if (differences.isEmpty()) {
                    out.println("OK " + t.key() + " (" + steps + ", not registered yet)");
                } else if (differences.get().isEmpty()) {
                    out.println("OK " + t.key() + " (" + steps + ", same as registered)");
                } else {
                    err.println(l.path() + ": " + TemplateDiff.redefinitionError(t, differences.get()));
                    errors++;
                }
            }
            if (errors > 0) {
                err.println(errors + (errors == 1 ? " error" : " errors"));
            }
            return errors == 0 ? 0 : 1;
        }
    }
}
