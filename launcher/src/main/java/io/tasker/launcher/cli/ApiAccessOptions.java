package io.tasker.launcher.cli;

import picocli.CommandLine.Option;

/** {@code --url} and {@code --token}: where the HTTP API is and who calls it, for every command that talks to it. */
public final class ApiAccessOptions {
    @Option(names = "--url", defaultValue = "http://localhost:8080",
            description = "Tasker HTTP API. Default: $TASKER_URL, else http://localhost:8080")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Bearer token of the HTTP API (a static API token or a JWT). Default: $TASKER_TOKEN")
    String token;

    /** A client of the API at {@code --url} sending {@code --token}. */
    public ApiClient client() {
        return new ApiClient(url, token);
    }
}
