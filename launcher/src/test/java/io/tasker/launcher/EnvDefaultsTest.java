package io.tasker.launcher;

import io.tasker.runner.RunnerConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

class EnvDefaultsTest {
    private static final Set<String> REPRESENTATIVE_TYPES = new java.util.TreeSet<>();

    /** Every command below {@code tasker}, with the words that select it on the command line. */
    private static void commands(CommandLine cl, List<String> path, Map<List<String>, CommandSpec> out) {
        out.put(path, cl.getCommandSpec());
        cl.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().name().equals(name)) return; // an alias
            List<String> p = new ArrayList<>(path);
            p.add(name);
            commands(sub, p, out);
        });
    }

    private static Map<List<String>, CommandSpec> allCommands() {
        Map<List<String>, CommandSpec> all = new java.util.LinkedHashMap<>();
        commands(Main.commandLine(Map.of()), List.of(), all);
        return all;
    }

    /** A value for {@code option} in the environment and a check that it arrived; fails for a type with no sample yet. */
    private record Sample(String env, java.util.function.Predicate<Object> arrived) {
    }

    private static Sample sample(OptionSpec o) {
        Class<?> type = o.type();
        REPRESENTATIVE_TYPES.add(type.getSimpleName());
        if (o.typeInfo().isMap()) return new Sample("k.one=v1,k.two=a,b", v -> v.equals(Map.of("k.one", "v1", "k.two", "a,b")));
        if (o.typeInfo().isCollection()) {
            Class<?> element = o.typeInfo().getAuxiliaryTypes()[0];
            if (element == Path.class) return new Sample("a.yaml,b.yaml", v -> v.equals(List.of(Path.of("a.yaml"), Path.of("b.yaml"))));
            if (element == String.class) return new Sample("x,y", v -> v.equals(List.of("x", "y")));
        }
        if (type == String.class) return new Sample("from-env", "from-env"::equals);
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return new Sample("42", v -> v != null && v.toString().equals("42"));
        }
        if (type == boolean.class || type == Boolean.class) {
            boolean flip = !Boolean.TRUE.equals(o.getValue()) && !"true".equals(o.defaultValue());
            return new Sample(Boolean.toString(flip), v -> Boolean.valueOf(flip).equals(v));
        }
        if (type == Path.class) return new Sample("/tmp/from-env", v -> Path.of("/tmp/from-env").equals(v));
        if (type.isEnum()) {
            Object last = type.getEnumConstants()[type.getEnumConstants().length - 1];
            String name = last.toString().toLowerCase(Locale.ROOT);
            return new Sample(name, v -> last.equals(v));
        }
        if (type == java.time.Instant.class) {
            return new Sample("2026-01-02T03:04:05Z", v -> java.time.Instant.parse("2026-01-02T03:04:05Z").equals(v));
        }
        fail("no sample value for " + o.longestName() + " of type " + type.getName() + ": add one to this test");
        return null;
    }

    private static String specific(List<String> path, OptionSpec o) {
        List<String> parts = new ArrayList<>(path);
        parts.add(o.longestName().substring(2));
        return "TASKER_" + String.join("_", parts).toUpperCase(Locale.ROOT).replace('-', '_');
    }

    @Test
    void everyOptionOfEveryCommandFollowsTheRuleAndTakesItsValueFromTheEnvironment() {
        int checked = 0;
        for (var command : allCommands().entrySet()) {
            List<String> path = command.getKey();
            Map<String, String> env = new HashMap<>();
            Map<String, Sample> samples = new HashMap<>();
            for (OptionSpec o : command.getValue().options()) {
                List<String> vars = EnvDefaults.variables(o);
                if (o.usageHelp() || o.versionHelp() || o.group() != null) {
                    assertThat(vars).as(o.longestName()).isEmpty();
                    continue;
                }
                assertThat(o.longestName()).as("every setting has a long name").startsWith("--");
                assertThat(vars).as("%s of tasker %s", o.longestName(), path).first().isEqualTo(specific(path, o));
                String shared = "TASKER_" + o.longestName().substring(2).toUpperCase(Locale.ROOT).replace('-', '_');
                if (EnvDefaults.SHARED_OPTIONS.contains(o.longestName())) assertThat(vars).last().isEqualTo(shared);
                else if (!path.isEmpty()) assertThat(vars).as("%s of tasker %s is not shared", o.longestName(), path).doesNotContain(shared);
                Sample s = sample(o);
                env.put(vars.get(0), s.env());
                samples.put(o.longestName(), s);
            }
            CommandLine cli = Main.commandLine(env);
            List<String> args = new ArrayList<>(path);
            command.getValue().positionalParameters().forEach(p -> {
                for (int i = 0; i < p.arity().min(); i++) args.add("positional");
            }); // positionals and groups are one call's input, not settings
            command.getValue().argGroups().stream().filter(g -> g.multiplicity().min() > 0)
                    .forEach(g -> args.addAll(List.of(g.options().get(0).longestName(), "{}")));
            CommandLine.ParseResult parsed = cli.parseArgs(args.toArray(String[]::new));
            while (parsed.hasSubcommand()) parsed = parsed.subcommand();
            for (OptionSpec o : parsed.commandSpec().options()) {
                Sample s = samples.get(o.longestName());
                if (s == null) continue;
                assertThat(s.arrived().test(o.getValue())).as("%s of tasker %s from %s=%s, got %s", o.longestName(), path,
                        specific(path, o), s.env(), o.getValue()).isTrue();
                checked++;
            }
        }
        assertThat(checked).as("options checked").isGreaterThan(80);
        assertThat(REPRESENTATIVE_TYPES).contains("String", "int", "long", "boolean", "Map", "List", "Path", "LogFormat");
    }

    private static <T> T parse(Map<String, String> env, Class<T> type, String... args) {
        CommandLine.ParseResult parsed = Main.commandLine(env).parseArgs(args);
        while (parsed.hasSubcommand()) parsed = parsed.subcommand();
        return type.cast(parsed.commandSpec().userObject());
    }

    private static final Map<String, String> CLUSTER = Map.of("TASKER_BOOTSTRAP_SERVERS", "b:9092", "TASKER_SCHEMA_REGISTRY_URL", "http://r");

    @Test
    void theSharedVariablesConfigureEveryServeCommandAndTheCommandSpecificOneWins() {
        Map<String, String> env = new HashMap<>(CLUSTER);
        env.put("TASKER_TOPOLOGY_BOOTSTRAP_SERVERS", "topology-only:9092");
        env.put("TASKER_TOPOLOGY_STATE_DIR", "/tmp/state");
        env.put("TASKER_TOPOLOGY_HTTP_AUTH", "off");
        ServeCommands.Topology topology = parse(env, ServeCommands.Topology.class, "topology");
        assertThat(topology.config().bootstrapServers()).isEqualTo("topology-only:9092");
        assertThat(topology.config().schemaRegistryUrl()).isEqualTo("http://r");
        RunnerConfig runner = parse(env, ServeCommands.Runner.class, "runner").config(Set.of("shop"));
        assertThat(runner.bootstrapServers()).isEqualTo("b:9092");
    }

    @Test
    void aFlagWinsOverTheEnvironment() {
        Map<String, String> env = new HashMap<>(CLUSTER);
        env.put("TASKER_RUNNER_HTTP_PORT", "9191");
        env.put("TASKER_KAFKA", "security.protocol=SASL_SSL,sasl.mechanism=PLAIN");
        env.put("TASKER_RUNNER_READ_UNCOMMITTED_COMMANDS", "false");
        RunnerConfig fromEnv = parse(env, ServeCommands.Runner.class, "runner").config(Set.of("shop"));
        assertThat(fromEnv.httpPort()).isEqualTo(9191);
        assertThat(fromEnv.clientOverrides()).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN");
        assertThat(fromEnv.readUncommittedCommands()).isFalse();

        RunnerConfig flags = parse(env, ServeCommands.Runner.class, "runner", "--http-port", "9292",
                "--kafka", "security.protocol=SSL", "--read-uncommitted-commands", "--bootstrap-servers", "flag:9092").config(Set.of("shop"));
        assertThat(flags.httpPort()).isEqualTo(9292);
        assertThat(flags.clientOverrides()).containsEntry("security.protocol", "SSL").doesNotContainKey("sasl.mechanism");
        assertThat(flags.readUncommittedCommands()).isTrue();
        assertThat(flags.bootstrapServers()).isEqualTo("flag:9092");
    }

    @Test
    void keyValueEntriesMayHoldCommasAndRepeatableOptionsAreCommaSeparated() {
        Map<String, String> env = new HashMap<>(CLUSTER);
        env.put("TASKER_REDACTION", "keys=password,pin,mask=XXX,value.patterns=/sk_live_\\w+/");
        env.put("TASKER_RUNNER_TEMPLATE", "a.yaml, b.yaml");
        ServeCommands.Runner runner = parse(env, ServeCommands.Runner.class, "runner");
        assertThat(runner.redaction).containsExactly(Map.entry("keys", "password,pin"), Map.entry("mask", "XXX"),
                Map.entry("value.patterns", "/sk_live_\\w+/"));
        assertThat(runner.templateFiles).containsExactly(Path.of("a.yaml"), Path.of("b.yaml"));
    }

    @Test
    void theOldVariablesFollowTheRuleToo() {
        assertThat(parse(Map.of("TASKER_URL", "http://api:9000"), Object.class, "tasks", "list"))
                .extracting("api.url").isEqualTo("http://api:9000");
        assertThat(parse(Map.of("TASKER_TASKS_URL", "http://tasks:1", "TASKER_URL", "http://api:9000"), Object.class, "tasks", "list"))
                .extracting("api.url").isEqualTo("http://tasks:1");
        Map<String, String> env = new HashMap<>(CLUSTER);
        env.put("TASKER_LOG_FORMAT", "json");
        env.put("TASKER_TRACING", "on");
        ServeCommands.Runner runner = parse(env, ServeCommands.Runner.class, "runner");
        assertThat(runner.logFormat.effective()).isEqualTo(LogFormat.JSON);
        assertThat(runner.otel.tracing).isEqualTo(io.tasker.telemetry.TelemetryConfig.Tracing.ON);
    }

    private static String failure(Map<String, String> env, String... args) {
        CommandLine cli = Main.commandLine(env);
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute(args)).isEqualTo(2);
        return err.toString();
    }

    @Test
    void aBadValueInTheEnvironmentIsAnErrorNamingTheVariableAndTheValue() {
        Map<String, String> env = new HashMap<>(CLUSTER);
        env.put("TASKER_RUNNER_HTTP_PORT", "eighty");
        assertThat(failure(env, "runner")).startsWith("error: environment variable TASKER_RUNNER_HTTP_PORT='eighty'")
                .contains("--http-port");
        env.remove("TASKER_RUNNER_HTTP_PORT");
        env.put("TASKER_LOG_FORMAT", "xml");
        assertThat(failure(env, "runner")).contains("TASKER_LOG_FORMAT='xml'");
        env.remove("TASKER_LOG_FORMAT");
        env.put("TASKER_RUNNER_KAFKA", "no-equals-sign");
        assertThat(failure(env, "runner")).contains("TASKER_RUNNER_KAFKA='no-equals-sign'").contains("KEY=VALUE");
    }

    @Test
    void onlyTheClusterApiAndLoggingOptionsTakeASharedVariable() {
        Map<String, String> env = new HashMap<>(CLUSTER);
        env.put("TASKER_VERSION", "9.9.9");
        env.put("TASKER_OUTPUT", "json");
        env.put("TASKER_NAMESPACE", "other");
        env.put("TASKER_HTTP_PORT", "1");
        assertThat(parse(env, Object.class, "tasks", "list")).extracting("output").isNotEqualTo("json");
        assertThat(parse(env, Object.class, "tasks", "list")).extracting("namespace").isNull();
        assertThat(parse(env, ServeCommands.Runner.class, "runner").config(Set.of("shop")).httpPort()).isNotEqualTo(1);
        env.put("TASKER_TASKS_LIST_NAMESPACE", "orders");
        assertThat(parse(env, Object.class, "tasks", "list")).extracting("namespace").isEqualTo("orders");
    }

    @Test
    void aKeyValueOptionTakesOneVariablePerKeyMergedAcrossLevels() {
        Map<String, String> env = new HashMap<>(CLUSTER);
        env.put("TASKER_KAFKA", "security.protocol=SASL_PLAINTEXT,sasl.mechanism=PLAIN");
        env.put("TASKER_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("TASKER_KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"a,b=c\";");
        env.put("TASKER_RUNNER_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        env.put("TASKER_TOPOLOGY_KAFKA_CLIENT_ID", "not-the-runner");
        RunnerConfig runner = parse(env, ServeCommands.Runner.class, "runner").config(Set.of("shop"));
        assertThat(runner.clientOverrides())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"a,b=c\";")
                .doesNotContainKey("client.id");
        RunnerConfig flag = parse(env, ServeCommands.Runner.class, "runner", "--kafka", "client.id=flag").config(Set.of("shop"));
        assertThat(flag.clientOverrides()).as("a flag replaces the variables").containsEntry("client.id", "flag").doesNotContainKey("security.protocol");
    }

    @Test
    void aMissingRequiredSettingStillSaysWhichOptionIsMissing() {
        assertThat(failure(Map.of(), "runner")).contains("--bootstrap-servers");
    }

    @Test
    void variableNamesOfACommandAndItsSubcommand() {
        Map<List<String>, CommandSpec> all = allCommands();
        OptionSpec url = all.get(List.of("tasks", "submit")).findOption("--url");
        assertThat(EnvDefaults.variables(url)).containsExactly("TASKER_TASKS_SUBMIT_URL", "TASKER_TASKS_URL", "TASKER_URL");
        OptionSpec bootstrap = all.get(List.of("topology")).findOption("--bootstrap-servers");
        assertThat(EnvDefaults.variables(bootstrap)).containsExactly("TASKER_TOPOLOGY_BOOTSTRAP_SERVERS", "TASKER_BOOTSTRAP_SERVERS");
        Collection<String> none = EnvDefaults.variables(all.get(List.of("topology")).findOption("--help"));
        assertThat(none).isEmpty();
    }
    @org.junit.jupiter.api.io.TempDir
    Path dir;

    private Path configFile(String... lines) throws java.io.IOException {
        return java.nio.file.Files.write(dir.resolve("tasker.properties"), List.of(lines));
    }

    @Test
    void aConfigFileIsReadAfterTheEnvironmentAndItsCommandKeyBeatsItsSharedKey() throws Exception {
        Path file = configFile("bootstrap-servers=file:9092", "schema-registry-url=http://file-registry",
                "runner.bootstrap-servers=runner-file:9092", "runner.http-port=7070", "http-port=6060", "runner.kafka=client.id=file,linger.ms=5");
        Map<String, String> env = Map.of("TASKER_SCHEMA_REGISTRY_URL", "http://env-registry");
        RunnerConfig runner = parse(env, ServeCommands.Runner.class, "--config", file.toString(), "runner").config(Set.of("shop"));
        assertThat(runner.bootstrapServers()).isEqualTo("runner-file:9092");
        assertThat(runner.schemaRegistryUrl()).as("environment beats file").isEqualTo("http://env-registry");
        assertThat(runner.httpPort()).as("http-port is not a shared key").isEqualTo(7070);
        assertThat(runner.clientOverrides()).containsEntry("client.id", "file").containsEntry("linger.ms", "5");

        RunnerConfig flagged = parse(Map.of("TASKER_CONFIG", file.toString()), ServeCommands.Runner.class, "runner", "--http-port", "1")
                .config(Set.of("shop"));
        assertThat(flagged.httpPort()).as("flag beats file; TASKER_CONFIG names the file").isEqualTo(1);
        assertThat(flagged.bootstrapServers()).isEqualTo("runner-file:9092");
    }

    @Test
    void aBadValueOrAMissingConfigFileIsAnErrorNamingTheFileAndKey() throws Exception {
        Path file = configFile("bootstrap-servers=b:9092", "schema-registry-url=http://r", "runner.http-port=eighty");
        assertThat(failure(Map.of(), "--config", file.toString(), "runner"))
                .contains("config file " + file + ": runner.http-port='eighty'").contains("--http-port");
        assertThat(failure(Map.of(), "--config", dir.resolve("missing.properties").toString(), "runner"))
                .contains("missing.properties cannot be read");
    }
}
