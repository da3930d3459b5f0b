package io.tasker.launcher.cli;

import io.tasker.examples.Examples;
import io.tasker.launcher.generate.BuildVersions;
import io.tasker.launcher.generate.GeneratedFile;
import io.tasker.launcher.generate.GeneratedFiles;
import io.tasker.launcher.generate.GeneratorException;
import io.tasker.launcher.generate.HandlerGenerator;
import io.tasker.launcher.generate.KnownEvents;
import io.tasker.launcher.generate.ProjectPom;
import io.tasker.launcher.generate.SubscriberGenerator;
import io.tasker.launcher.generate.TemplateGenerator;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateLoader;
import io.tasker.templates.TemplateValidationException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tasker generate ...}: skeletons of a subscriber, a step handler or a template, with their tests. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate a subscriber, a step handler or a template to start from (never overwrites without --force).",
        subcommands = {GenerateCommand.Subscriber.class, GenerateCommand.Handler.class, GenerateCommand.Template.class})
public final class GenerateCommand implements Runnable {
    static final String DEFAULT_PACKAGE = "com.example";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /** Options and output shared by the generators; maps expected failures to {@code error: ...} and exit code 2. */
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".",
                description = "Project directory to write into (created if needed). Default: the current directory.")
        Path dir;
        @Option(names = "--force", description = "Replace files that exist (a pom.xml is never replaced).")
        boolean force;

        @Override
        public final Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                List<GeneratedFiles.Written> written = GeneratedFiles.write(dir, files(), force);
                for (GeneratedFiles.Written w : written) {
                    out.println(switch (w.action()) {
                        case WROTE -> "wrote ";
                        case OVERWROTE -> "replaced ";
                        case KEPT_EXISTING -> "kept existing ";
                    } + w.path().normalize());
                }
                next(out);
                return 0;
            } catch (GeneratorException e) {
                err.println("error: " + e.getMessage());
                return CliException.USAGE;
            } catch (TemplateValidationException e) {
                err.println("error: the templates do not load:");
                e.errors().forEach(m -> err.println("  " + m));
                return CliException.USAGE;
            } finally {
                out.flush();
                err.flush();
            }
        }

        /** What to write, paths relative to {@link #dir}. */
        abstract List<GeneratedFile> files();

        /** What to do next, printed after the files. */
        abstract void next(PrintWriter out);

        /** {@code files} plus a pom.xml for a project of {@code pkg}, written only if the directory has none. */
        List<GeneratedFile> withPom(List<GeneratedFile> files, String pkg) {
            List<GeneratedFile> all = new ArrayList<>();
            String name = dir.toAbsolutePath().normalize().getFileName() == null ? null
                    : dir.toAbsolutePath().normalize().getFileName().toString();
            all.add(ProjectPom.generate(ProjectPom.groupId(pkg), ProjectPom.artifactId(name), BuildVersions.current()));
            all.addAll(files);
            return all;
        }
    }

    @Command(name = "subscriber", mixinStandardHelpOptions = true,
            description = "A subscriber class (one handleXxx(Event) per event, with typed payload accessors), its JUnit"
                    + " test feeding each event's example payload through the SDK test kit, its YAML config, and a"
                    + " pom.xml if the directory has none.")
    static final class Subscriber extends Base {
        @Parameters(paramLabel = "NAME", description = "Subscriber name, e.g. order-notifications (class OrderNotifications).")
        String name;
        @Option(names = "--events", required = true, split = ",", paramLabel = "EVENT",
                description = "Events to handle: system events (task.completed, step.failed, ...) and domain events"
                        + " the templates declare (order.created).")
        List<String> events;
        @Option(names = "--package", paramLabel = "P", defaultValue = DEFAULT_PACKAGE,
                description = "Java package. Default: ${DEFAULT-VALUE}")
        String pkg;
        @Option(names = "--templates", paramLabel = "DIR|FILE",
                description = "Templates whose publishes_events are the domain events. Default: the example templates.")
        Path templates;

        @Override
        List<GeneratedFile> files() {
            KnownEvents known = templates == null
                    ? KnownEvents.of(Examples.templates(null), "the example templates (use --templates for yours)")
                    : KnownEvents.of(load(templates), "the templates in " + templates);
            return withPom(SubscriberGenerator.generate(new SubscriberGenerator.Request(name, pkg,
                    known.resolve(events))), pkg);
        }

        @Override
        void next(PrintWriter out) {
            out.println("next: write the handlers' TODOs, then `mvn test` in " + dir.normalize() + "; run it with its"
                    + " main (reads the .yaml)");
        }

        private static List<TaskTemplate> load(Path p) {
            if (!Files.exists(p)) {
                throw new GeneratorException("--templates " + p + ": no such file or directory");
            }
            TemplateLoader loader = new TemplateLoader(null);
            return Files.isDirectory(p) ? loader.loadDirectory(p) : List.of(loader.load(p));
        }
    }

    @Command(name = "handler", mixinStandardHelpOptions = true,
            description = "A step handler class and its JUnit test (TestStepContext), and a pom.xml if the directory"
                    + " has none.")
    static final class Handler extends Base {
        @Parameters(paramLabel = "NAME", description = "Step or handler name, e.g. charge_card (class ChargeCardHandler).")
        String name;
        @Option(names = "--namespace", paramLabel = "N",
                description = "Namespace: the handler is registered as N.NAME (templates' handler.name).")
        String namespace;
        @Option(names = "--package", paramLabel = "P", defaultValue = DEFAULT_PACKAGE,
                description = "Java package. Default: ${DEFAULT-VALUE}")
        String pkg;

        @Override
        List<GeneratedFile> files() {
            return withPom(HandlerGenerator.generate(new HandlerGenerator.Request(name, namespace, pkg)), pkg);
        }

        @Override
        void next(PrintWriter out) {
            out.println("next: write the step's work, then `mvn test` in " + dir.normalize() + "; a template step runs"
                    + " it with handler: {name: " + HandlerGenerator.handlerName(new HandlerGenerator.Request(name,
                            namespace, pkg)) + "}");
        }
    }

    @Command(name = "template", mixinStandardHelpOptions = true,
            description = "A valid starting template: the steps in a line, with retries, timeouts and one declared"
                    + " event; validated before it is written.")
    static final class Template extends Base {
        @Parameters(paramLabel = "NAME", description = "Template name, e.g. order_fulfillment (file NAME.yaml).")
        String name;
        @Option(names = "--steps", required = true, split = ",", paramLabel = "STEP",
                description = "Step names, in order: each depends on the one before.")
        List<String> steps;
        @Option(names = "--namespace", paramLabel = "N", defaultValue = TemplateGenerator.DEFAULT_NAMESPACE,
                description = "Namespace. Default: ${DEFAULT-VALUE}")
        String namespace;
        @Option(names = "--template-version", paramLabel = "V", defaultValue = "1.0.0",
                description = "Template version. Default: ${DEFAULT-VALUE}")
        String version;

        @Override
        List<GeneratedFile> files() {
            return List.of(TemplateGenerator.generate(new TemplateGenerator.Request(name, namespace, version, steps))
                    .file());
        }

        @Override
        void next(PrintWriter out) {
            out.println("next: ./tasker templates validate " + dir.resolve(name + ".yaml").normalize()
                    + "; write each step's handler with ./tasker generate handler STEP --namespace " + namespace);
        }
    }
}
