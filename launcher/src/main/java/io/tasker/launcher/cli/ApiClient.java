package io.tasker.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The one HTTP helper behind every server command: JSON in and out, retries while the server says 503, and every
 * failure turned into a {@link CliException} carrying the CLI's exit code, so commands only deal with the happy path.
 *
 * <p>The only HTTP transport of the launcher: {@code TaskerClient} (demo, benchmark, tests) is a thin layer over it.
 * Thread-safe.
 */
public final class ApiClient {
    public static final ObjectMapper JSON = new ObjectMapper();
    /** Total tries for a request answered 503 (the topology answers 503 while its stores restore or rebalance). */
    static final int ATTEMPTS = 4;
    private static final Duration DEFAULT_RETRY_WAIT = Duration.ofSeconds(1);
    /** A misconfigured Retry-After must not make a CLI call hang for minutes. */
    private static final Duration MAX_RETRY_WAIT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** A raw answer, for callers that treat some non-2xx statuses as normal (e.g. 404 while waiting). */
    public record Reply(int status, JsonNode body) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    private final String baseUrl;
    /** {@code Bearer <token>}, or null to send no Authorization header. */
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // the API is plain HTTP/1.1; skip the h2c upgrade dance
            .connectTimeout(Duration.ofSeconds(5)).build();

    public ApiClient(String baseUrl) {
        this(baseUrl, null);
    }

    /** @param token bearer token of the HTTP API ({@code --token}, {@code TASKER_TOKEN}); null or blank = none */
    public ApiClient(String baseUrl, String token) {
        this(baseUrl, "--url", token);
    }

    /** @param option the CLI option the URL came from, named when the URL is invalid */
    ApiClient(String baseUrl, String option, String token) {
        this.authorization = token == null || token.isBlank() ? null : "Bearer " + token.strip();
        String url = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        try {
            URI uri = URI.create(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            throw new CliException(CliException.USAGE, "invalid " + option + " '" + baseUrl + "': " + e.getMessage());
        }
        this.baseUrl = url;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** GET and return the body of a 2xx answer. */
    JsonNode get(String path) {
        return expectOk(exchange("GET", path, null));
    }

    /** POST a JSON body and return the body of a 2xx answer. */
    JsonNode post(String path, JsonNode body) {
        return expectOk(exchange("POST", path, body));
    }

    /**
     * Sends a request, retrying while the answer is 503 (honouring Retry-After), and returns whatever came last.
     *
     * @throws CliException if the server cannot be reached
     */
    public Reply exchange(String method, String path, JsonNode body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (authorization != null) builder.header("Authorization", authorization);
        HttpRequest request = builder.build();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> r = send(request);
            if (r.statusCode() != 503 || attempt == ATTEMPTS) {
                return new Reply(r.statusCode(), parse(r.body()));
            }
            sleep(retryAfter(r));
        }
    }

    /**
     * The body of a 2xx reply.
     *
     * @throws CliException with the server's message: exit 2 for 4xx, 3 for 5xx (503 only once retries are spent)
     */
    JsonNode expectOk(Reply r) {
        if (r.ok()) {
            return r.body();
        }
        String message = message(r);
        if (r.status() == 401) {
            throw new CliException(CliException.USAGE, "not authenticated by Tasker at " + baseUrl + ": " + message
                    + (authorization == null ? " (pass --token or set TASKER_TOKEN)" : " (check --token / TASKER_TOKEN)"));
        }
        if (r.status() == 403) {
            throw new CliException(CliException.USAGE, "not allowed: " + message + " (ask for a token with that scope or namespace)");
        }
        if (r.status() >= 400 && r.status() < 500) {
            throw new CliException(CliException.USAGE, message);
        }
        if (r.status() == 503) {
            throw new CliException(CliException.UNAVAILABLE, "Tasker at " + baseUrl + " is unavailable (still 503 after "
                    + ATTEMPTS + " attempts): " + message);
        }
        throw new CliException(CliException.UNAVAILABLE, "Tasker at " + baseUrl + " failed (HTTP " + r.status() + "): " + message);
    }

    /** Encodes one path segment (task id, step name) so odd characters cannot change the route. */
    public static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CliException(CliException.UNAVAILABLE, "cannot connect to Tasker at " + baseUrl
                    + " (is it running? set --url or TASKER_URL)");
        } catch (HttpTimeoutException e) {
            throw new CliException(CliException.UNAVAILABLE, "no answer from Tasker at " + baseUrl + ": " + e.getMessage());
        } catch (IOException e) {
            throw new CliException(CliException.UNAVAILABLE, request.method() + " " + request.uri() + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.UNAVAILABLE, "interrupted");
        }
    }

    /** The server's {@code error} text plus any {@code details}, one per line; falls back to the raw body. */
    private static String message(Reply r) {
        JsonNode body = r.body();
        if (body == null || body.isNull()) {
            return "HTTP " + r.status();
        }
        if (body.isTextual()) {
            return body.asText().isBlank() ? "HTTP " + r.status() : body.asText().strip();
        }
        StringBuilder sb = new StringBuilder(body.path("error").asText("HTTP " + r.status()));
        for (JsonNode d : body.path("details")) {
            sb.append(System.lineSeparator()).append("  ").append(d.isTextual() ? d.asText() : d.toString());
        }
        return sb.toString();
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException notJson) { // e.g. a proxy's HTML error page: keep it for the message
            return TextNode.valueOf(body);
        }
    }

    private static Duration retryAfter(HttpResponse<?> r) {
        // Only the delta-seconds form; the topology never sends an HTTP date.
        return r.headers().firstValue("Retry-After").map(v -> {
            try {
                Duration d = Duration.ofSeconds(Long.parseLong(v.trim()));
                return d.isNegative() ? Duration.ZERO : d.compareTo(MAX_RETRY_WAIT) > 0 ? MAX_RETRY_WAIT : d;
            } catch (NumberFormatException e) {
                return DEFAULT_RETRY_WAIT;
            }
        }).orElse(DEFAULT_RETRY_WAIT);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.UNAVAILABLE, "interrupted");
        }
    }
}
