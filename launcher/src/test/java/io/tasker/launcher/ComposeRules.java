package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.examples.Examples;
import io.tasker.infra.TopicSpec;
import io.tasker.schemas.TaskerTopics;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The rules ComposeFileTest holds docker-compose.yml to; each returns the problems it finds, naming service and variable. */
final class ComposeRules {
    private static final Set<String> CONDITIONS = Set.of("service_started", "service_healthy", "service_completed_successfully");
    private static final Pattern JAAS_USER = Pattern.compile("username=\"([^\"]*)\"\\s+password=\"([^\"]*)\"");

    private ComposeRules() {
    }

    /** Every variable of a service of our image is read: a TASKER_* one as an option of its command, others by the image. */
    static List<String> variables(ComposeCheck c) {
        for (String s : c.ourServices()) {
            Optional<ComposeCheck.Parsed> parsed = c.parse(s);
            if (parsed.isEmpty()) continue;
            ComposeCheck.Parsed p = parsed.get();
            for (String v : c.rawEnvironment(s).keySet()) {
                if (v.startsWith(EnvDefaults.PREFIX)) {
                    boolean perKey = p.mapPrefixes().stream().anyMatch(pre -> v.startsWith(pre) && v.length() > pre.length());
                    if (!p.variables().contains(v) && !perKey && !ComposeCheck.NON_OPTION_VARIABLES.containsKey(v)) {
                        c.problems.add("service " + s + " sets " + v + ", but `tasker " + p.name() + "` has no option read from it");
                    }
                } else if (!ComposeCheck.NON_OPTION_VARIABLES.containsKey(v)) {
                    c.problems.add("service " + s + " sets " + v + ", which neither `tasker " + p.name() + "` nor our image reads");
                }
            }
        }
        return c.problems;
    }

    /** Every service has a health check (one-shot jobs excepted); every dependency exists and its condition can be met. */
    static List<String> healthAndOrder(ComposeCheck c) {
        for (String s : c.serviceNames()) {
            JsonNode hc = c.services().path(s).path("healthcheck");
            boolean has = !c.healthcheck(s).isEmpty() && !c.healthcheck(s).get(0).equals("NONE") && !hc.path("disable").asBoolean(false);
            if (!has && !oneShot(c, s)) c.problems.add("service " + s + " has no healthcheck");
            dependencies(c, s).forEach((target, condition) -> {
                if (!c.services().has(target)) {
                    c.problems.add("service " + s + " depends_on " + target + ", which is no service");
                } else if (!CONDITIONS.contains(condition)) {
                    c.problems.add("service " + s + " depends_on " + target + " with unknown condition " + condition);
                } else if (condition.equals("service_healthy") && c.healthcheck(target).isEmpty()) {
                    c.problems.add("service " + s + " waits for " + target + " to be healthy, but " + target + " has no healthcheck");
                } else if (condition.equals("service_completed_successfully") && !oneShot(c, target)) {
                    c.problems.add("service " + s + " waits for " + target + " to complete, but " + target + " is no one-shot job (restart: \"no\")");
                }
            });
        }
        return c.problems;
    }

    /** A job that runs once: restart "no", and what depends on it waits for it to complete. */
    static boolean oneShot(ComposeCheck c, String service) {
        if (!"no".equals(c.services().path(service).path("restart").asText())) return false;
        return c.serviceNames().stream().allMatch(s -> !dependencies(c, s).containsKey(service)
                || dependencies(c, s).get(service).equals("service_completed_successfully"));
    }

    static Map<String, String> dependencies(ComposeCheck c, String service) {
        JsonNode d = c.services().path(service).path("depends_on");
        Map<String, String> deps = new LinkedHashMap<>();
        if (d.isArray()) d.forEach(n -> deps.put(n.asText(), "service_started"));
        if (d.isObject()) d.fields().forEachRemaining(e -> deps.put(e.getKey(), e.getValue().path("condition").asText("service_started")));
        return deps;
    }

    /** Whether {@code from} starts after {@code to}, directly or through other dependencies. */
    static boolean startsAfter(ComposeCheck c, String from, String to) {
        Set<String> seen = new HashSet<>();
        List<String> todo = new ArrayList<>(List.of(from));
        while (!todo.isEmpty()) {
            String s = todo.remove(0);
            if (!seen.add(s)) continue;
            for (String d : dependencies(c, s).keySet()) {
                if (d.equals(to)) return true;
                todo.add(d);
            }
        }
        return false;
    }

    /** Kafka, registry and OTLP addresses point at what those services listen on; health checks probe the HTTP port. */
    static List<String> addresses(ComposeCheck c) {
        String kafka = kafkaBroker(c);
        Map<String, String> listeners = c.advertisedListeners(kafka);
        Map<String, String> brokerEnv = c.environment(kafka);
        for (String s : c.ourServices()) {
            Optional<ComposeCheck.Parsed> parsed = c.parse(s);
            if (parsed.isEmpty()) continue;
            ComposeCheck.Parsed p = parsed.get();
            @SuppressWarnings("unchecked")
            Map<String, String> kafkaSettings = p.value("--kafka") instanceof Map<?, ?> m ? (Map<String, String>) m : Map.of();
            Object bootstrap = p.value("--bootstrap-servers");
            if (bootstrap != null) {
                for (String server : bootstrap.toString().split(",")) {
                    Optional<String> listener = listeners.entrySet().stream().filter(e -> e.getValue().equals(server.trim())).map(Map.Entry::getKey).findFirst();
                    if (listener.isEmpty()) {
                        c.problems.add("service " + s + ": bootstrap server " + server + " is none of the listeners " + kafka + " advertises " + listeners.values());
                        continue;
                    }
                    if (!startsAfter(c, s, kafka)) c.problems.add("service " + s + " uses Kafka but does not start after " + kafka);
                    saslMatches(c, s, kafkaSettings, listener.get(), c.listenerProtocols(kafka).get(listener.get()), brokerEnv);
                }
            }
            Object registry = p.value("--schema-registry-url");
            if (registry != null) serviceUrl(c, s, "schema registry URL", registry.toString());
            Object otlp = p.value("--otel-endpoint");
            if (otlp == null) otlp = c.environment(s).get("OTEL_EXPORTER_OTLP_ENDPOINT");
            if (otlp != null) otlpMatchesCollector(c, s, otlp.toString());
            Object httpPort = p.value("--http-port");
            if (httpPort != null && (Integer) httpPort > 0) {
                Optional<String> hc = c.healthcheckUrl(s);
                if (hc.isEmpty() || URI.create(hc.get()).getPort() != (Integer) httpPort) {
                    c.problems.add("service " + s + ": its healthcheck " + c.healthcheck(s) + " does not probe its --http-port " + httpPort);
                }
                if (!c.containerPorts(s).isEmpty() && !c.containerPorts(s).contains(httpPort)) {
                    c.problems.add("service " + s + " publishes " + c.containerPorts(s) + " but serves HTTP on " + httpPort);
                }
            }
            c.environment(s).forEach((v, value) -> {
                if (v.endsWith("_FILE") && !c.mountTargets(s).contains(value)) {
                    c.problems.add("service " + s + ": " + v + "=" + value + " is not a file mounted into the service " + c.mountTargets(s));
                }
                if (v.endsWith("_DIR") && !c.namedVolumeMounts(s).containsKey(value)) {
                    c.problems.add("service " + s + ": " + v + "=" + value + " is not on a named volume, so it is lost with the container");
                }
            });
        }
        String initBootstrap = c.environment("kafka-init").get("BOOTSTRAP");
        if (!listeners.containsValue(initBootstrap)) c.problems.add("service kafka-init: BOOTSTRAP " + initBootstrap + " is none of the listeners of " + kafka);
        Map<String, String> published = new HashMap<>();
        for (String s : c.serviceNames()) {
            for (String port : c.publishedPorts(s)) {
                String other = published.putIfAbsent(port, s);
                if (other != null) c.problems.add("services " + other + " and " + s + " both publish host port " + port);
            }
        }
        return c.problems;
    }

    static String kafkaBroker(ComposeCheck c) {
        return c.serviceNames().stream().filter(s -> c.rawEnvironment(s).containsKey("KAFKA_ADVERTISED_LISTENERS")).findFirst()
                .orElseThrow(() -> new AssertionError("no service sets KAFKA_ADVERTISED_LISTENERS"));
    }

    /** The client's security protocol and mechanism are the listener's, and its SASL user is one the listener knows, with the same password. */
    private static void saslMatches(ComposeCheck c, String s, Map<String, String> client, String listener, String protocol, Map<String, String> broker) {
        String clientProtocol = client.getOrDefault("security.protocol", "PLAINTEXT");
        if (!clientProtocol.equals(protocol)) {
            c.problems.add("service " + s + ": TASKER_KAFKA_SECURITY_PROTOCOL " + clientProtocol + " but listener " + listener + " is " + protocol);
            return;
        }
        if (!protocol.startsWith("SASL_")) return;
        String mechanism = client.getOrDefault("sasl.mechanism", "GSSAPI");
        if (!List.of(broker.getOrDefault("KAFKA_SASL_ENABLED_MECHANISMS", "").split(",")).contains(mechanism)) {
            c.problems.add("service " + s + ": TASKER_KAFKA_SASL_MECHANISM " + mechanism + " is not enabled on the broker");
            return;
        }
        Matcher user = JAAS_USER.matcher(client.getOrDefault("sasl.jaas.config", ""));
        if (!user.find()) {
            c.problems.add("service " + s + ": TASKER_KAFKA_SASL_JAAS_CONFIG names no username and password");
            return;
        }
        String brokerJaas = broker.getOrDefault("KAFKA_LISTENER_NAME_" + listener + "_" + mechanism.replace('-', '_') + "_SASL_JAAS_CONFIG", "");
        Matcher known = Pattern.compile("user_" + Pattern.quote(user.group(1)) + "=\"([^\"]*)\"").matcher(brokerJaas);
        if (!known.find()) c.problems.add("service " + s + ": Kafka user " + user.group(1) + " is not defined on listener " + listener);
        else if (!known.group(1).equals(user.group(2))) c.problems.add("service " + s + ": the password of Kafka user " + user.group(1) + " differs from the broker's");
    }

    private static void serviceUrl(ComposeCheck c, String s, String what, String url) {
        URI u = URI.create(url);
        String target = u.getHost();
        if (!c.services().has(target)) {
            c.problems.add("service " + s + ": " + what + " " + url + " names no service");
            return;
        }
        Optional<String> hc = c.healthcheckUrl(target);
        boolean portOk = c.containerPorts(target).contains(u.getPort()) || hc.map(h -> URI.create(h).getPort() == u.getPort()).orElse(false);
        if (!portOk) c.problems.add("service " + s + ": " + what + " " + url + " uses a port " + target + " does not serve");
        if (hc.isEmpty() || !URI.create(hc.get()).getPath().startsWith(u.getPath())) {
            c.problems.add("service " + s + ": " + what + " " + url + ": " + target + "'s healthcheck does not probe that API");
        }
        if (!startsAfter(c, s, target)) c.problems.add("service " + s + " uses " + target + " but does not start after it");
    }

    /** The OTLP endpoint is the collector's OTLP/HTTP receiver; its health check and its trace exporter agree with its config. */
    private static void otlpMatchesCollector(ComposeCheck c, String s, String url) {
        String collector = URI.create(url).getHost();
        if (!c.services().has(collector)) {
            c.problems.add("service " + s + ": OTLP endpoint " + url + " names no service");
            return;
        }
        JsonNode config = collectorConfig(c, collector);
        String receiver = config.path("receivers").path("otlp").path("protocols").path("http").path("endpoint").asText("");
        if (!receiver.endsWith(":" + URI.create(url).getPort())) {
            c.problems.add("service " + s + ": OTLP endpoint " + url + " is not the OTLP/HTTP receiver of " + collector + " (" + receiver + ")");
        }
        String health = config.path("extensions").path("health_check").path("endpoint").asText("");
        Optional<String> hc = c.healthcheckUrl(collector);
        if (hc.isEmpty() || !health.endsWith(":" + URI.create(hc.get()).getPort())) {
            c.problems.add("service " + collector + ": healthcheck " + c.healthcheck(collector) + " does not probe its health_check extension (" + health + ")");
        }
        config.path("exporters").fields().forEachRemaining(e -> {
            String endpoint = e.getValue().path("endpoint").asText("");
            String host = endpoint.contains("://") ? URI.create(endpoint).getHost() : endpoint.split(":")[0];
            if (e.getKey().startsWith("otlp") && !c.services().has(host)) {
                c.problems.add("service " + collector + ": exporter " + e.getKey() + " sends to " + endpoint + ", which is no service");
            }
        });
        if (!startsAfter(c, s, collector)) c.problems.add("service " + s + " exports to " + collector + " but does not start after it");
    }

    static JsonNode collectorConfig(ComposeCheck c, String collector) {
        for (JsonNode v : c.services().path(collector).path("volumes")) {
            String source = v.asText().split(":")[0];
            if (source.endsWith(".yaml") || source.endsWith(".yml")) {
                try {
                    return ComposeCheck.YAML.readTree(c.root.resolve(source).toFile());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        throw new AssertionError("service " + collector + " mounts no collector config file");
    }

    /** The topology services: one application, each instance with its own id, advertised host and state volume. */
    static List<String> topologyInstances(ComposeCheck c) {
        Map<String, ComposeCheck.Parsed> instances = new LinkedHashMap<>();
        for (String s : c.ourServices()) {
            if (c.command(s).isEmpty() || !c.command(s).get(0).equals("topology")) continue;
            c.parse(s).ifPresent(p -> instances.put(s, p));
        }
        if (instances.size() < 2) c.problems.add("want two topology instances, found " + instances.keySet());
        Set<Object> applicationIds = new TreeSet<>();
        Map<Object, String> instanceIds = new HashMap<>();
        Map<String, String> volumes = new HashMap<>();
        instances.forEach((s, p) -> {
            applicationIds.add(String.valueOf(p.value("--application-id")));
            Object id = p.value("--instance-id");
            if (id == null) c.problems.add("service " + s + " has no TASKER_TOPOLOGY_INSTANCE_ID");
            else if (instanceIds.putIfAbsent(id, s) != null) c.problems.add("services " + instanceIds.get(id) + " and " + s + " share instance id " + id);
            String advertised = c.environment(s).get("TASKER_TOPOLOGY_ADVERTISED_HOST");
            if (!s.equals(advertised)) c.problems.add("service " + s + ": TASKER_TOPOLOGY_ADVERTISED_HOST " + advertised + " is not its service name, so forwarded queries miss it");
            String volume = c.namedVolumeMounts(s).get(String.valueOf(p.value("--state-dir")));
            if (volume != null && volumes.putIfAbsent(volume, s) != null) c.problems.add("services " + volumes.get(volume) + " and " + s + " share the state volume " + volume);
        });
        if (applicationIds.size() > 1) c.problems.add("topology instances of different applications " + applicationIds + ": queries do not forward between them");
        return c.problems;
    }

    /** kafka-init creates exactly the platform's topics and grants each of our services' Kafka users, with the names they use. */
    static List<String> initJob(ComposeCheck c, String script) {
        Map<String, String> env = c.environment("kafka-init");
        String prefix = env.get("TOPIC_PREFIX");
        int partitions = Integer.parseInt(env.get("PARTITIONS"));
        short replication = Short.parseShort(env.get("REPLICATION"));
        Set<String> namespaces = new TreeSet<>();
        Examples.templates(null).forEach(t -> namespaces.add(t.namespace()));
        Map<String, TopicSpec> wanted = new LinkedHashMap<>();
        PlatformTopics.specs(new TaskerTopics(prefix), partitions, replication, namespaces).forEach(t -> wanted.put(t.name(), t));
        Map<String, TopicSpec> created = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^topic \"\\$\\{PREFIX}([^\"]+)\" (\\S+)(.*)$").matcher(script);
        while (m.find()) {
            int n = m.group(2).equals("\"$PARTITIONS\"") ? partitions : Integer.parseInt(m.group(2));
            Map<String, String> configs = new HashMap<>();
            for (String kv : m.group(3).trim().split("\\s+")) if (kv.contains("=")) configs.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            created.put(prefix + m.group(1), new TopicSpec(prefix + m.group(1), n, replication, configs));
        }
        if (!created.equals(wanted)) c.problems.add("kafka-init creates topics " + created.values() + " but the platform needs " + wanted.values());
        for (String s : c.ourServices()) {
            Optional<ComposeCheck.Parsed> p = c.parse(s);
            if (p.isEmpty()) continue;
            if (!Objects.equals(String.valueOf(p.get().value("--topic-prefix")), prefix)) c.problems.add("service " + s + " uses another topic prefix than kafka-init's " + prefix);
            Matcher user = JAAS_USER.matcher(c.environment(s).getOrDefault("TASKER_KAFKA_SASL_JAAS_CONFIG", ""));
            if (user.find() && !script.contains("acl " + user.group(1) + " ")) c.problems.add("service " + s + ": kafka-init grants its Kafka user " + user.group(1) + " no ACL");
            if (p.get().words().get(0).equals("topology") && !env.get("APPLICATION_ID").equals(p.get().value("--application-id"))) {
                c.problems.add("service " + s + ": application id " + p.get().value("--application-id") + " but kafka-init grants APPLICATION_ID " + env.get("APPLICATION_ID"));
            }
            if (p.get().words().get(0).equals("runner") && !env.get("RUNNER_GROUP").equals(p.get().value("--group-id"))) {
                c.problems.add("service " + s + ": group id " + p.get().value("--group-id") + " but kafka-init grants RUNNER_GROUP " + env.get("RUNNER_GROUP"));
            }
        }
        // what it grants each user, binding by binding: ComposeAcls
        String superUsers = c.environment(kafkaBroker(c)).getOrDefault("KAFKA_SUPER_USERS", "");
        if (!List.of(superUsers.split(";")).contains("User:admin")) c.problems.add("kafka-init runs as admin, but KAFKA_SUPER_USERS is " + superUsers);
        return c.problems;
    }
}
