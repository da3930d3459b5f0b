package io.tasker.launcher;

import io.tasker.launcher.cli.TasksCommand;
import io.tasker.launcher.cli.TemplatesCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tasker} command. */
@Command(name = "tasker", mixinStandardHelpOptions = true, version = "tasker 0.1.0",
        description = "Tasker on Kafka: workflow orchestration on Kafka Streams.",
        footer = {"", "Every option --foo-bar of `tasker CMD [SUB]` can also be set by the environment variable "
                + "TASKER_CMD_SUB_FOO_BAR or TASKER_CMD_FOO_BAR (first set wins; a flag wins over all), "
                + "or in the --config file as cmd.sub.foo-bar or cmd.foo-bar. The cluster, API and logging options "
                + "(--bootstrap-servers, --schema-registry-*, --topic-prefix, --kafka, --url, --token, --log-format, ...) "
                + "also take TASKER_FOO_BAR / foo-bar. --kafka KEY=VALUE also takes TASKER_KAFKA_SECURITY_PROTOCOL=... per key."},
        subcommands = {DevCommand.class, BenchCommand.class, ServeCommands.Topology.class, ServeCommands.Runner.class,
                ExamplesSubscribersCommand.class, TasksCommand.class, TemplatesCommand.class,
                io.tasker.launcher.cli.SubscribersCommand.class, io.tasker.launcher.cli.RunnersCommand.class,
                io.tasker.launcher.cli.EventsCommand.class, io.tasker.launcher.cli.GenerateCommand.class, TokensCommand.class})
public final class Main implements Runnable {
    @picocli.CommandLine.Option(names = EnvDefaults.CONFIG_OPTION, paramLabel = "FILE", description = "Java properties "
            + "file of settings, keyed by long option name without dashes (bootstrap-servers=..., or runner.http-port=... "
            + "for one command); flags and TASKER_* environment variables win over it. Default: $TASKER_CONFIG.")
    java.nio.file.Path config;

    public static void main(String[] args) {
        System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES",
                System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "java.lang,java.math,java.io,java.net,org.apache.avro.util,io.tasker"));
        CommandLine cli = commandLine(System.getenv());
        // A refused start-up (invalid config, a redefined template version, a topic that cannot be created) is an
        // answer for the user, not a crash: one line saying why, exit code 1. TASKER_DEBUG=1 shows the stack trace.
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (System.getenv("TASKER_DEBUG") != null) e.printStackTrace();
            cmd.getErr().println("error: " + describe(e));
            return 1;
        });
        System.exit(cli.execute(args));
    }

    /** The {@code tasker} command line, every option defaulting from {@code env} by {@link EnvDefaults}' rule. */
    static CommandLine commandLine(java.util.Map<String, String> env) {
        CommandLine cli = new CommandLine(new Main());
        EnvDefaults.install(cli, env);
        return cli;
    }

    /** The exception's message, followed by its causes' when they add something. */
    static String describe(Throwable e) {
        StringBuilder out = new StringBuilder(e.getMessage() == null ? e.getClass().getName() : e.getMessage());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !out.toString().contains(c.getMessage())) out.append(": ").append(c.getMessage());
        }
        return out.toString();
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
