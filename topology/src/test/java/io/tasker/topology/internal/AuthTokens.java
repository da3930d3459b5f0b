package io.tasker.topology.internal;

import io.tasker.topology.ApiScope;
import io.tasker.topology.ApiTokens;
import io.tasker.topology.HttpAuthConfig;
import io.tasker.topology.internal.auth.Authenticator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Static API tokens for HTTP API tests: one per kind of caller, in a tokens file of a temporary directory. */
final class AuthTokens {
    final String reader = ApiTokens.generate();
    final String submitter = ApiTokens.generate();
    final String operator = ApiTokens.generate();
    final String admin = ApiTokens.generate();
    /** tasks:read, tasks:submit and tasks:operate, limited to namespace "other" (the test template is in "shop"). */
    final String otherNamespace = ApiTokens.generate();
    /** tasks:read limited to "shop". */
    final String shopReader = ApiTokens.generate();
    final Path file;

    AuthTokens(Path dir) {
        List<String> lines = new ArrayList<>(List.of("# test tokens",
                ApiTokens.line(reader, "reader", Set.of(ApiScope.TASKS_READ), Set.of()),
                ApiTokens.line(submitter, "submitter", Set.of(ApiScope.TASKS_SUBMIT), Set.of()),
                ApiTokens.line(operator, "operator", Set.of(ApiScope.TASKS_OPERATE), Set.of()),
                ApiTokens.line(admin, "admin", Set.of(ApiScope.ADMIN), Set.of()),
                ApiTokens.line(otherNamespace, "other-team", Set.of(ApiScope.TASKS_READ, ApiScope.TASKS_SUBMIT, ApiScope.TASKS_OPERATE), Set.of("other")),
                ApiTokens.line(shopReader, "shop-reader", Set.of(ApiScope.TASKS_READ), Set.of("shop"))));
        file = dir.resolve("tokens");
        try {
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Authenticator authenticator() {
        return Authenticator.from(HttpAuthConfig.staticTokens(file));
    }

    /** Like {@link #authenticator()}, with {@code /metrics} needing a token too. */
    Authenticator authenticatorWithMetricsToken() {
        return Authenticator.from(new HttpAuthConfig(true, null, null, null, null, file, false, 30));
    }
}
