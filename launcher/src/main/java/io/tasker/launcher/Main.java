package io.tasker.launcher;

import io.tasker.launcher.cli.TasksCommand;
import io.tasker.launcher.cli.TemplatesCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tasker} command. */
@Command(name = "tasker", mixinStandardHelpOptions = true, version = "tasker 0.1.0",
        description = "Tasker on Kafka: workflow orchestration on Kafka Streams.",
        subcommands = {DevCommand.class, BenchCommand.class, ServeCommands.Topology.class, ServeCommands.Runner.class, TasksCommand.class, TemplatesCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES",
                System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "java.lang,java.math,java.io,java.net,org.apache.avro.util,io.tasker"));
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
