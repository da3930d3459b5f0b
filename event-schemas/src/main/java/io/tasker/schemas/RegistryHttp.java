package io.tasker.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * The HTTP transport of {@link SchemaRegistryClient}: sends one request to the registry with the configured
 * credentials and TLS trust, retries a refused connection once, and turns transport failures, TLS handshake
 * failures and HTTP 401/403 into {@link SchemaRegistryException}s naming the registry. Credentials never appear
 * in a message. Thread-safe. Package-private: the client is the only API.
 */
final class RegistryHttp {
    // The client's logger on purpose: operators (and tests) configure and watch the registry client's log, and
    // splitting the class must not move its warnings elsewhere.
    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryClient.class);

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = "application/vnd.schemaregistry.v1+json, application/json;q=0.9";
    private static final Duration CONNECT_RETRY_DELAY = Duration.ofMillis(200);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final Duration timeout;
    private final SchemaRegistrySettings settings;
    private final HttpClient http;

    /** One registry response; {@code json} is {@code null} when the body is not a JSON object. */
    record Answer(String method, String path, int status, JsonNode json, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        int errorCode() {
            return json != null && json.path("error_code").canConvertToInt()
                    ? json.path("error_code").asInt() : SchemaRegistryException.NO_ERROR_CODE;
        }

        /** The registry's own message: Confluent's {@code message} field, else the raw body. */
        String message() {
            return json != null && json.hasNonNull("message") ? json.get("message").asText() : abbreviate(body);
        }
    }

    /**
     * @param baseUrl  normalized, without a trailing slash
     * @param timeout  positive; bounds both connecting and each request
     * @param settings validated
     * @throws IllegalArgumentException naming the truststore key when the truststore cannot be loaded
     */
    RegistryHttp(String baseUrl, Duration timeout, SchemaRegistrySettings settings) {
        this.baseUrl = baseUrl;
        this.timeout = timeout;
        this.settings = settings;
        HttpClient.Builder builder = HttpClient.newBuilder()
                // Registries answer small JSON documents; HTTP/2 upgrade negotiation only adds a round trip.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout);
        settings.sslContext().ifPresent(builder::sslContext);
        this.http = builder.build();
    }

    /**
     * {@code baseUrl} stripped of surrounding blanks and trailing slashes.
     *
     * @throws IllegalArgumentException if it is not an absolute http(s) URL
     */
    static String normalizeBaseUrl(String baseUrl) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String url = baseUrl.strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("schema registry URL '" + baseUrl + "' is not a valid URL: " + e.getMessage(), e);
        }
        if (!uri.isAbsolute() || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("schema registry URL '" + baseUrl
                    + "' must be an absolute http:// or https:// URL, e.g. http://localhost:8081");
        }
        return url;
    }

    /**
     * Sends {@code method path} with {@code body} (JSON, or {@code null} for none) and returns whatever the
     * registry answered, except 401/403, which throw.
     */
    Answer call(String method, String path, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("Accept", ACCEPT);
        settings.authorization().ifPresent(a -> builder.header("Authorization", a));
        if (body != null) {
            builder.header("Content-Type", CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = exchange(builder.build(), method, path);
        Answer answer = new Answer(method, path, response.statusCode(), parseOrNull(response.body()), response.body());
        if (answer.status() == 401 || answer.status() == 403) {
            // the registry's body is left out: some echo what they were sent
            throw new SchemaRegistryException("schema registry at " + baseUrl + " answered " + method + " " + path
                    + " with HTTP " + answer.status() + ": " + (answer.status() == 401 ? "authentication failed"
                    : "not authorized (authenticated, but the registry denies this operation)") + "; the client sent "
                    + settings.credentialsKind(), answer.status(), answer.errorCode());
        }
        return answer;
    }

    /** The JSON body of a successful answer; any other answer becomes an exception quoting the registry. */
    JsonNode okJson(Answer a) {
        if (!a.ok()) {
            int code = a.errorCode();
            throw new SchemaRegistryException("schema registry at " + baseUrl + " answered " + a.method() + " "
                    + a.path() + " with HTTP " + a.status()
                    + (code != SchemaRegistryException.NO_ERROR_CODE ? " (error code " + code + ")" : "")
                    + ": " + a.message(), a.status(), code);
        }
        if (a.json() == null) {
            throw new SchemaRegistryException("schema registry at " + baseUrl + " answered " + a.method() + " "
                    + a.path() + " with HTTP " + a.status() + " but a body that is not a JSON object: "
                    + abbreviate(a.body()), a.status(), SchemaRegistryException.NO_ERROR_CODE);
        }
        return a.json();
    }

    private HttpResponse<String> exchange(HttpRequest request, String method, String path) {
        for (int attempt = 1; ; attempt++) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (HttpConnectTimeoutException | ConnectException e) {
                // A registry restarting or a flaky first connection; a second immediate failure is an outage.
                if (attempt >= 2) {
                    throw unreachable(e);
                }
                log.warn("Schema registry at {} refused {} {} ({}); retrying once", baseUrl, method, path, e.toString());
                sleep(CONNECT_RETRY_DELAY);
            } catch (javax.net.ssl.SSLHandshakeException e) {
                throw tlsFailure(e);
            } catch (HttpTimeoutException e) {
                throw new SchemaRegistryException("schema registry at " + baseUrl + " did not answer " + method + " "
                        + path + " within " + timeout.toMillis() + " ms", SchemaRegistryException.NO_RESPONSE,
                        SchemaRegistryException.NO_ERROR_CODE, e);
            } catch (IOException e) {
                for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                    if (c instanceof javax.net.ssl.SSLHandshakeException tls) throw tlsFailure(tls);
                }
                throw unreachable(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("interrupted while calling the schema registry at " + baseUrl,
                        SchemaRegistryException.NO_RESPONSE, SchemaRegistryException.NO_ERROR_CODE, e);
            }
        }
    }

    private SchemaRegistryException tlsFailure(javax.net.ssl.SSLHandshakeException e) {
        boolean untrusted = false;
        for (Throwable c = e; c != null && !untrusted; c = c.getCause()) {
            untrusted = c instanceof java.security.cert.CertPathValidatorException
                    || (c.getMessage() != null && c.getMessage().contains("PKIX path"));
        }
        String hint = untrusted
                ? "the registry's certificate is not trusted: put the CA that signed it in the truststore named by "
                + SchemaRegistrySettings.SSL_TRUSTSTORE_LOCATION + " (" + (settings.truststoreLocation() == null
                ? "not set: the JVM's default truststore was used" : "now " + settings.truststoreLocation()) + ")"
                : e.getMessage();
        return new SchemaRegistryException("TLS handshake with the schema registry at " + baseUrl + " failed: " + hint,
                SchemaRegistryException.NO_RESPONSE, SchemaRegistryException.NO_ERROR_CODE, e);
    }

    private SchemaRegistryException unreachable(IOException e) {
        String cause = e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        return new SchemaRegistryException("schema registry at " + baseUrl + " is unreachable: " + cause,
                SchemaRegistryException.NO_RESPONSE, SchemaRegistryException.NO_ERROR_CODE, e);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static JsonNode parseOrNull(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String abbreviate(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }
}
