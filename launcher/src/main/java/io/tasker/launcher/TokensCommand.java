package io.tasker.launcher;

import io.tasker.topology.ApiScope;
import io.tasker.topology.ApiTokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code tasker tokens create}: a new static API token for the HTTP API ({@code --http-tokens-file}). */
@Command(name = "tokens", mixinStandardHelpOptions = true, description = "Static API tokens of the HTTP API.",
        subcommands = TokensCommand.Create.class)
final class TokensCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a random token: prints it once, and the line for the tokens file (which stores only its SHA-256).")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--name", required = true, description = "Who the token is for (shown in logs and errors), e.g. ci.")
        String name;
        @Option(names = "--scopes", required = true, split = ",", paramLabel = "SCOPE",
                description = "Comma-separated: tasks:read, tasks:submit, tasks:operate (includes tasks:read), admin (everything).")
        List<String> scopes;
        @Option(names = "--namespaces", split = ",", paramLabel = "NAMESPACE",
                description = "Comma-separated namespaces the token is limited to. Default: every namespace")
        List<String> namespaces = new ArrayList<>();
        @Option(names = "--tokens-file", paramLabel = "FILE",
                description = "Also append the line to this tokens file (created readable by its owner only).")
        Path tokensFile;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Set<ApiScope> parsed = new LinkedHashSet<>();
            String line;
            String token = ApiTokens.generate();
            try {
                for (String s : scopes) parsed.add(ApiScope.parse(s));
                line = ApiTokens.line(token, name, parsed, namespaces);
            } catch (IllegalArgumentException e) {
                err.println("error: " + e.getMessage());
                err.flush();
                return 2;
            }
            if (tokensFile != null) {
                boolean created = !Files.exists(tokensFile);
                Files.writeString(tokensFile, line + System.lineSeparator(), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                if (created) {
                    try {
                        Files.setPosixFilePermissions(tokensFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                    } catch (UnsupportedOperationException notPosix) {
                        // the directory's permissions protect it
                    }
                }
            }
            out.println("token (shown only now; give it to '" + name + "' as TASKER_TOKEN or 'Authorization: Bearer <token>'):");
            out.println("  " + token);
            out.println(tokensFile == null ? "line for the tokens file (--http-tokens-file):" : "appended to " + tokensFile + ":");
            out.println("  " + line);
            out.flush();
            return 0;
        }
    }
}
