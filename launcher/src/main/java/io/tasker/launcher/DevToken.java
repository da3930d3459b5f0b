package io.tasker.launcher;

import io.tasker.topology.ApiScope;
import io.tasker.topology.ApiTokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;

/**
 * The API token of {@code tasker dev}: a random static token with every scope, kept in the data directory
 * ({@code http-dev-token}, readable by its owner only) so an {@code export TASKER_TOKEN=...} stays valid across
 * restarts; the topology reads its hash from {@code http-tokens} next to it.
 *
 * @param token      the token, to send as {@code Authorization: Bearer <token>}
 * @param tokensFile the tokens file the topology checks tokens against
 */
record DevToken(String token, Path tokensFile) {
    static final String TOKEN_FILE = "http-dev-token";
    static final String TOKENS_FILE = "http-tokens";

    /** The data directory's dev token, created on first use; the tokens file is written anew each start. */
    static DevToken ensure(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            Path tokenFile = dataDir.resolve(TOKEN_FILE);
            String token = Files.exists(tokenFile) ? Files.readString(tokenFile, StandardCharsets.UTF_8).strip() : "";
            if (!token.startsWith(ApiTokens.PREFIX)) {
                token = ApiTokens.generate();
                writeOwnerOnly(tokenFile, token + "\n");
            }
            Path tokensFile = dataDir.resolve(TOKENS_FILE);
            writeOwnerOnly(tokensFile, "# written by `tasker dev` at each start: the hash of " + TOKEN_FILE + "\n"
                    + ApiTokens.line(token, "dev", EnumSet.allOf(ApiScope.class), List.of()) + "\n");
            return new DevToken(token, tokensFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the dev API token in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** How to use the token: the lines {@code tasker dev} prints. */
    List<String> usage(String apiUrl) {
        return List.of("HTTP API token (every scope; kept in " + tokensFile.resolveSibling(TOKEN_FILE) + "):",
                "  export TASKER_TOKEN=" + token,
                "  curl -H \"Authorization: Bearer $TASKER_TOKEN\" " + apiUrl + "/v1/templates",
                "  ./tasker tasks list      (the CLI reads TASKER_TOKEN, or pass --token)");
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // e.g. Windows: the data directory's own permissions protect it
        }
    }
}
