package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads docker-compose.yml as docker compose would (variables from .env.example) and answers what ComposeFileTest
 * asks: which services run our image, which command each runs, and that command's picocli model parsed from the
 * service's environment alone (so a required option the environment misses, or a value that does not convert, shows).
 */
final class ComposeCheck {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

    /** Variables that are no tasker option but that our image or code reads, and who reads them. */
    static final Map<String, String> NON_OPTION_VARIABLES = Map.of(
            "JAVA_OPTS", "the Dockerfile's ENTRYPOINT (JVM flags)",
            "TASKER_LOG_LEVEL", "logback.xml (level of the io.tasker loggers)",
            "TASKER_DEBUG", "Main (stack trace of a refused start-up)",
            "OTEL_SERVICE_NAME", "TelemetryConfig.from (service.name of the spans and metrics)",
            "OTEL_EXPORTER_OTLP_ENDPOINT", "TelemetryConfig.from (OTLP endpoint when --otel-endpoint is not set)");

    final Path root;
    final JsonNode compose;
    final Map<String, String> dotEnv;
    final List<String> problems = new ArrayList<>();

    ComposeCheck(Path root, JsonNode compose) {
        this.root = root;
        this.compose = compose;
        this.dotEnv = readDotEnv(root.resolve(".env.example"));
    }

    static Path repositoryRoot() {
        return Path.of("..").toAbsolutePath().normalize();
    }

    static ObjectNode readCompose(Path root) {
        try {
            return (ObjectNode) YAML.readTree(root.resolve("docker-compose.yml").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> readDotEnv(Path file) {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> m = new LinkedHashMap<>();
        p.forEach((k, v) -> m.put(k.toString(), v.toString()));
        return m;
    }

    JsonNode services() {
        return compose.path("services");
    }

    List<String> serviceNames() {
        List<String> names = new ArrayList<>();
        services().fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Services whose image is built from the repository's Dockerfile. */
    List<String> ourServices() {
        return serviceNames().stream().filter(s -> {
            JsonNode build = services().path(s).path("build");
            String context = build.isTextual() ? build.asText() : build.path("context").asText(null);
            return ".".equals(context) || "./".equals(context);
        }).toList();
    }

    /** What docker compose makes of {@code value}: {@code ${VAR}}, {@code ${VAR:?err}}, {@code ${VAR:-default}}, {@code $$}. */
    String interpolate(String where, String value) {
        Matcher m = INTERPOLATION.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else {
                String name = m.group(1);
                String op = m.group(2);
                String set = dotEnv.get(name);
                if (set != null) replacement = set;
                else if (op != null && op.endsWith("-")) replacement = m.group(3);
                else {
                    problems.add(where + " uses ${" + name + "}, which .env.example does not define");
                    replacement = "";
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A service's environment as written (before interpolation), list or map form. */
    Map<String, String> rawEnvironment(String service) {
        JsonNode env = services().path(service).path("environment");
        Map<String, String> m = new LinkedHashMap<>();
        if (env.isObject()) env.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        if (env.isArray()) env.forEach(e -> {
            String s = e.asText();
            int eq = s.indexOf('=');
            m.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
        });
        return m;
    }

    Map<String, String> environment(String service) {
        Map<String, String> m = new LinkedHashMap<>();
        rawEnvironment(service).forEach((k, v) -> m.put(k, interpolate("service " + service + " variable " + k, v)));
        return m;
    }

    List<String> command(String service) {
        JsonNode c = services().path(service).path("command");
        List<String> words = new ArrayList<>();
        if (c.isArray()) c.forEach(w -> words.add(w.asText()));
        else if (c.isTextual()) words.addAll(List.of(c.asText().trim().split("\\s+")));
        return words;
    }

    /** A service's command parsed by {@code tasker}'s picocli model from the service's environment. */
    record Parsed(String service, List<String> words, CommandSpec spec, Set<String> variables, Set<String> mapPrefixes) {
        String name() {
            return String.join(" ", words);
        }

        Object value(String option) {
            OptionSpec o = spec.findOption(option);
            return o == null ? null : o.getValue();
        }
    }

    Optional<Parsed> parse(String service) {
        List<String> words = command(service);
        if (words.isEmpty()) {
            problems.add("service " + service + " runs our image without a command (it would only print --help)");
            return Optional.empty();
        }
        Map<String, String> env = environment(service);
        CommandLine cli = new CommandLine(new Main());
        EnvDefaults defaults = EnvDefaults.install(cli, env);
        CommandLine sub = cli;
        List<String> path = new ArrayList<>();
        for (String w : words) {
            if (!sub.getSubcommands().containsKey(w)) break;
            sub = sub.getSubcommands().get(w);
            path.add(w);
        }
        if (path.isEmpty()) {
            problems.add("service " + service + " runs `tasker " + String.join(" ", words) + "`, which is no tasker command");
            return Optional.empty();
        }
        CommandSpec spec = sub.getCommandSpec();
        Set<String> variables = new TreeSet<>();
        Set<String> mapPrefixes = new TreeSet<>();
        variables.add(EnvDefaults.PREFIX + "CONFIG"); // the root's --config file, read by every command
        for (OptionSpec o : spec.options()) {
            for (String v : EnvDefaults.variables(o)) {
                variables.add(v);
                if (o.typeInfo().isMap()) mapPrefixes.add(v + "_");
            }
        }
        try {
            cli.parseArgs(words.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            problems.add("service " + service + ": `tasker " + String.join(" ", path) + "` refuses its environment: "
                    + defaults.explain(e).orElse(e.getMessage()));
            return Optional.empty();
        }
        return Optional.of(new Parsed(service, path, spec, variables, mapPrefixes));
    }

    /** Host and port of {@code url} (default port by scheme). */
    static String hostPort(String url) {
        URI u = URI.create(url);
        int port = u.getPort() >= 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
        return u.getHost() + ":" + port;
    }

    /** The container ports a service publishes ({@code "8081:8080"} -> 8080). */
    List<Integer> containerPorts(String service) {
        List<Integer> ports = new ArrayList<>();
        services().path(service).path("ports").forEach(p -> {
            String s = p.isTextual() ? p.asText() : p.path("target").asText();
            String target = s.contains(":") ? s.substring(s.lastIndexOf(':') + 1) : s;
            ports.add(Integer.parseInt(target.replaceAll("/.*", "")));
        });
        return ports;
    }

    /** The host ports a service publishes ({@code "8081:8080"} -> 8081). */
    List<String> publishedPorts(String service) {
        List<String> ports = new ArrayList<>();
        services().path(service).path("ports").forEach(p -> {
            String s = p.isTextual() ? p.asText() : p.path("published").asText();
            if (!p.isTextual()) ports.add(s);
            else if (s.contains(":")) ports.add(s.substring(0, s.lastIndexOf(':')));
        });
        return ports;
    }

    /** The words of a service's health check test, without the leading CMD / CMD-SHELL. */
    List<String> healthcheck(String service) {
        JsonNode test = services().path(service).path("healthcheck").path("test");
        List<String> words = new ArrayList<>();
        if (test.isTextual()) words.addAll(List.of(test.asText().split("\\s+")));
        test.forEach(w -> words.add(w.asText()));
        if (!words.isEmpty() && words.get(0).startsWith("CMD")) words.remove(0);
        return words;
    }

    /** The first http URL of a service's health check. */
    Optional<String> healthcheckUrl(String service) {
        return healthcheck(service).stream().filter(w -> w.startsWith("http://")).findFirst();
    }

    /** Where a service mounts a named volume: target path -> volume name. */
    Map<String, String> namedVolumeMounts(String service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        services().path(service).path("volumes").forEach(v -> {
            String source = v.isTextual() ? v.asText().split(":")[0] : v.path("source").asText();
            String target = v.isTextual() ? v.asText().split(":")[1] : v.path("target").asText();
            if (compose.path("volumes").has(source)) mounts.put(target, source);
        });
        return mounts;
    }

    /** Every file path mounted into a service: volume and bind targets and config targets. */
    List<String> mountTargets(String service) {
        List<String> targets = new ArrayList<>();
        services().path(service).path("volumes").forEach(v -> targets.add(v.isTextual() ? v.asText().split(":")[1] : v.path("target").asText()));
        services().path(service).path("configs").forEach(c -> targets.add(c.isTextual() ? "/" + c.asText() : c.path("target").asText("/" + c.path("source").asText())));
        services().path(service).path("secrets").forEach(c -> targets.add(c.isTextual() ? "/run/secrets/" + c.asText() : c.path("target").asText("/run/secrets/" + c.path("source").asText())));
        return targets;
    }

    /** Kafka's advertised listeners: name -> host:port. */
    Map<String, String> advertisedListeners(String kafka) {
        Map<String, String> listeners = new LinkedHashMap<>();
        for (String l : environment(kafka).getOrDefault("KAFKA_ADVERTISED_LISTENERS", "").split(",")) {
            int sep = l.indexOf("://");
            if (sep > 0) listeners.put(l.substring(0, sep).trim(), l.substring(sep + 3).trim());
        }
        return listeners;
    }

    /** Kafka's listener name -> security protocol. */
    Map<String, String> listenerProtocols(String kafka) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String e : environment(kafka).getOrDefault("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "").split(",")) {
            String[] kv = e.trim().split(":");
            if (kv.length == 2) map.put(kv[0], kv[1]);
        }
        return map;
    }
}
