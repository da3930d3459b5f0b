package io.tasker.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.templates.TaskTemplate;
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
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tasker templates ...}: list the server's templates, or validate template files locally. */
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
     * the file. Runs without a server, e.g. in CI before deploying templates.
     */
    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Validate template YAML files (a directory: its *.yaml/*.yml files). Exit 1 if any is invalid.")
    static final class Validate implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "FILE_OR_DIR", arity = "1..*", description = "Template files or directories.")
        List<Path> paths;
        @Option(names = "--environment", paramLabel = "ENV", description = "Apply this environment's overrides before validating.")
        String environment;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            TemplateLoader loader = new TemplateLoader(environment);
            int errors = 0;
            for (Path path : paths) { // every path, not just up to the first bad one: fix everything in one pass
                try {
                    List<TaskTemplate> templates = Files.isDirectory(path) ? loader.loadDirectory(path) : List.of(loader.load(path));
                    if (templates.isEmpty()) { // almost certainly the wrong directory; don't let CI pass on it
                        err.println(path + ": no *.yaml or *.yml templates found");
                        errors++;
                    }
                    for (TaskTemplate t : templates) {
                        out.println("OK " + t.key() + " (" + t.steps().size() + (t.steps().size() == 1 ? " step)" : " steps)"));
                    }
                } catch (TemplateValidationException e) {
                    e.errors().forEach(err::println);
                    errors += e.errors().size();
                }
            }
            if (errors > 0) {
                err.println(errors + (errors == 1 ? " error" : " errors"));
            }
            out.flush();
            err.flush();
            return errors == 0 ? 0 : 1;
        }
    }
}
