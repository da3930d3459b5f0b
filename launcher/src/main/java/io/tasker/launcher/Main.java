package io.tasker.launcher;

import io.tasker.launcher.cli.TasksCommand;
import io.tasker.launcher.cli.TemplatesCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tasker} command. */
@Command(name = "tasker", mixinStandardHelpOptions = true, version = "tasker 0.1.0",
        description = "Tasker on Kafka: workflow orchestration on Kafka Streams.",
        subcommands = {DevCommand.class, BenchCommand.class, ServeCommands.Topology.class, ServeCommands.Runner.class, TasksCommand.class, TemplatesCommand.class,
                io.tasker.launcher.cli.SubscribersCommand.class, io.tasker.launcher.cli.RunnersCommand.class,
                io.tasker.launcher.cli.EventsCommand.class, io.tasker.launcher.cli.GenerateCommand.class, TokensCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES",
                System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "java.lang,java.math,java.io,java.net,org.apache.avro.util,io.tasker"));
        CommandLine cli = new CommandLine(new Main());
        // A refused start-up (invalid config, a redefined template version, a topic that cannot be created) is an
        // answer for the user, not a crash: one line saying why, exit code 1. TASKER_DEBUG=1 shows the stack trace.
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (System.getenv("TASKER_DEBUG") != null) e.printStackTrace();
            cmd.getErr().println("error: " + describe(e));
            return 1;
        });
        System.exit(cli.execute(args));
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
