package io.tasker.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasker.schemas.RegistryHttp.Answer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A client of the Confluent Schema Registry REST API (v7), restricted to Avro. It works against Confluent
 * Schema Registry and against registries offering a Confluent-compatible API, such as Apicurio Registry's
 * {@code /apis/ccompat/v7}.
 *
 * <p><b>Threading:</b> thread-safe; one instance per registry is meant to be shared by every serde of an
 * application (see {@link #shared(String)}), so that schema ids and schemas are fetched once per JVM.
 *
 * <p><b>Caching:</b> ids of (subject, schema) pairs and schemas by id are cached forever: in the Confluent
 * model both are immutable once assigned.
 *
 * <p><b>Nullability:</b> no argument may be {@code null}; no method returns {@code null}.
 *
 * <p><b>Errors:</b> every failure is a {@link SchemaRegistryException} whose message names the registry URL,
 * the subject or the schema id involved. A connection failure is retried once; nothing else is retried.
 */
public final class SchemaRegistryClient {
    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryClient.class);

    /** Used when no timeout is given: long enough for a registry under load, short enough to surface an outage. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ConcurrentMap<SharedKey, SchemaRegistryClient> SHARED = new ConcurrentHashMap<>();

    private final String baseUrl;
    private final RegistryHttp http;
    private final ConcurrentMap<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    private record SubjectSchema(String subject, Schema schema) {
    }

    private record SharedKey(String baseUrl, SchemaRegistrySettings settings) {
    }

    /** A client of the registry at {@code baseUrl} (e.g. {@code http://localhost:8081}) with {@link #DEFAULT_TIMEOUT}. */
    public SchemaRegistryClient(String baseUrl) {
        this(baseUrl, DEFAULT_TIMEOUT);
    }

    /**
     * A client of the registry at {@code baseUrl}; {@code timeout} bounds both connecting and each request.
     *
     * @throws IllegalArgumentException if {@code baseUrl} is not an absolute http(s) URL or timeout is not positive
     */
    public SchemaRegistryClient(String baseUrl, Duration timeout) {
        this(baseUrl, timeout, SchemaRegistrySettings.none());
    }

    /**
     * A client of the registry at {@code baseUrl} that authenticates and trusts certificates as {@code settings} say.
     *
     * @throws IllegalArgumentException if {@code baseUrl} is not an absolute http(s) URL, timeout is not positive or
     *                                  the settings are invalid (the message names the key, never a secret)
     */
    public SchemaRegistryClient(String baseUrl, Duration timeout, SchemaRegistrySettings settings) {
        this.baseUrl = RegistryHttp.normalizeBaseUrl(baseUrl);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(settings, "settings").validate();
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        this.http = new RegistryHttp(this.baseUrl, timeout, settings);
    }

    /**
     * The JVM-wide client of the registry at {@code baseUrl}, created on first use. Serdes use it so that all
     * serdes of one application share one HTTP client and one set of caches.
     */
    public static SchemaRegistryClient shared(String baseUrl) {
        return shared(baseUrl, SchemaRegistrySettings.none());
    }

    /** The JVM-wide client of the registry at {@code baseUrl} with {@code settings} (one per URL and settings). */
    public static SchemaRegistryClient shared(String baseUrl, SchemaRegistrySettings settings) {
        SharedKey key = new SharedKey(RegistryHttp.normalizeBaseUrl(baseUrl), Objects.requireNonNull(settings, "settings"));
        return SHARED.computeIfAbsent(key,
                k -> new SchemaRegistryClient(k.baseUrl(), DEFAULT_TIMEOUT, k.settings()));
    }

    /** The base URL requests are sent to, without a trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    /**
     * Registers {@code schema} under {@code subject} (a no-op on the registry side if it is already
     * registered there) and returns its global id.
     *
     * @throws SchemaRegistryException with HTTP status 409 if the registry's compatibility rule rejects it
     */
    public int register(String subject, Schema schema) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        String path = "/subjects/" + encode(subject) + "/versions";
        Answer answer = http.call("POST", path, schemaBody(schema));
        if (answer.status() == 409) {
            // Apicurio answers 409 to the loser of two concurrent first registrations of the same schema
            // (several stream threads or workers starting at once); the schema is then there to look up.
            try {
                return lookup(subject, schema);
            } catch (SchemaRegistryException notThere) {
                throw new SchemaRegistryException("schema for subject '" + subject
                        + "' is incompatible with the registered versions: " + answer.message(),
                        answer.status(), answer.errorCode());
            }
        }
        if (answer.status() == 422) {
            throw new SchemaRegistryException("schema for subject '" + subject
                    + "' was rejected as invalid by the schema registry at " + baseUrl + ": " + answer.message(),
                    answer.status(), answer.errorCode());
        }
        int id = requireId(http.okJson(answer), answer);
        idsBySubjectSchema.put(key, id);
        // The registry hands this exact schema back for the id, so readers in this JVM need not ask for it.
        schemasById.putIfAbsent(id, schema);
        log.info("Registered schema {} under subject '{}' in {} as id {}", schema.getFullName(), subject, baseUrl, id);
        return id;
    }

    /**
     * Returns the id of {@code schema} if it is already registered under {@code subject}, without registering
     * anything; for producers that must not create schemas ({@code auto.register.schemas=false}).
     *
     * @throws SchemaRegistryException with HTTP status 404 if the subject or the schema under it is unknown
     */
    public int lookup(String subject, Schema schema) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        String path = "/subjects/" + encode(subject);
        Answer answer = http.call("POST", path, schemaBody(schema));
        if (answer.status() == 404) {
            throw new SchemaRegistryException("schema " + schema.getFullName() + " is not registered under subject '"
                    + subject + "' in the schema registry at " + baseUrl + " (register it first, or enable "
                    + "auto.register.schemas): " + answer.message(), answer.status(), answer.errorCode());
        }
        int id = requireId(http.okJson(answer), answer);
        idsBySubjectSchema.put(key, id);
        schemasById.putIfAbsent(id, schema);
        log.debug("Schema {} is registered under subject '{}' as id {}", schema.getFullName(), subject, id);
        return id;
    }

    /**
     * The schema registered with global id {@code id}.
     *
     * @throws SchemaRegistryException with HTTP status 404 if no schema has that id, or if the schema is not Avro
     */
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        Answer response = http.call("GET", "/schemas/ids/" + id, null);
        if (response.status() == 404) {
            throw new SchemaRegistryException("schema id " + id + " not found in registry " + baseUrl,
                    response.status(), response.errorCode());
        }
        JsonNode answer = http.okJson(response);
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw new SchemaRegistryException("schema id " + id + " in registry " + baseUrl + " is a " + type
                    + " schema; only Avro is supported", 200, SchemaRegistryException.NO_ERROR_CODE);
        }
        JsonNode text = answer.get("schema");
        if (text == null || !text.isTextual()) {
            throw new SchemaRegistryException("schema registry at " + baseUrl + " answered GET /schemas/ids/" + id
                    + " without a 'schema' string: " + answer, 200, SchemaRegistryException.NO_ERROR_CODE);
        }
        Schema schema;
        try {
            // A fresh parser per schema: parsers are not thread-safe and remember every name they have seen.
            schema = new Schema.Parser().parse(text.asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException("schema id " + id + " in registry " + baseUrl
                    + " is not a valid Avro schema: " + e.getMessage(), 200, SchemaRegistryException.NO_ERROR_CODE, e);
        }
        Schema previous = schemasById.putIfAbsent(id, schema);
        log.debug("Fetched schema id {} ({}) from {}", id, schema.getFullName(), baseUrl);
        return previous != null ? previous : schema;
    }

    /**
     * Sets the compatibility level of {@code subject}: {@code NONE}, {@code BACKWARD}, {@code FORWARD},
     * {@code FULL} or their {@code _TRANSITIVE} variants. Works before the subject has any version.
     */
    public void setCompatibility(String subject, String level) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(level, "level");
        ObjectNode body = JSON.createObjectNode().put("compatibility", level);
        http.okJson(http.call("PUT", "/config/" + encode(subject), body.toString()));
        log.info("Compatibility of subject '{}' in {} set to {}", subject, baseUrl, level);
    }

    /**
     * Whether {@code schema} could be registered under {@code subject} given its compatibility level and
     * latest version. A subject without versions accepts any schema, so this is {@code true} for it.
     */
    public boolean isCompatible(String subject, Schema schema) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        Answer response = http.call("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest", schemaBody(schema));
        // 40401 subject not found (Confluent), 40402 version not found (Apicurio for an unknown subject).
        if (response.status() == 404 && (response.errorCode() == 40401 || response.errorCode() == 40402)) {
            return true;
        }
        JsonNode answer = http.okJson(response);
        JsonNode verdict = answer.get("is_compatible");
        if (verdict == null || !verdict.isBoolean()) {
            throw new SchemaRegistryException("schema registry at " + baseUrl
                    + " answered a compatibility check without 'is_compatible': " + answer, 200,
                    SchemaRegistryException.NO_ERROR_CODE);
        }
        return verdict.booleanValue();
    }

    /**
     * The start-up check: one light request ({@code GET /schemas/types}) so that wrong credentials or an untrusted
     * certificate stop the component at once with a clear error, instead of failing every record later. A registry
     * that is down (no answer, 5xx) is only logged: components ride out registry outages.
     *
     * @throws SchemaRegistryException on HTTP 401/403 or a failed TLS handshake, naming the registry and the setting
     */
    public void checkAccess() {
        try {
            Answer a = http.call("GET", "/schemas/types", null);
            if (!a.ok() && a.status() != 404) {
                log.warn("Schema registry at {} answered the start-up check with HTTP {}; continuing, requests are retried",
                        baseUrl, a.status());
            }
        } catch (SchemaRegistryException e) {
            if (e.httpStatus() == 401 || e.httpStatus() == 403 || e.getCause() instanceof javax.net.ssl.SSLHandshakeException) {
                throw e;
            }
            log.warn("Schema registry at {} not available at start-up ({}); continuing, requests are retried", baseUrl,
                    e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "SchemaRegistryClient[" + baseUrl + "]";
    }

    private static String schemaBody(Schema schema) {
        // Schema.toString() is canonical for a given Schema object; registries that compare schema text
        // (Apicurio does) then see the same text for the same schema and do not create spurious versions.
        return JSON.createObjectNode().put("schemaType", "AVRO").put("schema", schema.toString()).toString();
    }

    private int requireId(JsonNode json, Answer answer) {
        JsonNode id = json.get("id");
        if (id == null || !id.canConvertToInt()) {
            throw new SchemaRegistryException("schema registry at " + baseUrl + " answered " + answer.method() + " "
                    + answer.path() + " without a numeric 'id': " + json, answer.status(),
                    SchemaRegistryException.NO_ERROR_CODE);
        }
        return id.intValue();
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
